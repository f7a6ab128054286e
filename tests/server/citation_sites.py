"""A local news site whose article cites one page of every kind a citation check must tell
apart, served by pytest-httpserver (threaded: one page never answers in time)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ARTICLE_DATE = "2026-03-10T08:00:00Z"
LATER_DATE = "2026-04-02T09:00:00Z"
SLOW_SECONDS = 4.0  # the page that never answers in time: well past the tests' fetch timeout
# Settings a test server checks cited links under: fast, and short timeouts for the slow page.
CHECK_SETTINGS: dict[str, Any] = {
    "citation_checks": True,
    "citation_host_delay": 0.0,
    "connect_timeout": 1.0,
    "read_timeout": 1.5,
    "fetch_timeout": 2.0,
}

FILLER = (
    "The harbour board met for three hours on Monday evening and heard from residents, "
    "fishermen and the ferry operator before it voted on the plan for the northern quay. "
    "Several speakers asked for more time to study the traffic survey and the noise report."
)

# case -> (how the article cites it, what the cited page is, expected outcome and verdict)
CITING = {
    "quote": "“Dredging of the northern channel will begin in the first week of May,” the "
    "{link} says.",
    "figures": "The works will cost £18.5m and the contract goes to Northgate Marine, "
    "according to the {link}.",
    "neither": "Ferry fares will rise by 14% to £3.20 from 1 June, the {link} shows.",
    "gone": "The earlier plan put the cost at £9m, as the {link} said at the time.",
    "soft": "Traffic on the quay road doubled after 2019, a {link} found.",
    "moved": "“We will not close the ferry before the bridge opens,” the operator told a {link}.",
    "pdf": "The full survey of the riverbed runs to 212 pages, in the {link}.",
    "slow": "Weekend sailings will fall to 6 a day from 1 July, the {link} says.",
    "later": "Harbour master Ann Lee will run the works from 20 March, said the {link}.",
}
LINK_TEXT = {
    "quote": "harbour board's dredging notice",
    "figures": "tender award",
    "neither": "fares table",
    "gone": "council's 2021 report",
    "soft": "traffic study",
    "moved": "public meeting",
    "pdf": "survey report",
    "slow": "timetable notice",
    "later": "board's appointment notice",
}
EXPECTED: dict[str, tuple[str, str]] = {
    "quote": ("ok", "quote_found"),
    "figures": ("ok", "consistent"),
    "neither": ("ok", "no_match"),
    "gone": ("missing", "not_applicable"),
    "soft": ("soft_404", "not_applicable"),
    "moved": ("home_redirect", "not_applicable"),
    "pdf": ("not_html", "not_applicable"),
    "slow": ("timeout", "not_applicable"),
    "later": ("ok", "consistent"),
}
CASES = list(EXPECTED)
# What the refreshed report finds, and the cases each finding's evidence points at.
FINDINGS = {
    "CITATION_DEAD": {"gone", "soft", "moved"},
    "CITATION_QUOTE_VERIFIED": {"quote"},
    "CITATION_CONSISTENT": {"figures", "later"},
    "CITATION_NOT_SUPPORTED": {"neither"},
    "CITATION_AFTER_ARTICLE": {"later"},
}


def page(title: str, *paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in (*paragraphs, FILLER, FILLER))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )


def dated(when: str) -> str:
    return f'<meta property="article:published_time" content="{when}">'


CITED_PAGES = {
    "quote": page(
        "Dredging notice",
        "Dredging of the northern channel will begin in the first week of May, weather "
        "permitting, and will take about six weeks.",
        head=dated("2026-02-20T09:00:00Z"),
    ),
    "figures": page(
        "Tender award: northern quay works",
        "The board has awarded the contract for the northern quay works to Northgate Marine "
        "Ltd. The contract is worth £18.5 million over two years.",
    ),
    "neither": page(
        "Ferry timetable",
        "The ferry runs every half hour from the south slipway between six in the morning and "
        "nine at night, and every hour on Sundays.",
    ),
    "soft": page("Page not found", "Sorry, we could not find the page you were looking for."),
    "later": page(
        "Appointment of the works lead",
        "Ann Lee, the harbour master, will lead the quay works from 20 March.",
        head=dated(LATER_DATE),
    ),
}
HOME = page("Harbour Board", "Welcome to the harbour board's website.")


def article(cite: Callable[[str], str]) -> str:
    """The article: each case's sentence, its link made by `cite(case)`."""
    paragraphs = [
        CITING[case].format(link=f'<a href="{cite(case)}">{LINK_TEXT[case]}</a>') for case in CASES
    ]
    return page(
        "Harbour board approves northern quay works",
        '<span class="byline">By Jane Doe</span>',
        *paragraphs,
        head=dated(ARTICLE_DATE),
    )


@dataclass
class Site:
    server: HTTPServer
    slow_asked: int = 0  # the log has a request only once it is answered; this one never is

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def cited_path(self, case: str) -> str:
        return f"/cited/{case}" + (".pdf" if case == "pdf" else "")

    def cited_url(self, case: str) -> str:
        return self.url(self.cited_path(case))

    def fetched(self, path: str) -> int:
        if path == "/cited/slow":
            return self.slow_asked
        return sum(1 for request, _ in self.server.log if request.path == path)

    def agents(self, path: str) -> list[str]:
        return [r.headers.get("User-Agent", "") for r, _ in self.server.log if r.path == path]


def serve(server: HTTPServer) -> Site:
    site = Site(server)

    def slow(request: Request) -> Response:
        site.slow_asked += 1
        time.sleep(SLOW_SECONDS)
        return Response(page("Timetable", "Late."), content_type="text/html")

    html = "text/html; charset=utf-8"
    server.expect_request("/").respond_with_data(HOME, content_type=html)
    for name in ("/news/quay-works", "/news/quay-works-again"):
        server.expect_request(name).respond_with_data(article(site.cited_url), content_type=html)
    for case, body in CITED_PAGES.items():
        server.expect_request(f"/cited/{case}").respond_with_data(body, content_type=html)
    server.expect_request("/cited/gone").respond_with_data("Not here", status=404)
    server.expect_request("/cited/moved").respond_with_data(
        "", status=301, headers={"Location": "/"}
    )
    server.expect_request("/cited/pdf.pdf").respond_with_data(
        b"%PDF-1.7\n%survey\n", content_type="application/pdf"
    )
    server.expect_request("/cited/slow").respond_with_handler(slow)
    return site


@pytest.fixture
def site() -> Iterator[Site]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 404
    server.start()
    try:
        yield serve(server)
    finally:
        server.clear()
        server.stop()


def wait_for_checks(get: Callable[[], dict[str, Any]], tries: int = 300) -> dict[str, Any]:
    """Ask again until the report's citation checks are in (30 s at most)."""
    report: dict[str, Any] = {}
    for _ in range(tries):
        report = get()
        if report["citation_checks"]["state"] == "ready":
            return report
        time.sleep(0.1)
    raise AssertionError(f"citation checks still pending: {report.get('citation_checks')}")


def check_report(report: dict[str, Any], site: Site) -> None:
    """Each cited page's outcome and verdict, and the findings they make."""
    checks = {c["url"]: c["check"] for c in report["facts"]["citations"]}
    for case, (outcome, verdict) in EXPECTED.items():
        check = checks[site.cited_url(case)]
        assert check["state"] == "ready", (case, check)
        assert (check["outcome"], check["support"]["verdict"]) == (outcome, verdict), (case, check)
    assert report["citation_checks"] == {
        "state": "ready",
        "checked": len(CASES),
        "total": len(CASES),
        "retry_after": None,
    }
    quote = checks[site.cited_url("quote")]
    assert quote["support"]["matched"].startswith("Dredging of the northern channel")
    assert quote["http_status"] == 200 and quote["published"].startswith("2026-02-20")
    assert checks[site.cited_url("gone")]["http_status"] == 404
    assert checks[site.cited_url("moved")]["final_url"] == site.url("/")
    assert checks[site.cited_url("later")]["published"].startswith("2026-04-02")
    found = {f["rule"]: f for f in report["findings"]}
    for rule, cases in FINDINGS.items():
        assert rule in found, sorted(found)
        pointed = {e["url"] for e in found[rule]["evidence"]}
        assert pointed == {site.cited_url(c) for c in cases}, rule
        for e in found[rule]["evidence"]:
            assert e["quote"]["exact"].endswith(".")  # the citing sentence, whole
    assert "CITATIONS_RESOLVE" not in found  # three of eight answered links lead nowhere
