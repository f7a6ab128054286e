"""Cited links, checked in the background: on the serving process's own thread without Redis,
and by a `provenance worker` process on a real redis-server with it.

The article and every page it cites are on a local pytest-httpserver (citation_sites.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import processes
import pytest
import requests
from citation_sites import (
    ARTICLE_DATE,
    CASES,
    CHECK_SETTINGS,
    SLOW_SECONDS,
    Site,
    check_report,
    dated,
    page,
    wait_for_checks,
)
from citation_sites import site as site  # the fixture
from material import SLOW_PARAGRAPH

from scoring.facts import CitedPage
from server.citation_checks import (
    CitationChecks,
    HostGate,
    MemoryLeases,
    RedisLeases,
    SharedLeases,
)
from server.outlets import MemoryProfileStore, subject_key
from server.redis_link import RedisLink, connect
from server.shared_state import SharedState

CONTACT = "https://provenance.example/about-our-checks"


@pytest.fixture
def check_app(make_app: Any) -> Any:
    def make(**settings: Any) -> Any:
        return make_app(**(CHECK_SETTINGS | settings)).test_client()

    return make


def score(client: Any, url: str) -> dict[str, Any]:
    r = client.get("/v1/score", query_string={"url": url})
    assert r.status_code == 200, r.json
    body: dict[str, Any] = r.json
    return body


def sent_check(client: Any, cited: str) -> dict[str, Any]:
    """The check of the one link in an article a client sends, once it is in."""
    link = f'<a href="{cited}">the notice</a>'
    html = page(
        "Dredging to start",
        f"Dredging of the northern channel starts in May, says {link}.",
        "The board expects the work to take six weeks and to close the quay road at night.",
        head=dated(ARTICLE_DATE),
    )
    body = {"url": "https://news.example/dredging", "html": html}
    client.post("/v1/score", json=body)
    report = wait_for_checks(lambda: client.post("/v1/score", json=body).json)
    (citation,) = report["facts"]["citations"]
    check: dict[str, Any] = citation["check"]
    return check


def test_in_process(site: Site, check_app: Any) -> None:
    client = check_app(contact_url=CONTACT)
    url = site.url("/news/quay-works")
    first = score(client, url)
    # The report never waits: every chosen citation is pending, and so is the whole.
    assert first["citation_checks"] == {
        "state": "pending",
        "checked": 0,
        "total": len(CASES),
        "retry_after": 3,
    }
    assert {c["check"]["state"] for c in first["facts"]["citations"]} == {"pending"}
    assert not {f["rule"] for f in first["findings"]} & {"CITATION_DEAD", "CITATIONS_RESOLVE"}

    report = wait_for_checks(lambda: score(client, url))
    assert report["cached"] is False  # scored again once every check was in
    check_report(report, site)
    for case in CASES:
        assert site.fetched(site.cited_path(case)) == 1, case
    assert site.fetched("/") == 1  # the redirect's end, once
    # Every fetch names the project and where to ask about it.
    (agent,) = site.agents("/cited/quote")
    assert agent.startswith("ProvenanceLens/") and f"(+{CONTACT})" in agent
    assert score(client, url)["cached"] is True
    # The report page says what each check found, in the overlay's words.
    shown = client.get("/report", query_string={"url": url}).get_data(as_text=True)
    for said in (
        "This link leads to a missing page.",
        "This link now leads to the site’s home page, not to the cited page.",
        "The quote was found on the cited page.",
        "The cited page does not contain what it is cited for.",
        "The cited page is dated after this article.",
    ):
        assert said in shown, said


def test_two_articles_citing_the_same_pages_cause_one_fetch_each(
    site: Site, check_app: Any
) -> None:
    client = check_app()
    first, second = site.url("/news/quay-works"), site.url("/news/quay-works-again")
    score(client, first)
    wait_for_checks(lambda: score(client, first))
    again = score(client, second)  # every cited page is known already: ready at once
    assert again["citation_checks"]["state"] == "ready"
    check_report(again, site)
    assert site.fetched("/cited/quote") == 1
    assert site.fetched("/cited/gone") == 1


def test_a_page_with_a_thousand_links_causes_at_most_max_checks_fetches(
    site: Site, check_app: Any
) -> None:
    client = check_app(citation_max_checks=10)
    links = "".join(
        f'<p>Figure {i} is in <a href="{site.url(f"/many/{i}")}">table {i}</a>.</p>'
        for i in range(1000)
    )
    html = f"<html><body><article><h1>Tables</h1>{links}</article></body></html>"
    body = {"url": "https://news.example/tables", "html": html}
    first = client.post("/v1/score", json=body).json
    assert first["citation_checks"]["total"] == 10
    report = wait_for_checks(lambda: client.post("/v1/score", json=body).json)
    checked = [c for c in report["facts"]["citations"] if c["check"] is not None]
    assert len(checked) == 10
    assert {c["check"]["outcome"] for c in checked} == {"missing"}
    assert sum(1 for r, _ in site.server.log if r.path.startswith("/many/")) == 10


def test_only_the_servers_own_fetch_decides(site: Site, check_app: Any) -> None:
    """A client's HTML chooses which links are checked, never what the check finds: the
    article's own words are not taken for the cited page's."""
    client = check_app()
    cited = site.cited_url("neither")
    sentence = "“Fares will be frozen for the whole of next year,” says the {link}."
    html = page(
        "Fares frozen",
        sentence.format(link=f'<a href="{cited}">fares table</a>'),
        "Fares will be frozen for the whole of next year, the table was said to show.",
        head=dated(ARTICLE_DATE),
    )
    body = {"url": site.url("/news/fares"), "html": html}
    client.post("/v1/score", json=body)
    report = wait_for_checks(lambda: client.post("/v1/score", json=body).json)
    (citation,) = report["facts"]["citations"]
    assert citation["check"]["support"]["verdict"] == "no_match"
    assert client.post("/v1/score", json={**body, "check": {}}).status_code == 400


def test_citation_checks_off(site: Site, make_app: Any) -> None:
    client = make_app(citation_checks=False).test_client()
    report = score(client, site.url("/news/quay-works"))
    assert report["citation_checks"] == {
        "state": "off",
        "checked": 0,
        "total": 0,
        "retry_after": None,
    }
    assert {c["check"] for c in report["facts"]["citations"]} == {None}
    assert not any(r.path.startswith("/cited/") for r, _ in site.server.log)


def test_a_cited_link_to_a_private_address_is_refused(site: Site, check_app: Any) -> None:
    """The cited pages go through the safe fetcher: by default, an article (here sent by the
    client) cannot make the server fetch from a loopback or private address."""
    client = check_app(allow_private_addresses=False)
    check = sent_check(client, site.cited_url("quote"))
    assert check["state"] == "failed"
    assert "address" in check["reason"]
    assert site.fetched("/cited/quote") == 0


def test_a_cited_page_over_the_reading_budget_is_given_up(site: Site, check_app: Any) -> None:
    """Read in the serving process's page readers, under the scoring budget: a cited page that
    takes too long to read fails its check, and holds up nothing else."""
    site.server.expect_request("/cited/heavy").respond_with_data(
        # Under the 2 MB a cited page may have.
        f"<article><h1>Heavy</h1>{SLOW_PARAGRAPH * 6_000}</article>",
        content_type="text/html",
    )
    # Reading it costs a tenth of what scoring it does: the budget is cut to match.
    client = check_app(score_budget=0.02)
    check = sent_check(client, site.url("/cited/heavy"))
    assert check["state"] == "failed"
    assert "took longer than 0.02 s" in check["reason"]


def test_the_refreshed_report_validates_against_the_published_schema(
    site: Site, check_app: Any
) -> None:
    client = check_app()
    url = site.url("/news/quay-works")
    score(client, url)
    report = wait_for_checks(lambda: score(client, url))
    spec = client.get("/openapi.json").json
    schema = {"$ref": "#/components/schemas/ScoreResponse", "components": spec["components"]}
    validator = jsonschema_rs.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(report)] == []
    report["facts"]["citations"][0]["check"]["surprise"] = 1
    assert any("surprise" in e.message for e in validator.iter_errors(report))


def test_a_pending_citation_is_queued_once_until_its_check_is_in(recorder: Any) -> None:
    submitted = recorder.submitted
    checks = CitationChecks(MemoryProfileStore(), recorder, max_checks=10)
    url = "https://x.test/report"
    pending = {"citation_checks": {"state": "pending"}}
    pending["facts"] = {"citations": [{"url": url, "check": {"state": "pending"}}]}  # type: ignore[dict-item]
    for _ in range(3):
        checks.annotate({}, {url: None})
        assert not checks.checked_since(pending)
    assert submitted == [url]
    checks.store.put(subject_key(url), CitedPage(url, outcome="ok").to_dict(), 60)
    assert checks.checked_since(pending)


# --- politeness: one fetch at a time per host, some time apart ---------------------------------


@pytest.fixture(params=["memory", "shared", "redis"])
def leases(request: Any, tmp_path: Path) -> Any:
    if request.param == "memory":
        return MemoryLeases()
    if request.param == "shared":
        return SharedLeases(SharedState(tmp_path))
    url = request.getfixturevalue("redis_url")
    return RedisLeases(RedisLink(connect(url)))


def test_one_fetch_at_a_time_per_host_and_a_delay_between(leases: Any) -> None:
    delay = 0.2
    gate = HostGate(leases, delay, wait=30)
    turns: list[tuple[str, float, float]] = []
    lock = threading.Lock()

    def fetch(host: str) -> None:
        with gate.turn(host, hold=10) as turn:
            assert turn
            started = time.monotonic()
            time.sleep(0.05)
            ended = time.monotonic()
        with lock:
            turns.append((host, started, ended))

    threads = [threading.Thread(target=fetch, args=(h,)) for h in ["a.test"] * 4 + ["b.test"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    same = sorted((s, e) for h, s, e in turns if h == "a.test")
    assert len(same) == 4
    for (_, ended), (started, _) in zip(same, same[1:], strict=False):
        assert started >= ended + delay  # never together, and never sooner than the delay
    # Another host does not wait for this one's turn.
    (other,) = [s for h, s, _ in turns if h == "b.test"]
    assert other < same[-1][0]


# --- on Redis: `provenance serve` queues, `provenance worker` fetches --------------------------


@pytest.fixture
def serve_and_work(redis_url: str, tmp_path: Path) -> Iterator[str]:
    """One `provenance serve` and one `provenance worker` on the test Redis, checking cited
    links."""
    settings = {"PROVENANCE_IMAGE_CHECKS": "false", "PROVENANCE_CONTACT_URL": CONTACT}
    settings |= {f"PROVENANCE_{k.upper()}": str(v).lower() for k, v in CHECK_SETTINGS.items()}
    with processes.serve_and_work(redis_url, tmp_path, "citation-test", **settings) as base:
        yield base


@pytest.mark.redis
def test_on_a_worker_process(site: Site, serve_and_work: str, redis_url: str) -> None:
    import redis

    base = serve_and_work

    def get() -> dict[str, Any]:
        r = requests.get(
            f"{base}/v1/score", params={"url": site.url("/news/quay-works")}, timeout=30
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    first = get()
    assert first["citation_checks"]["state"] == "pending"
    report = wait_for_checks(get, tries=int(10 * (30 + SLOW_SECONDS)))
    check_report(report, site)
    for case in CASES:
        assert site.fetched(site.cited_path(case)) == 1, case
    (agent,) = site.agents("/cited/quote")
    assert f"(+{CONTACT})" in agent
    # Kept in Redis for a week, a timeout for an hour.
    client = redis.Redis.from_url(redis_url)
    ttls = sorted(client.ttl(k) for k in client.scan_iter("pl:citation:*"))
    assert len(ttls) == len(CASES)
    assert ttls[0] <= 3600 and ttls[1] > 6 * 24 * 3600
    assert client.ttl(f"pl:citation:{subject_key(site.cited_url('slow'))}") <= 3600


def test_the_settings_are_checked() -> None:
    from server.settings import Settings, SettingsError, validate

    with pytest.raises(SettingsError, match="contact_url"):
        validate(Settings(contact_url="mailto:someone@example.com"))
    with pytest.raises(SettingsError, match="citation_max_checks"):
        validate(Settings(citation_max_checks=0))
    with pytest.raises(SettingsError, match="citation_host_delay"):
        validate(Settings(citation_host_delay=-1))
