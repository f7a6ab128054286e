"""Real Chromium, the real extension, the real backend: fixtures for the extension's e2e tests.

Chromium is driven by Playwright in a persistent context (extensions need one) with the
extension loaded from a copy in tmp_path. The backend is `create_app` (through the `make_app`
fixture of tests/conftest.py) served on a free loopback port in a thread; article pages come
from pytest-httpserver at http://localhost:PORT/.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
SEED = REPO / ".." / "shared" / "seeds" / "al-sahawat-times.html"
SEED_PATH = "/world/russia-venezuela-military-exit-impossible/"
PAGES = Path(__file__).resolve().parent / "pages"
HOST = "provenance-lens-overlay"
HIGHLIGHT_NAME = "provenance-lens-evidence"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Where the screenshots go; docs/extension.md shows the copies in docs/img.
SCREENSHOT_DIR_ENV = "PROVENANCE_SCREENSHOT_DIR"


# --- the backend ----------------------------------------------------------------------------


@dataclass
class Backend:
    """The real app on a free port, recording each request it receives."""

    app: Any
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _server: Any = None

    def __post_init__(self) -> None:
        from flask import request

        @self.app.before_request
        def record() -> None:
            self.requests.append(
                {
                    "method": request.method,
                    "path": request.path,
                    "json": request.get_json(silent=True),
                    "origin": request.headers.get("Origin"),
                }
            )

    def start(self) -> Backend:
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def scores(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == "/v1/score"]


@pytest.fixture
def start_backend(make_app: Callable[..., Any]) -> Iterator[Callable[..., Backend]]:
    """Start a backend (private addresses allowed, so it can fetch the local test pages)."""
    started: list[Backend] = []

    def start(**settings: Any) -> Backend:
        backend = Backend(make_app(**settings)).start()
        started.append(backend)
        return backend

    yield start
    for backend in started:
        backend.stop()


@pytest.fixture
def backend(start_backend: Callable[..., Backend]) -> Backend:
    return start_backend()


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def page_server() -> Iterator[Any]:
    """pytest-httpserver for the article pages, threaded: Chromium opens spare connections
    ahead of time, and a single-threaded server would sit on one while the backend waits."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(threaded=True)
    server.no_handler_status_code = 404  # the seed's styles and images, favicons
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def pages(page_server: Any) -> Iterator[Any]:
    page_server.clear()
    yield page_server
    page_server.clear()


def serve(httpserver: Any, path: str, html: str | bytes) -> str:
    httpserver.expect_request(path).respond_with_data(html, content_type="text/html; charset=utf-8")
    return str(httpserver.url_for(path))


def seed_html() -> bytes:
    if not SEED.exists():
        pytest.skip("the seed page ../shared/seeds/al-sahawat-times.html is absent")
    return SEED.read_bytes()


def page_fixture(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# --- the overlay, inside its closed shadow root ------------------------------------------------


def eventually(
    check: Callable[[], Any], timeout: float = 15.0, what: str | Callable[[], str] = ""
) -> Any:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` s
    (a callable `what` is asked only then, so it may read the page).

    An error counts as "not yet" (the page may be redrawing the overlay between a node's lookup
    and its use); the last one is raised if time runs out.
    """
    deadline = time.monotonic() + timeout
    while True:
        error: Exception | None = None
        try:
            value = check()
        except Exception as e:  # noqa: BLE001 - retried, and re-raised below
            value, error = None, e
        if value:
            return value
        if time.monotonic() > deadline:
            try:
                said = what() if callable(what) else what
            except Exception as e:  # noqa: BLE001 - only the message is lost
                said = f"{check} ({e})"
            raise AssertionError(f"timed out waiting for {said or check}") from error
        time.sleep(0.05)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


class Shadow:
    """Elements inside the overlay's closed shadow root, found the way only the browser can.

    The page (and so Playwright's locators, which run in the page) cannot see into a closed
    root. The DevTools protocol can: DOM.getDocument with `pierce` lists shadow roots of every
    mode. Reading runs a function on the element; clicking moves the real mouse to the
    element's centre, so the overlay gets the trusted click a reader's would be.
    """

    def __init__(
        self, page: Any, cdp: Any, steps: tuple[tuple[str, str | None], ...] = (), index: int = 0
    ):
        self.page = page
        self.cdp = cdp
        self.steps = steps
        self.index = index

    def locator(self, selector: str, has_text: str | None = None) -> Shadow:
        return Shadow(self.page, self.cdp, (*self.steps, (selector, has_text)))

    def nth(self, index: int) -> Shadow:
        return Shadow(self.page, self.cdp, self.steps, index)

    @property
    def first(self) -> Shadow:
        return self.nth(0)

    # -- resolving --

    def _root(self) -> int | None:
        document = self.cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        stack = [document]
        while stack:
            node = stack.pop()
            if node.get("localName") == HOST and node.get("shadowRoots"):
                return int(node["shadowRoots"][0]["nodeId"])
            stack.extend(node.get("children", []))
        return None

    def _call_on(self, node_id: int, function: str, *args: Any) -> Any:
        obj = self.cdp.send("DOM.resolveNode", {"nodeId": node_id})["object"]
        try:
            result = self.cdp.send(
                "Runtime.callFunctionOn",
                {
                    "objectId": obj["objectId"],
                    "functionDeclaration": function,
                    "arguments": [{"value": a} for a in args],
                    "returnByValue": True,
                    "awaitPromise": True,
                },
            )
        finally:
            self.cdp.send("Runtime.releaseObject", {"objectId": obj["objectId"]})
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    def _all(self) -> list[int]:
        root = self._root()
        if root is None:
            return []
        nodes = [root]
        for selector, has_text in self.steps:
            found: list[int] = []
            for node in nodes:
                ids = self.cdp.send("DOM.querySelectorAll", {"nodeId": node, "selector": selector})
                found.extend(ids["nodeIds"])
            if has_text is not None:
                found = [
                    n for n in found if has_text in _squeeze(self._call_on(n, TEXT_CONTENT) or "")
                ]
            nodes = found
        return nodes

    def _node(self) -> int | None:
        nodes = self._all()
        return nodes[self.index] if len(nodes) > self.index else None

    # -- reading, now --

    def count(self) -> int:
        return len(self._all())

    def evaluate(self, function: str, *args: Any) -> Any:
        """Run `function(element, ...args)` (as Playwright's evaluate) in the page's world."""
        node = self._node()
        if node is None:
            raise AssertionError(f"no element for {self.steps}")
        return self._call_on(node, f"function (...a) {{ return ({function})(this, ...a); }}", *args)

    def text(self) -> str | None:
        node = self._node()
        return None if node is None else _squeeze(self._call_on(node, TEXT_CONTENT) or "")

    def attribute(self, name: str) -> str | None:
        node = self._node()
        return None if node is None else self._call_on(node, ATTRIBUTE, name)

    def is_visible(self) -> bool:
        node = self._node()
        return node is not None and bool(self._call_on(node, VISIBLE))

    def is_focused(self) -> bool:
        node = self._node()
        return node is not None and bool(self._call_on(node, FOCUSED))

    def bounding_box(self) -> dict[str, float]:
        node = eventually(self._node, what=f"{self.steps}")
        box: dict[str, float] = self._call_on(node, BOX)
        return box

    # -- acting --

    def click(self) -> None:
        """The reader's click: the real mouse at the element's centre (a trusted event)."""
        node = eventually(self._node, what=f"{self.steps} to click")
        self.cdp.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
        quad = self.cdp.send("DOM.getContentQuads", {"nodeId": node})["quads"][0]
        x = sum(quad[0::2]) / 4
        y = sum(quad[1::2]) / 4
        self.page.mouse.click(x, y)

    # -- waiting, as Playwright's expect does --

    def expect_text(self, expected: str, timeout: float = 15.0) -> None:
        want = _squeeze(expected)
        eventually(
            lambda: self.text() == want, timeout, lambda: f"text {want!r}, have {self.text()!r}"
        )

    def expect_contains(self, expected: str, timeout: float = 15.0) -> None:
        want = _squeeze(expected)
        eventually(
            lambda: want in (self.text() or ""), timeout, lambda: f"{want!r} in {self.text()!r}"
        )

    def expect_no_text(self, unexpected: str) -> None:
        assert _squeeze(unexpected) not in (self.text() or "")

    def expect_attribute(self, name: str, value: str, timeout: float = 15.0) -> None:
        eventually(lambda: self.attribute(name) == value, timeout, f"{name}={value!r}")

    def expect_count(self, n: int, timeout: float = 15.0) -> None:
        eventually(lambda: self.count() == n, timeout, f"{n} of {self.steps}")

    def expect_visible(self, timeout: float = 15.0) -> None:
        eventually(self.is_visible, timeout, f"{self.steps} visible")

    def expect_hidden(self, timeout: float = 15.0) -> None:
        eventually(lambda: not self.is_visible(), timeout, f"{self.steps} hidden")

    def expect_focused(self, timeout: float = 15.0) -> None:
        eventually(self.is_focused, timeout, f"{self.steps} focused")


TEXT_CONTENT = "function () { return this.textContent; }"
ATTRIBUTE = "function (name) { return this.getAttribute(name); }"
VISIBLE = """function () {
    const r = this.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(this).visibility !== "hidden";
}"""
FOCUSED = "function () { return this.getRootNode().activeElement === this; }"
BOX = """function () {
    const r = this.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
}"""


def highlighted(page: Any) -> dict[str, Any] | None:
    """The range the overlay highlighted in the page, read from the page's own world."""
    result: dict[str, Any] | None = page.evaluate(
        """(name) => {
            const h = CSS.highlights.get(name);
            if (!h || !h.size) return null;
            const range = [...h][0];
            const box = range.getBoundingClientRect();
            const el = range.startContainer.parentElement;
            return {
                text: range.toString(),
                inArticle: Boolean(el && el.closest("article .entry-content")),
                inViewport: box.top >= 0 && box.bottom <= innerHeight && box.height > 0,
                box: { x: box.x, y: box.y, width: box.width, height: box.height },
            };
        }""",
        HIGHLIGHT_NAME,
    )
    return result


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture
def extension_dir(tmp_path: Path) -> Path:
    """A copy of the extension as the browser would install it.

    Playwright cannot click the toolbar button, so it cannot give the activeTab grant a click
    gives. The copy's manifest therefore lists the test pages' origin (http://localhost) as a
    host permission: the same access a click grants on the page, or that automatic mode asks for.
    """
    target = tmp_path / "extension"
    shutil.copytree(
        EXTENSION,
        target,
        ignore=shutil.ignore_patterns("node_modules", "dist", "test", "scripts", "package*.json"),
    )
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["host_permissions"] = [*manifest["host_permissions"], "http://localhost/*"]
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return target


class Browser:
    """Chromium with the extension loaded, and ways to drive it as a reader would."""

    def __init__(self, context: Any, worker: Any):
        self.context = context
        self.worker = worker
        self.extension_id = worker.url.split("/")[2]
        self.page = context.pages[0] if context.pages else context.new_page()
        self._cdp: dict[Any, Any] = {}

    def configure(self, **settings: Any) -> None:
        """Write settings the way the options page does: chrome.storage.sync."""
        self.worker.evaluate("(s) => chrome.storage.sync.set(s)", settings)

    def click_toolbar_button(self, page: Any | None = None) -> dict[str, Any]:
        """Score the page as the toolbar button does.

        Playwright cannot click the browser's toolbar, so this calls the action's onClicked
        listener, `onActionClicked(tab)`, in the service worker with the page's tab: from there
        on it is the same dispatcher path a real click takes. Returns the view it showed.
        """
        page = page or self.page
        page.bring_to_front()
        result: dict[str, Any] = self.worker.evaluate(
            """async () => {
                const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
                return onActionClicked(tab);
            }"""
        )
        return result

    def toolbar_badge(self) -> str:
        text: str = self.worker.evaluate(
            """async () => {
                const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
                return chrome.action.getBadgeText({ tabId: tab.id });
            }"""
        )
        return text

    def wait_for_auto_mode(self) -> None:
        self.worker.evaluate(
            """async () => {
                for (let i = 0; i < 100; i++) {
                    if ((await chrome.scripting.getRegisteredContentScripts()).length) return;
                    await new Promise((r) => setTimeout(r, 50));
                }
                throw new Error("the automatic-mode content script was never registered");
            }"""
        )

    def overlay(self, page: Any | None = None) -> Shadow:
        """The overlay's `.pl` container, read through the DevTools protocol (closed root)."""
        page = page or self.page
        if page not in self._cdp:
            self._cdp[page] = self.context.new_cdp_session(page)
        return Shadow(page, self._cdp[page]).locator(".pl")

    def rendered(self, page: Any, box: dict[str, float], colour: str = "#000000") -> dict[str, Any]:
        """What the screen shows in a box: its centre pixel, its darkest pixel, and the share
        of pixels in `colour`.

        The pixels come from a real screenshot, decoded on a canvas in a blank page, so
        opacity, filters and transforms the page puts on its root count.
        """
        png = page.screenshot(clip=box)
        scratch = self.context.new_page()
        try:
            pixels: dict[str, Any] = scratch.evaluate(
                """async ([data, colour]) => {
                    const img = new Image();
                    img.src = "data:image/png;base64," + data;
                    await img.decode();
                    const canvas = document.createElement("canvas");
                    canvas.width = img.width; canvas.height = img.height;
                    const g = canvas.getContext("2d");
                    g.drawImage(img, 0, 0);
                    const d = g.getImageData(0, 0, img.width, img.height).data;
                    const want = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
                    let darkest = 255, matching = 0;
                    for (let i = 0; i < d.length; i += 4) {
                        const lum = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
                        darkest = Math.min(darkest, lum);
                        if (want.every((v, k) => Math.abs(d[i + k] - v) <= 8)) matching++;
                    }
                    const c = ((img.height >> 1) * img.width + (img.width >> 1)) * 4;
                    const share = matching / (d.length / 4);
                    return { centre: [d[c], d[c + 1], d[c + 2]], darkest, share };
                }""",
                [base64.b64encode(png).decode(), colour],
            )
        finally:
            scratch.close()
        return pixels


@pytest.fixture
def browser(playwright: Any, extension_dir: Path, tmp_path: Path) -> Iterator[Browser]:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
            *FLAGS,
        ],
        viewport={"width": 1280, "height": 800},
        color_scheme="light",
        reduced_motion="reduce",
    )
    try:
        worker = (
            context.service_workers[0]
            if context.service_workers
            else context.wait_for_event("serviceworker", timeout=10_000)
        )
        yield Browser(context, worker)
    finally:
        context.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Screenshots land in tmp_path, or in $PROVENANCE_SCREENSHOT_DIR (e.g. docs/img)."""
    chosen = os.environ.get(SCREENSHOT_DIR_ENV)
    path = Path(chosen) if chosen else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
