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

    def overlay(self, page: Any | None = None) -> Any:
        return (page or self.page).locator(f"{HOST} .pl")

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
