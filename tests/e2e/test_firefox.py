"""The extension in real Firefox against the real backend: the main paths a reader takes."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from .conftest import SEED_PATH, Backend, eventually, page_fixture, seed_html, serve
from .firefox import FIREFOX, Firefox
from .firefox import firefox as firefox  # the fixture
from .firefox import firefox_extension as firefox_extension  # the fixture

pytestmark = [
    pytest.mark.firefox,
    pytest.mark.skipif(not FIREFOX.exists(), reason="firefox-esr is not installed"),
]

ARTICLE_PATH = "/local/2031/05/harbour-dredging"


def test_a_click_scores_the_page_and_shows_the_overlay(
    firefox: Firefox, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    api = requests.post(f"{backend.url}/v1/score", json={"url": url}, timeout=30).json()
    firefox.configure(backendUrl=backend.url)
    firefox.goto(url)
    assert backend.scores()[1:] == []
    firefox.click_toolbar_button()
    firefox.wait_text(".card .badge", f"{api['score']}/100")
    assert firefox.text(".card .title") == api["rating_label"]
    sent = backend.scores()[-1]
    assert sent["json"] == {"url": url}
    assert str(sent["origin"]).startswith("moz-extension://")
    # The page cannot see into the overlay: its root is closed in Firefox too.
    hidden = "() => document.querySelector('provenance-lens-overlay').shadowRoot === null"
    assert firefox.page_eval(hidden) is True
    # The reader opens the panel: one bar per group.
    firefox.click("button.toggle")
    eventually(
        lambda: firefox.in_overlay("(r) => !r.querySelector('.panel').hidden"), 20, "the panel"
    )
    meters = firefox.in_overlay("(r) => r.querySelectorAll('[role=meter]').length")
    assert meters == len(api["groups"])


def test_evidence_is_highlighted_on_the_page(
    firefox: Firefox, backend: Backend, pages: Any
) -> None:
    url = serve(pages, SEED_PATH, seed_html())
    firefox.configure(backendUrl=backend.url)
    firefox.goto(url)
    firefox.click_toolbar_button()
    firefox.wait_contains(".card .badge", "/100")
    firefox.click("button.toggle")
    firefox.click(
        'li.finding[data-rule="NAMED_SOURCES_UNLINKED"] button.show', "Wall Street Journal"
    )
    mark = eventually(
        lambda: firefox.page_eval(
            """() => {
                const h = CSS.highlights.get("provenance-lens-evidence");
                if (!h || !h.size) return null;
                const range = [...h][0];
                const el = range.startContainer.parentElement;
                const box = range.getBoundingClientRect();
                return { text: range.toString(), inArticle: Boolean(el.closest("article")),
                         inViewport: box.top >= 0 && box.bottom <= innerHeight };
            }"""
        ),
        20,
        "the highlight",
    )
    assert "Wall Street Journal" in mark["text"]
    assert mark["inArticle"] and mark["inViewport"]
    firefox.wait_contains("[role=status]", "Highlighted on the page")


def test_a_home_page_is_not_an_article(firefox: Firefox, backend: Backend, pages: Any) -> None:
    url = serve(pages, "/", page_fixture("home.html"))
    firefox.configure(backendUrl=backend.url)
    firefox.goto(url)
    firefox.click_toolbar_button()
    firefox.wait_text(".card .title", "Not an article")
    assert "so it gets no score" in (firefox.text(".card") or "")
    assert "/100" not in (firefox.text(".card") or "")


def test_a_stopped_backend_is_reported_and_options_open_from_the_overlay(
    firefox: Firefox, backend: Backend, pages: Any
) -> None:
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    firefox.configure(backendUrl=backend.url)
    backend.stop()
    firefox.goto(url)
    firefox.click_toolbar_button()
    firefox.wait_text(".card .title", "Server unreachable")
    assert f"cannot reach its server at {backend.url}" in (firefox.text(".card") or "")
    firefox.click(".actions button", "Open options")
    eventually(lambda: firefox.selected_tab_url().endswith("/options.html"), 20, "the options page")


def test_saved_options_are_what_the_next_request_uses(
    firefox: Firefox, start_backend: Any, pages: Any
) -> None:
    old, new = start_backend(), start_backend()
    url = serve(pages, ARTICLE_PATH, page_fixture("article.html"))
    firefox.configure(backendUrl=old.url)
    assert firefox.stored()["backendUrl"] == old.url
    firefox.configure(backendUrl=new.url, sendHtml=True)
    assert firefox.stored()["backendUrl"] == new.url
    firefox.goto(url)
    firefox.click_toolbar_button()
    firefox.wait_contains(".card .badge", "/100")
    assert old.scores() == []
    sent = new.scores()[-1]["json"]
    assert sent["url"] == url and "harbour" in sent["html"].lower()
