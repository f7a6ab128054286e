"""Local outlets for the outlet-check tests: an article, a home page and policy pages, each
outlet a pytest-httpserver of its own (a numeric host's outlet is its host and port)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FOOTER = """<footer><ul>
<li><a href="/about">About us</a></li><li><a href="/corrections">Corrections</a></li>
<li><a href="/masthead">Masthead</a></li><li><a href="/ownership">Who owns us</a></li>
<li><a href="/contact">Contact</a></li></ul></footer>"""


def page(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><meta property="og:site_name" content="Harbour Gazette"></head>
<body><header><nav><a href="/">Home</a> <a href="/local/">Local</a></nav></header>
<main>{body}</main>{FOOTER}</body></html>"""


ARTICLE = page(
    "Harbour dredging to start in May - Harbour Gazette",
    """<article><h1>Harbour dredging to start in May</h1>
<p class="byline">By <a href="/staff/jane-doe" rel="author">Jane Doe</a></p>
<time datetime="2024-03-12T08:00:00Z">12 March 2024</time>
<p>The harbour authority said on Monday that dredging would start in May, according to
<a href="https://www.gov.uk/harbour-report">a report published by the ministry</a>.</p>
<p>"We expect the work to take six weeks," said Tom Baker, the harbour master.</p>
<p>"""
    + "The quay will stay open to the fishing fleet while the work goes on. " * 30
    + "</p></article>",
)
HOME = page(
    "Harbour Gazette - news from the coast",
    "<h1>Harbour Gazette</h1>"
    + "".join(
        f'<h2><a href="/local/story-{i}">Council debates ferry timetable, part {i}</a></h2>'
        f"<p>Residents of ward {i} asked for later sailings in the winter months.</p>"
        for i in range(12)
    ),
)
CORRECTIONS = page(
    "Corrections - Harbour Gazette",
    """<h1>Corrections</h1><p>We correct our errors openly and promptly.</p><ul>
<li>12 March 2024: An earlier version of a story misstated the cost of the bridge.</li>
<li>3 March 2024: A caption misidentified the harbour master.</li>
<li>20 February 2024: The mayor's name was misspelled.</li></ul>""",
)
MASTHEAD = page(
    "Masthead - Harbour Gazette",
    """<h1>Masthead</h1><ul><li>Jane Doe, Editor-in-Chief</li>
<li>Tom Baker, Managing Editor</li><li>Ann Lee, Harbour Reporter</li></ul>""",
)
MASTHEAD_NO_NAMES = page(
    "Our team - Harbour Gazette",
    """<h1>Our Team</h1><p>Our editorial staff works around the clock.</p><ul>
<li>Editor-in-Chief</li><li>Managing Editor</li><li>News Desk</li><li>Senior Reporter</li>
</ul>""",
)
OWNERSHIP = page(
    "Who owns us - Harbour Gazette",
    "<h1>Who owns us</h1><p>The Harbour Gazette is owned by Coastal Media Holdings Ltd, "
    "a company registered in Wales.</p>",
)
ABOUT = page("About us - Harbour Gazette", "<h1>About us</h1><p>A local paper since 1921.</p>")
CONTACT = page("Contact - Harbour Gazette", "<h1>Contact</h1><p>Write to the newsroom.</p>")
SOFT_404 = page("Page not found - Harbour Gazette", "<h1>Sorry!</h1><p>We looked everywhere.</p>")
# What a catch-all site serves for any address it does not know: no "not found" words at all.
CATCH_ALL = page(
    "Harbour Gazette", "<h1>Looking for something?</h1><p>Try the search box above.</p>"
)

GOOD = {
    "/": HOME,
    "/news/dredging": ARTICLE,
    "/corrections": CORRECTIONS,
    "/masthead": MASTHEAD,
    "/ownership": OWNERSHIP,
    "/about": ABOUT,
    "/contact": CONTACT,
}


class Outlet:
    """A site: a dict of path -> HTML (or a handler), and what it does with any other path."""

    def __init__(self, server: HTTPServer, pages: dict[str, Any], other: Callable[..., Response]):
        self.server = server
        for path, body in pages.items():
            if callable(body):
                server.expect_request(path).respond_with_handler(body)
            else:
                server.expect_request(path).respond_with_data(body, content_type="text/html")
        server.expect_request(re.compile("^/")).respond_with_handler(other)  # any other path

    def url(self, path: str = "/news/dredging") -> str:
        return self.server.url_for(path)

    @property
    def key(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def paths(self) -> list[str]:
        return [req.path for req, _ in self.server.log]


def not_found(_: Request) -> Response:
    return Response("<html><title>404</title></html>", status=404, content_type="text/html")


def catch_all(_: Request) -> Response:
    return Response(CATCH_ALL, content_type="text/html")


def to_home(_: Request) -> Response:
    return Response("", status=302, headers={"Location": "/"})


@pytest.fixture
def outlet() -> Iterator[Callable[..., Outlet]]:
    """outlet(pages, other=not_found): a new local site on its own port (threaded, so one
    slow page does not hold up the others)."""
    servers: list[HTTPServer] = []

    def make(pages: dict[str, Any], other: Callable[..., Response] = not_found) -> Outlet:
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        servers.append(server)
        return Outlet(server, pages, other)

    yield make
    for server in servers:
        server.clear()
        if server.is_running():
            server.stop()


def wait_until_checked(get: Callable[[str], Any], key: str, tries: int = 300) -> dict[str, Any]:
    """Poll GET /v1/outlets/{key} (at most `tries` times, 50 ms apart) until it is not pending."""
    status: dict[str, Any] = {}
    for _ in range(tries):
        status = get(f"/v1/outlets/{key}")
        if status.get("state") in ("ready", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"the outlet check of {key} did not finish: {status}")


def http_get(base: str) -> Callable[[str], Any]:
    return lambda path: requests.get(base + path, timeout=10).json()
