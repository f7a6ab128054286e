"""The checks of cited links in real Chromium: the overlay shows a dead link and a verified
quote, refreshes when the pending check is in, and pressing the verified one highlights its
citing sentence in the page.

The first test's backend is a STAND-IN (`CitationStandIn`): pytest-httpserver answering
/v1/score with the real server's report on the article, on which recorded citation checks are
set (the fields of `facts.citations[i].check`, the citing sentence's `context` and
`citation_checks`, as the server sends them). It pins what the overlay is given, first pending
and then ready, so that the pending state is seen however fast the cited pages are checked. The
second test runs the real server with its citation checks on: it fetches the cited pages itself
(one holds the quotation, the other is a 404), and the overlay shows what it found.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from lxml import html as lxml_html

from .conftest import (
    CHROMIUM,
    Backend,
    Browser,
    highlighted,
    page_fixture,
    serve,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]

ARTICLE_PATH = "/local/2025/10/ferry-winter-timetable"
QUOTED_PATH = "/sources/ferry-interview"  # the cited page holds the quotation
DEAD_PATH = "/sources/transport-plan-2019"  # nothing there: 404
QUOTE_SENTENCE = (
    '"We cannot keep the evening boats running for a handful of passengers," the '
    "operator's director, Eva Lind, told the local radio station."
)
DEAD_SENTENCE = (
    "The town council had promised in its 2019 transport plan that the ferry would keep its "
    "summer timetable all year round."
)
QUOTE = "We cannot keep the evening boats running for a handful of passengers"


def context(article: str, sentence: str) -> dict[str, Any]:
    """The citing sentence as a text-quote selector on the article's text."""
    body = lxml_html.fromstring(article).find_class("entry-content")[0]
    text = re.sub(r"\s+", " ", body.text_content())
    at = text.index(sentence)
    prefix = text[max(0, at - 32) : at]
    suffix = text[at + len(sentence) : at + len(sentence) + 32]
    return {"text": sentence, "selector": {"exact": sentence, "prefix": prefix, "suffix": suffix}}


def check(outcome: str | None, verdict: str | None, **extra: Any) -> dict[str, Any]:
    state = "pending" if outcome is None else "ready"
    support = None if verdict is None else {"verdict": verdict, "matched": None, "score": 0.0}
    return {
        "state": state,
        "outcome": outcome,
        "http_status": None,
        "final_url": None,
        "published": None,
        "support": support,
        **extra,
    }


def with_checks(report: dict[str, Any], article: str, quote_ready: bool) -> dict[str, Any]:
    """The real report with recorded checks: the dead link is in at once; the quoted page's
    check is pending in the first answer and found in the next."""
    out = copy.deepcopy(report)
    cites = out["facts"]["citations"]
    by_path = {c["url"].split("://", 1)[1].split("/", 1)[1]: c for c in cites}
    dead = by_path[DEAD_PATH.lstrip("/")]
    quoted = by_path[QUOTED_PATH.lstrip("/")]
    dead["context"] = context(article, DEAD_SENTENCE)
    dead["check"] = check("missing", "not_applicable", http_status=404, final_url=dead["url"])
    quoted["context"] = context(article, QUOTE_SENTENCE)
    quoted["check"] = (
        check(
            "ok",
            "quote_found",
            http_status=200,
            final_url=quoted["url"],
            published="2025-10-05T16:00:00+00:00",
        )
        if quote_ready
        else check(None, None)
    )
    if quote_ready:
        quoted["check"]["support"].update(matched=QUOTE, score=1.0)
    out["citation_checks"] = {
        "state": "ready" if quote_ready else "pending",
        "checked": 2 if quote_ready else 1,
        "total": 2,
        "retry_after": None if quote_ready else 1,
    }
    return out


class CitationStandIn:
    """A STAND-IN backend: /v1/score answers with `reports`, one after another (the last one
    repeats), recording each request's body."""

    def __init__(self, reports: list[dict[str, Any]]):
        from pytest_httpserver import HTTPServer

        self.reports = reports
        self.bodies: list[Any] = []
        self.server = HTTPServer(host="127.0.0.1", threaded=True)
        self.server.expect_request("/v1/score", method="POST").respond_with_handler(self.score)
        self.server.start()
        self.url = f"http://127.0.0.1:{self.server.port}"

    def score(self, request: Any) -> Any:
        from werkzeug.wrappers import Response

        self.bodies.append(request.get_json(silent=True))
        report = self.reports[min(len(self.bodies), len(self.reports)) - 1]
        return Response(json.dumps(report), status=200, content_type="application/json")

    def stop(self) -> None:
        self.server.clear()
        if self.server.is_running():
            self.server.stop()


@pytest.fixture
def cited_article(pages: Any) -> tuple[str, str]:
    """The article, citing two pages on another host name of the same test server: one that
    holds the quotation, one that is not there (404)."""
    sources = f"http://127.0.0.1:{pages.port}"
    article = page_fixture("cited-article.html").replace("{sources}", sources)
    serve(pages, QUOTED_PATH, page_fixture("cited-interview.html"))
    pages.expect_request(DEAD_PATH).respond_with_data("Not found", status=404)
    return serve(pages, ARTICLE_PATH, article), article


@pytest.fixture
def standin(backend: Backend, cited_article: tuple[str, str]) -> Iterator[CitationStandIn]:
    url, article = cited_article
    real = requests.post(f"{backend.url}/v1/score", json={"url": url}, timeout=30).json()
    server = CitationStandIn(
        [with_checks(real, article, quote_ready=False), with_checks(real, article, True)]
    )
    yield server
    server.stop()


def test_a_dead_link_and_a_verified_quote_are_shown_and_the_quote_highlights_its_sentence(
    browser: Browser, standin: CitationStandIn, cited_article: tuple[str, str], screenshot_dir: Path
) -> None:
    url, _ = cited_article
    browser.configure(backendUrl=standin.url)
    page = browser.page
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(url)

    view = browser.click_toolbar_button()
    assert view["kind"] == "report"
    assert view["report"]["citation_checks"]["state"] == "pending"
    overlay = browser.overlay()
    overlay.locator(".card button.toggle").click()
    block = overlay.locator(".panel .citation-checks")
    block.expect_attribute("data-state", "pending")
    block.locator(".tally").expect_text("1 of 2 links checked. Checking the cited links\u2026")
    dead = block.locator('li[data-outcome="missing"]')
    dead.expect_contains("\u201cits 2019 transport plan\u201d")
    dead.expect_contains("This link leads to a missing page.")
    block.locator('li[data-state="pending"]').expect_contains("Checking this link\u2026")

    # The pending check comes in: the extension scores the page again after retry_after, on
    # the same wait as the outlet and lead-image checks, and redraws in place.
    block.expect_attribute("data-state", "ready", timeout=60)
    assert len(standin.bodies) >= 2
    assert all(body == {"url": url} for body in standin.bodies)
    overlay.locator(".panel").expect_visible()  # still open, as the reader left it
    block.evaluate("el => el.scrollIntoView({ block: 'end' })")  # the panel scrolls inside
    page.locator("provenance-lens-overlay").screenshot(
        path=str(screenshot_dir / "overlay-citations.png")
    )
    dead_and_verified_shown_and_highlighted(browser)


def test_the_real_server_checks_the_cited_links_and_the_overlay_shows_them(
    browser: Browser, start_backend: Any, cited_article: tuple[str, str]
) -> None:
    """No stand-in: `provenance serve`'s app with citation checks on (in-process), fetching the
    two cited pages itself; the extension waits for them and shows what they were found to be."""
    backend = start_backend(citation_checks=True, citation_host_delay=0)
    url, _ = cited_article
    browser.configure(backendUrl=backend.url)
    browser.page.set_viewport_size({"width": 1000, "height": 700})
    browser.page.goto(url)
    view = browser.click_toolbar_button()
    assert view["kind"] == "report"
    assert view["report"]["citation_checks"]["state"] == "pending"  # never waited for
    overlay = browser.overlay()
    overlay.locator(".card button.toggle").click()
    block = overlay.locator(".panel .citation-checks")
    block.expect_attribute("data-state", "ready", timeout=60)
    dead_and_verified_shown_and_highlighted(browser)


def dead_and_verified_shown_and_highlighted(browser: Browser) -> None:
    """Both checks are in: the dead link and the verified quote are listed, problems first,
    and each one's button highlights its citing sentence in the article."""
    page = browser.page
    overlay = browser.overlay()
    block = overlay.locator(".panel .citation-checks")
    block.locator(".tally").expect_text("2 of 2 links checked")
    dead = block.locator('li[data-outcome="missing"]')
    dead.expect_contains("\u201cits 2019 transport plan\u201d")
    dead.expect_contains("This link leads to a missing page.")
    verified = block.locator('li[data-verdict="quote_found"]')
    verified.expect_contains("The quote was found on the cited page.")
    verified.expect_contains(f"On the cited page: \u201c{QUOTE}")
    # Problems and verified quotes first, nothing folded away here.
    assert block.locator("details").count() == 0
    assert [block.locator("ul.cited > li").nth(i).attribute("class") for i in (0, 1)] == [
        "bad",
        "good",
    ]

    assert highlighted(page) is None
    verified.locator("button.show").click()
    mark = highlighted(page)
    assert mark is not None
    assert " ".join(mark["text"].split()) == QUOTE_SENTENCE
    assert mark["inArticle"], "the highlight is in the article text"
    assert mark["inViewport"], "the page scrolled to the sentence"
    overlay.locator(".sr[role=status]").expect_contains("Highlighted on the page")

    # The dead link's sentence, through the same highlight.
    dead.locator("button.show").click()
    mark = highlighted(page)
    assert mark is not None
    assert " ".join(mark["text"].split()) == DEAD_SENTENCE
