"""The extension in real Chromium against the real backend: what a reader sees and does."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from .conftest import (
    CHROMIUM,
    HIGHLIGHT_NAME,
    HOST,
    SEED_PATH,
    Backend,
    Browser,
    eventually,
    highlighted,
    page_fixture,
    seed_html,
    serve,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]

ARTICLE_PATH = "/local/2031/05/harbour-dredging"
HIGHLIGHT_COLOUR = "#ffd84d"


def test_seed_page_matches_the_api_and_evidence_is_highlighted(
    browser: Browser, backend: Backend, pages: Any, screenshot_dir: Path
) -> None:
    url = serve(pages, SEED_PATH, seed_html())
    api = requests.post(f"{backend.url}/v1/score", json={"url": url}, timeout=30).json()
    assert api["score"] is not None
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.goto(url)

    view = browser.click_toolbar_button()
    assert view["kind"] == "report"

    overlay = browser.overlay()
    card = overlay.locator(".card")
    card.locator(".badge").expect_text(f"{api['score']}/100")
    card.locator(".title").expect_text(api["rating_label"])
    card.expect_attribute("data-band", api["rating"])
    assert browser.toolbar_badge() == str(api["score"])
    # Only the URL was sent (the default), from the service worker.
    sent = backend.scores()[-1]
    assert sent["json"] == {"url": url}
    assert sent["origin"] == f"chrome-extension://{browser.extension_id}"
    page.locator(HOST).screenshot(path=str(screenshot_dir / "overlay-collapsed.png"))

    # Keyboard only: the reader asked, so focus is on the summary; Enter opens the panel.
    toggle = overlay.locator("button.toggle")
    toggle.expect_focused()
    page.keyboard.press("Enter")
    panel = overlay.locator(".panel")
    panel.expect_visible()
    toggle.expect_attribute("aria-expanded", "true")
    panel.locator('[role="meter"]').expect_count(len(api["groups"]))
    # The sources-named-without-links finding, as the API states it.
    unlinked = next(f for f in api["findings"] if f["rule"] == "NAMED_SOURCES_UNLINKED")
    finding = panel.locator('li.finding[data-rule="NAMED_SOURCES_UNLINKED"]')
    finding.locator(".desc").expect_text(unlinked["description"])
    finding.locator(".points").expect_text(f"\u2212{-unlinked['points']}")
    finding.locator("button.show").expect_count(len(unlinked["evidence"]))
    panel.locator(".note").expect_contains("not whether it is true")
    page.locator(HOST).screenshot(path=str(screenshot_dir / "overlay-expanded.png"))

    assert highlighted(page) is None
    finding.locator("button.show", has_text="Wall Street Journal").first.click()
    mark = highlighted(page)
    assert mark is not None
    assert "Wall Street Journal" in mark["text"]
    assert mark["inArticle"], "the highlight is in the article text"
    assert mark["inViewport"], "the page scrolled to the evidence"
    # Painted, not just registered: the highlight colour fills much of the quoted text's box.
    assert browser.rendered(page, mark["box"], HIGHLIGHT_COLOUR)["share"] > 0.3
    overlay.locator('[role="status"]').expect_contains("Highlighted on the page")
    page.screenshot(
        path=str(screenshot_dir / "evidence-highlighted.png"),
        clip={"x": 240, "y": max(0, mark["box"]["y"] - 100), "width": 1040, "height": 260},
    )

    # Escape closes the panel and gives focus back to the summary.
    page.keyboard.press("Escape")
    panel.expect_hidden()
    toggle.expect_focused()


def test_overlay_fits_at_200_percent_zoom_and_follows_dark_mode(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=backend.url)
    page = browser.page
    # 200% zoom on a 1280x800 window leaves a 640x400 CSS-pixel viewport.
    page.set_viewport_size({"width": 640, "height": 400})
    page.emulate_media(color_scheme="dark")
    page.goto(url)
    browser.click_toolbar_button()
    overlay = browser.overlay()
    overlay.locator("button.toggle").click()
    panel = overlay.locator(".panel")
    panel.expect_visible()
    box = page.locator(HOST).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= 640 and box["y"] + box["height"] <= 400
    # The panel scrolls inside itself rather than running off the screen.
    assert panel.evaluate("el => el.scrollHeight > el.clientHeight")
    background = panel.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(31, 31, 31)"


def test_auto_mode_scores_articles_on_load_and_not_home_pages(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    article = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    home = serve(pages, "/", page_fixture("home.html"))
    browser.configure(backendUrl=backend.url, mode="auto")
    browser.wait_for_auto_mode()
    page = browser.page

    page.goto(article)  # no click
    browser.overlay().locator(".card .badge").expect_contains("/100")
    assert [r["json"]["url"] for r in backend.scores()] == [article]

    page.goto(home)
    card = browser.overlay().locator(".card")
    card.locator(".title").expect_text("Not an article")
    card.expect_contains("so it gets no score")
    card.expect_no_text("/100")
    assert [r["json"]["url"] for r in backend.scores()] == [article, home]
    assert browser.toolbar_badge() == "\u2013"


def test_click_mode_sends_nothing_until_the_reader_clicks(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.goto(url)
    page.wait_for_timeout(500)
    assert backend.scores() == []
    expect(page.locator(HOST)).to_have_count(0)
    browser.click_toolbar_button()
    assert len(backend.scores()) == 1


def test_stopped_backend_is_reported_as_unreachable(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=backend.url)
    backend.stop()
    browser.page.goto(url)
    view = browser.click_toolbar_button()
    assert view["kind"] == "unreachable"
    card = browser.overlay().locator(".card")
    card.locator(".title").expect_text("Server unreachable")
    card.expect_contains(f"cannot reach its server at {backend.url}")
    card.locator("button", has_text="Try again").expect_focused()
    assert browser.toolbar_badge() == "!"


def test_hostile_page_styles_do_not_hide_or_restyle_the_overlay(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    url = serve(pages, "/local/2031/05/council-approves-bridge", page_fixture("hostile.html"))
    browser.configure(backendUrl=backend.url, sendHtml=True)
    page = browser.page
    page.goto(url)
    view = browser.click_toolbar_button()
    assert view["kind"] == "report"

    card = browser.overlay().locator(".card")
    card.expect_visible()
    title = card.locator(".title")
    title.expect_text(view["report"]["rating_label"])
    style = title.evaluate(
        """el => { const s = getComputedStyle(el);
                   return { size: parseFloat(s.fontSize), color: s.color, font: s.fontFamily }; }"""
    )
    assert style["size"] >= 14
    assert style["color"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 0, 0)")
    assert "Comic Sans" not in style["font"]
    # On screen, not just in the DOM: the page's opacity, blur and scale on <html> do not
    # reach the overlay. The title's text is crisp and full size, the badge its band colour.
    title_box = title.bounding_box()
    assert title_box["height"] >= 18
    assert browser.rendered(page, title_box)["darkest"] < 60
    badge = card.locator(".badge")
    colour = badge.evaluate("el => getComputedStyle(el).backgroundColor")
    badge_box = badge.bounding_box()
    assert colour == "rgb({}, {}, {})".format(*browser.rendered(page, badge_box)["centre"])
    # The overlay is on top and takes clicks: hit-testing at its centre finds the host.
    box = card.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.localName",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == HOST
    # With sendHtml the page went along, as the reader saw it, without the overlay's host.
    sent = backend.scores()[-1]["json"]
    assert sent["url"] == url
    assert "Council approves the new bridge" in sent["html"]
    assert f"<{HOST}" not in sent["html"]
    # And the overlay's styles did not leak onto the page.
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") == "0px"


def test_options_page_saves_a_new_backend_and_the_next_request_goes_there(
    browser: Browser, start_backend: Any, pages: Any
) -> None:
    old, new = start_backend(), start_backend()
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=old.url)

    options = browser.context.new_page()
    options.goto(f"chrome-extension://{browser.extension_id}/options.html")
    field = options.get_by_label("Server address")
    expect(field).to_have_value(old.url)

    field.fill("ftp://example.org")
    options.get_by_role("button", name="Save").click()
    expect(options.locator("#backendUrl-error")).to_have_text(
        "The address must start with http:// or https://."
    )
    expect(field).to_have_attribute("aria-invalid", "true")

    field.fill(f"{new.url}/")
    options.get_by_role("button", name="Save").click()
    expect(options.locator("#status")).to_have_text("Saved.")
    expect(options.locator("#backendUrl-error")).to_be_hidden()
    stored = browser.worker.evaluate("chrome.storage.sync.get('backendUrl')")
    assert stored == {"backendUrl": new.url}

    options.get_by_role("button", name="Test connection").click()
    expect(options.locator("#status")).to_have_text(f"A server answered at {new.url}.")
    options.close()

    browser.page.goto(url)
    view = browser.click_toolbar_button()
    assert view["kind"] == "report"
    assert [r["json"]["url"] for r in new.scores()] == [url]
    assert old.scores() == []


OUTLET_ARTICLE_PATH = "/local/2031/06/ferry-quay-rebuilt"
OUTLET_PAGES = {
    "/": "outlet-home.html",
    "/about/": "outlet-about.html",
    "/corrections/": "outlet-corrections.html",
}


def test_pending_outlet_checks_are_shown_then_the_report_is_refreshed(
    browser: Browser, start_backend: Any, pages: Any
) -> None:
    from flask import request

    backend = start_backend(outlet_checks=True)
    # The extension's polls wait here until the pending state has been seen, so the test does
    # not depend on how fast the outlet's pages are checked.
    seen_pending = threading.Event()

    @backend.app.before_request
    def hold_polls() -> None:
        if request.path.startswith("/v1/outlets/"):
            seen_pending.wait(20)

    url = serve(pages, OUTLET_ARTICLE_PATH, page_fixture("outlet-article.html"))
    for path, name in OUTLET_PAGES.items():
        serve(pages, path, page_fixture(name))
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.goto(url)

    view = browser.click_toolbar_button()
    assert view["kind"] == "report"
    assert view["report"]["outlet_checks"]["state"] == "pending"
    assert "OUTLET_CORRECTIONS_VERIFIED" not in {f["rule"] for f in view["report"]["findings"]}
    overlay = browser.overlay()
    card = overlay.locator(".card")
    card.locator(".outlet-hint").expect_text("Checking the outlet\u2019s pages\u2026")
    card.locator("button.toggle").click()
    panel = overlay.locator(".panel")
    pending = panel.locator('.outlet-checks[data-state="pending"]')
    pending.expect_text("Checking the outlet\u2019s About and Corrections pages\u2026")
    pending.expect_attribute("aria-live", "polite")
    seen_pending.set()

    # The checks come in: the same request again, and the server's new report replaces the old.
    verified = panel.locator('li.finding[data-rule="OUTLET_CORRECTIONS_VERIFIED"]')
    verified.expect_visible(timeout=30)
    first, again = backend.scores()
    assert again["json"] == first["json"] == {"url": url}
    outlet = f"/v1/outlets/localhost:{urlsplit(url).port}"  # no registrable domain: its port
    polls = [r for r in backend.requests if r["path"] == outlet]
    assert polls and all(r["method"] == "GET" for r in polls)
    assert {r["origin"] for r in backend.scores()} == {f"chrome-extension://{browser.extension_id}"}

    api = requests.post(f"{backend.url}/v1/score", json={"url": url}, timeout=30).json()
    assert api["outlet_checks"]["state"] == "ready"
    finding = next(f for f in api["findings"] if f["rule"] == "OUTLET_CORRECTIONS_VERIFIED")
    verified.locator(".desc").expect_text(finding["description"])
    card.locator(".badge").expect_text(f"{api['score']}/100")
    assert api["score"] != view["report"]["score"]
    assert browser.toolbar_badge() == str(api["score"])
    card.locator(".outlet-hint").expect_count(0)
    panel.expect_visible()  # still open, as the reader left it
    ready = panel.locator('.outlet-checks[data-state="ready"]')
    ready.locator('li[data-kind="corrections"]').expect_contains(
        "Corrections: the page is there; it lists 3 dated corrections"
    )
    ready.locator('li[data-kind="about"]').expect_contains("About: the page is there")
    overlay.locator(".sr[role=status]").expect_text(
        "The outlet\u2019s pages have been checked; the report is updated."
    )


# A page script that does what a hostile page would: it runs before anything else on the page,
# tries to catch the overlay's shadow root as it is made, and to stand in for its host element.
SNOOP = """
window.__caught = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    window.__caught.push(root);
    return root;
};
customElements.define("provenance-lens-overlay", class extends HTMLElement {
    constructor() { super(); window.__caught.push(this.attachShadow({ mode: "open" })); }
});
"""


def test_page_scripts_can_neither_read_nor_change_nor_press_the_overlay(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.add_init_script(SNOOP)
    page.goto(url)
    view = browser.click_toolbar_button()
    assert view["kind"] == "report"
    score = f"{view['report']['score']}/100"
    overlay = browser.overlay()
    badge = overlay.locator(".card .badge")
    badge.expect_text(score)

    # Read: nothing of the overlay is reachable from the page, nor is the server's address.
    seen = page.evaluate(
        """(host) => {
            const el = document.querySelector(host);
            let attached = "no error";
            try { el.attachShadow({ mode: "open" }); } catch (e) { attached = e.name; }
            return {
                root: el.shadowRoot,
                caught: window.__caught.map((x) => String(x)),
                text: el.textContent + el.innerText,
                children: el.children.length,
                attached,
                html: document.documentElement.outerHTML,
            };
        }""",
        HOST,
    )
    assert seen["root"] is None
    assert seen["caught"] == []
    assert seen["text"] == "" and seen["children"] == 0
    assert seen["attached"] == "NotSupportedError"
    assert backend.url.split("//")[1] not in seen["html"]

    # Change: what a page writes into the host is not what the overlay shows.
    page.evaluate(
        """(host) => {
            const el = document.querySelector(host);
            el.innerHTML = '<b class="badge">97/100</b>';
            el.setAttribute("data-score", "97");
        }""",
        HOST,
    )
    badge.expect_text(score)
    assert "97/100" not in (overlay.text() or "")

    # Press: synthetic clicks and keys at the host, and even at the buttons themselves (which
    # only the browser's tools can reach), do nothing.
    page.evaluate(
        """(host) => {
            const el = document.querySelector(host);
            el.click();
            for (const type of ["click", "keydown", "keyup"]) {
                el.dispatchEvent(new (type === "click" ? MouseEvent : KeyboardEvent)(type,
                    { key: "Enter", bubbles: true, composed: true }));
            }
        }""",
        HOST,
    )
    panel = overlay.locator(".panel")
    never = panel.locator("button", has_text="Never on this site")
    overlay.locator("button.toggle").evaluate("el => el.click()")
    never.evaluate("el => el.click()")
    overlay.locator(".dismiss").evaluate("el => el.click()")
    page.wait_for_timeout(300)
    assert not panel.is_visible()
    assert browser.worker.evaluate("chrome.storage.sync.get('neverSites')") in (
        {},
        {"neverSites": []},
    )
    badge.expect_text(score)

    # The reader's own clicks work: the panel opens, and Full report opens from the extension.
    overlay.locator("button.toggle").click()
    panel.expect_visible()
    with browser.context.expect_page() as opened:
        panel.locator("button.report-link", has_text="Full report").click()
    report_page = opened.value
    report_page.wait_for_load_state()
    path = view["report"].get("report_url") or f"/report?url={requests.utils.quote(url, safe='')}"
    assert report_page.url == f"{backend.url}{path}"
    report_page.close()
    never.click()
    eventually(lambda: page.locator(HOST).count() == 0, what="the overlay to go")
    stored = browser.worker.evaluate("chrome.storage.sync.get('neverSites')")
    assert stored == {"neverSites": ["localhost"]}


def test_link_evidence_highlights_the_linked_words_not_the_same_words_elsewhere(
    browser: Browser, backend: Backend, pages: Any
) -> None:
    # "Officials in North Dakota published the flood plan on Monday." twice: in the standfirst,
    # and in the body with "North Dakota" linked. Only the linked one is the evidence.
    url = serve(pages, ARTICLE_PATH, page_fixture("linked-twice.html"))
    link = "https://www.nd.gov/flood-plan"
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.goto(url)
    view = browser.click_toolbar_button()
    rule = next(
        f["rule"]
        for f in view["report"]["findings"]
        if any(e.get("url") == link and e.get("quote") for e in f["evidence"])
    )
    overlay = browser.overlay()
    overlay.locator("button.toggle").click()
    overlay.locator(f'li.finding[data-rule="{rule}"] button.show', has_text="North Dakota").click()
    mark = eventually(
        lambda: page.evaluate(
            """(name) => {
                const h = CSS.highlights.get(name);
                if (!h || !h.size) return null;
                const range = [...h][0];
                const link = range.startContainer.parentElement.closest("a");
                return { text: range.toString(), href: link && link.href };
            }""",
            HIGHLIGHT_NAME,
        ),
        what="the highlight",
    )
    assert mark == {"text": "North Dakota", "href": link}


def test_at_400_px_the_reader_moves_the_overlay_and_it_stays_moved(
    browser: Browser, backend: Backend, pages: Any, screenshot_dir: Path
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    browser.configure(backendUrl=backend.url)
    page = browser.page
    page.set_viewport_size({"width": 400, "height": 700})
    page.goto(url)
    browser.click_toolbar_button()
    overlay = browser.overlay()
    overlay.locator(".card .badge").expect_contains("/100")
    overlay.locator("button.toggle").click()
    overlay.locator(".panel").expect_visible()
    host = page.locator(HOST)
    box = host.bounding_box()
    assert box is not None
    # Usable at 400 px: inside the window, nothing scrolls sideways.
    assert box["x"] >= 0 and box["x"] + box["width"] <= 400
    assert overlay.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    page.screenshot(path=str(screenshot_dir / "overlay-400px.png"))

    # Collapsed on the right it sits over the right-hand corner; the reader moves it left.
    overlay.locator("button.toggle").click()
    overlay.locator(".panel").expect_hidden()
    page.set_viewport_size({"width": 1000, "height": 700})
    right = host.bounding_box()
    assert right is not None and right["x"] > 500
    overlay.locator("button.move").click()
    eventually(lambda: (host.bounding_box() or {}).get("x", 999) <= 16, what="the move left")
    overlay.locator("button.move").expect_attribute("aria-label", "Move to the right side")

    # The next page (and the next score) opens it where the reader put it.
    page.reload()
    browser.click_toolbar_button()
    overlay.locator(".card .badge").expect_contains("/100")
    left = host.bounding_box()
    assert left is not None and left["x"] <= 16 and left["x"] + left["width"] < 500
