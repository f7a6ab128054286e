"""Real Firefox (Debian's firefox-esr), the real extension, the real backend.

Firefox speaks WebDriver BiDi itself; puppeteer-core drives it from a small Node bridge
(firefox_bridge.js) that this module talks to, one JSON line per command. The extension is the
Firefox build (the manifest `npm run pack` writes for Firefox) installed as a temporary add-on.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXTENSION, eventually

FIREFOX = Path("/usr/bin/firefox-esr")
BRIDGE = Path(__file__).resolve().parent / "firefox_bridge.js"
PUPPETEER = EXTENSION / "node_modules" / "puppeteer-core"

# The overlay's closed root, read through WebDriver BiDi (see firefox_bridge.js).
ROOT_EVAL = """async (s, h, fn, args) => {
    const root = await h.overlayRoot(s);
    return root ? root.evaluate((0, eval)(`(${fn})`), ...args) : null;
}"""
ROOT_CLICK = """async (s, h, selector, text) => {
    const root = await h.overlayRoot(s);
    if (!root) return false;
    const handle = await root.evaluateHandle((r, sel, t) =>
        [...r.querySelectorAll(sel)].find((el) => !t || el.textContent.includes(t)) || null,
        selector, text);
    const el = handle.asElement();
    if (!el) return false;
    await el.click();   // input.performActions: the reader's click, trusted
    return true;
}"""


def firefox_manifest(manifest_path: Path) -> dict[str, Any]:
    """The Firefox manifest exactly as the packaging script makes it."""
    out = subprocess.run(
        [
            "node",
            "-e",
            "const [pack, file] = process.argv.slice(1);"
            "const m = JSON.parse(require('fs').readFileSync(file, 'utf8'));"
            "process.stdout.write(JSON.stringify(require(pack).firefoxManifest(m)));",
            str(EXTENSION / "scripts" / "pack.js"),
            str(manifest_path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    manifest: dict[str, Any] = json.loads(out.stdout)
    return manifest


class Firefox:
    """Firefox with the extension, and ways to drive it as a reader would."""

    def __init__(self, extension: Path, timeout: float = 60.0):
        self.timeout = timeout
        self.proc = subprocess.Popen(
            ["node", str(BRIDGE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self._id = 0
        launched = self.run(
            "async (s, h, args) => h.launch(s, args)",
            {"executable": str(FIREFOX), "extension": str(extension), "prefs": {}},
        )
        self.pid: int = launched["pid"]

    def run(self, code: str, *args: Any) -> Any:
        """Run an async JS function (state, helpers, ...args) in the bridge; return its value."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._id += 1
        self.proc.stdin.write(json.dumps({"id": self._id, "code": code, "args": list(args)}) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            raise AssertionError(f"the Firefox bridge did not answer in {self.timeout} s")
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError("the Firefox bridge exited")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(answer["error"])
        return answer["value"]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        # Firefox runs in its own process group; make sure it is gone too.
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    # -- the reader's actions --

    def goto(self, url: str) -> None:
        self.run("async (s, h, url) => { await s.page.goto(url); }", url)

    def click_toolbar_button(self) -> None:
        """The toolbar button's own click path: Firefox's action for the extension, triggered in
        the browser window (it grants activeTab as a click does)."""
        self.run(
            """async (s, h) => h.chrome(s, `
                ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(win);
            `)"""
        )

    def configure(self, **settings: Any) -> None:
        """Write settings where the options page writes them: the extension's storage.sync."""
        self.run(
            """async (s, h, settings) => h.chrome(s, `
                const { extensionStorageSync } = ChromeUtils.importESModule(
                    "resource://gre/modules/ExtensionStorageSync.sys.mjs");
                await extensionStorageSync.set(extension, arg, null);
            `, settings)""",
            settings,
        )

    def stored(self) -> dict[str, Any]:
        value: dict[str, Any] = self.run(
            """async (s, h) => h.chrome(s, `
                const { extensionStorageSync } = ChromeUtils.importESModule(
                    "resource://gre/modules/ExtensionStorageSync.sys.mjs");
                return JSON.stringify(await extensionStorageSync.get(extension, null, null));
            `)"""
        )
        return dict(json.loads(value))

    def selected_tab_url(self) -> str:
        url: str = self.run(
            """async (s, h) => h.chrome(s, `
                return win.gBrowser.selectedBrowser.currentURI.spec;
            `)"""
        )
        return url

    def page_eval(self, fn: str, *args: Any) -> Any:
        return self.run(
            "async (s, h, fn, args) => s.page.evaluate((0, eval)(`(${fn})`), ...args)", fn, args
        )

    # -- the overlay, inside its closed root --

    def in_overlay(self, fn: str, *args: Any) -> Any:
        """`fn(root, ...args)` on the overlay's shadow root; None when there is no overlay."""
        return self.run(ROOT_EVAL, fn, list(args))

    def text(self, selector: str) -> str | None:
        value = self.in_overlay(
            "(r, sel) => { const el = r.querySelector(sel); return el && el.textContent; }",
            selector,
        )
        return None if value is None else " ".join(str(value).split())

    def wait_text(self, selector: str, expected: str, timeout: float = 20.0) -> None:
        eventually(
            lambda: self.text(selector) == expected,
            timeout,
            lambda: f"{selector} to read {expected!r} (it reads {self.text(selector)!r})",
        )

    def wait_contains(self, selector: str, expected: str, timeout: float = 20.0) -> None:
        eventually(
            lambda: expected in (self.text(selector) or ""),
            timeout,
            lambda: f"{expected!r} in {selector} (it reads {self.text(selector)!r})",
        )

    def click(self, selector: str, text: str = "") -> None:
        eventually(lambda: self.run(ROOT_CLICK, selector, text), 20, f"{selector} to click")


@pytest.fixture
def firefox_extension(tmp_path: Path, extension_dir: Path) -> Path:
    """The Chromium test copy (with the test pages' host), under the Firefox manifest."""
    target = tmp_path / "extension-firefox"
    shutil.copytree(extension_dir, target)
    manifest = firefox_manifest(EXTENSION / "manifest.json")
    chromium_copy = json.loads((extension_dir / "manifest.json").read_text())
    manifest["host_permissions"] = chromium_copy["host_permissions"]
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


@pytest.fixture
def firefox(firefox_extension: Path) -> Iterator[Firefox]:
    if not FIREFOX.exists():
        pytest.skip("firefox-esr is not installed")
    if not PUPPETEER.exists():
        pytest.skip("puppeteer-core is not installed (cd extension && npm install)")
    browser = Firefox(firefox_extension)
    try:
        yield browser
    finally:
        browser.close()
