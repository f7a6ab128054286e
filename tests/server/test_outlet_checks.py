"""Outlet checks without Redis: the report never waits, the check runs on a background thread
of the serving process, and what it finds reaches the report as findings."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from outlet_sites import (
    ARTICLE,
    CORRECTIONS,
    GOOD,
    HOME,
    MASTHEAD,
    MASTHEAD_NO_NAMES,
    OWNERSHIP,
    SOFT_404,
    catch_all,
    to_home,
    wait_until_checked,
)
from outlet_sites import outlet as outlet  # the fixture
from werkzeug import Request, Response

from server.outlets import MemoryProfileStore, OutletChecks


@pytest.fixture
def checking_app(make_app: Any) -> Any:
    def make(**settings: Any) -> Any:
        return make_app(outlet_checks=True, **settings).test_client()

    return make


def json_get(client: Any) -> Any:
    return lambda path: client.get(path).json


def rules(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["rule"]: f for f in report["findings"]}


def test_the_first_report_is_pending_and_a_later_one_has_the_findings(
    outlet: Any, checking_app: Any
) -> None:
    site = outlet(GOOD)
    client = checking_app()
    first = client.get("/v1/score", query_string={"url": site.url()}).json
    assert first["outlet_checks"]["state"] == "pending"
    assert first["outlet_checks"]["poll"] == f"/v1/outlets/{site.key}"
    assert "OUTLET_CORRECTIONS_VERIFIED" not in rules(first)

    status = wait_until_checked(json_get(client), site.key)
    assert status["state"] == "ready"
    pages = status["pages"]
    # Five fetches at most without Redis: home, a probe, then pages in order of weight.
    assert {k: p["status"] for k, p in pages.items()} == {
        "corrections": "ok",
        "ownership": "ok",
        "masthead": "ok",
        "about": "not_checked",
        "contact": "not_checked",
    }
    assert status["fetches"] == 5
    assert pages["corrections"]["corrections"] == ["2024-03-12", "2024-03-03", "2024-02-20"]
    assert pages["masthead"]["people"] == ["Jane Doe", "Tom Baker", "Ann Lee"]
    assert "Coastal Media Holdings" in pages["ownership"]["owners"][0]

    again = client.get("/v1/score", query_string={"url": site.url()}).json
    assert again["cached"] is False  # rescored: the pending report is out of date
    assert again["outlet_checks"]["state"] == "ready"
    found = rules(again)
    assert "3 dated corrections" in found["OUTLET_CORRECTIONS_VERIFIED"]["description"]
    assert "Jane Doe" in found["OUTLET_MASTHEAD_NAMES_PEOPLE"]["evidence"][0]["text"]
    assert "OUTLET_OWNER_NAMED" in found
    assert "OUTLET_PAGE_MISSING" not in found
    assert client.get("/v1/score", query_string={"url": site.url()}).json["cached"] is True


def test_soft_404s_earn_no_credit_and_are_reported(outlet: Any, checking_app: Any) -> None:
    # /corrections says "Page not found" with a 200; /masthead is whatever the site shows for
    # any address (the probe of a random path gets the same page).
    site = outlet({"/": HOME, "/news/dredging": ARTICLE, "/corrections": SOFT_404}, catch_all)
    client = checking_app()
    assert "OUTLET_CORRECTIONS_POLICY" in rules(
        client.get("/v1/score", query_string={"url": site.url()}).json
    )
    pages = wait_until_checked(json_get(client), site.key)["pages"]
    assert pages["corrections"]["status"] == "soft_404"
    assert "Page not found" in pages["corrections"]["reason"]
    assert pages["masthead"]["status"] == "soft_404"
    assert "any address" in pages["masthead"]["reason"]

    found = rules(client.get("/v1/score", query_string={"url": site.url()}).json)
    missing = found["OUTLET_PAGE_MISSING"]
    assert missing["points"] < 0
    assert {e["url"] for e in missing["evidence"]} >= {site.url("/corrections")}
    # A link to a page that is not there is not a corrections policy.
    assert "OUTLET_CORRECTIONS_POLICY" not in found
    assert "OUTLET_CORRECTIONS_VERIFIED" not in found


def test_a_masthead_without_names(outlet: Any, checking_app: Any) -> None:
    site = outlet({"/": HOME, "/news/dredging": ARTICLE, "/masthead": MASTHEAD_NO_NAMES})
    client = checking_app()
    client.get("/v1/score", query_string={"url": site.url()})
    pages = wait_until_checked(json_get(client), site.key)["pages"]
    assert pages["masthead"]["status"] == "ok"
    assert pages["masthead"]["people"] == []
    assert pages["corrections"]["status"] == "missing"  # a real 404
    found = rules(client.get("/v1/score", query_string={"url": site.url()}).json)
    assert "OUTLET_MASTHEAD_NAMES_PEOPLE" not in found
    assert "OUTLET_MASTHEAD" in found  # the link itself still counts: the page is there
    assert "HTTP 404" in found["OUTLET_PAGE_MISSING"]["evidence"][0]["text"]


def test_a_site_that_redirects_everything_home(outlet: Any, checking_app: Any) -> None:
    site = outlet({"/": HOME, "/news/dredging": ARTICLE}, to_home)
    client = checking_app()
    client.get("/v1/score", query_string={"url": site.url()})
    status = wait_until_checked(json_get(client), site.key)
    assert {p["status"] for p in status["pages"].values()} <= {"home_redirect", "not_checked"}
    assert status["pages"]["corrections"]["status"] == "home_redirect"
    assert status["pages"]["corrections"]["final_url"] == site.url("/")
    found = rules(client.get("/v1/score", query_string={"url": site.url()}).json)
    assert "OUTLET_PAGE_MISSING" in found
    assert "OUTLET_CORRECTIONS_POLICY" not in found


def test_a_slow_outlet_never_holds_up_the_report(outlet: Any, checking_app: Any) -> None:
    entered, release, answered = threading.Event(), threading.Event(), threading.Event()
    never = threading.Event()

    def slow_home(_: Request) -> Response:
        entered.set()
        release.wait(10)
        answered.set()
        return Response(HOME, content_type="text/html")

    def slower_than_the_limit(_: Request) -> Response:
        never.wait(3)  # past the one-second limit below, and bounded all the same
        return Response(CORRECTIONS, content_type="text/html")

    site = outlet(
        {"/": slow_home, "/news/dredging": ARTICLE, "/corrections": slower_than_the_limit}
        | {"/ownership": OWNERSHIP, "/masthead": MASTHEAD}
    )
    client = checking_app(fetch_timeout=1.0, connect_timeout=1.0)
    first = client.get("/v1/score", query_string={"url": site.url()})
    assert first.status_code == 200
    assert first.json["outlet_checks"]["state"] == "pending"
    assert not answered.is_set()  # the report came back while the outlet kept the check waiting
    assert entered.wait(10)  # the check is under way on its own thread
    pending = client.get(f"/v1/outlets/{site.key}")
    assert pending.json["state"] == "pending"
    assert pending.headers["Retry-After"] == "3"
    release.set()

    status = wait_until_checked(json_get(client), site.key)
    assert status["state"] == "ready"
    corrections = status["pages"]["corrections"]
    assert corrections["status"] == "unreachable"
    assert "did not answer in time" in corrections["reason"]
    assert status["pages"]["masthead"]["status"] == "ok"  # the check went on past it
    found = rules(client.get("/v1/score", query_string={"url": site.url()}).json)
    assert "OUTLET_PAGE_MISSING" not in found  # slow is not missing
    assert "OUTLET_CORRECTIONS_POLICY" in found


def test_at_most_n_fetches_per_outlet(outlet: Any, checking_app: Any) -> None:
    site = outlet(GOOD)
    client = checking_app(outlet_max_fetches=3)
    client.get("/v1/score", query_string={"url": site.url()})
    status = wait_until_checked(json_get(client), site.key)
    assert status["fetches"] == 3
    checked = [k for k, p in status["pages"].items() if p["status"] != "not_checked"]
    assert checked == ["corrections"]  # home, the probe, then the weightiest page
    assert site.paths().count("/") == 1
    assert len(site.paths()) == 1 + 3  # the article, then the check's three


def test_a_site_that_is_down_fails_and_says_why(outlet: Any, checking_app: Any) -> None:
    site = outlet({"/news/dredging": ARTICLE}, lambda _: Response("oops", status=503))
    client = checking_app()
    client.get("/v1/score", query_string={"url": site.url()})
    status = wait_until_checked(json_get(client), site.key)
    assert status["state"] == "failed"
    assert "HTTP 503" in status["reason"]
    again = client.get("/v1/score", query_string={"url": site.url()}).json
    assert again["outlet_checks"]["state"] == "failed"
    assert not {"OUTLET_PAGE_MISSING", "OUTLET_CORRECTIONS_VERIFIED"} & set(rules(again))


def test_client_html_is_checked_the_same_way(outlet: Any, checking_app: Any) -> None:
    site = outlet(GOOD)
    client = checking_app()
    body = {"url": site.url(), "html": ARTICLE}
    assert client.post("/v1/score", json=body).json["outlet_checks"]["state"] == "pending"
    wait_until_checked(json_get(client), site.key)
    again = client.post("/v1/score", json=body).json
    assert again["cached"] is False
    assert "OUTLET_CORRECTIONS_VERIFIED" in rules(again)
    assert "/news/dredging" not in site.paths()  # the page itself is never fetched


def test_the_outlets_endpoint(checking_app: Any, make_app: Any) -> None:
    client = checking_app()
    r = client.get("/v1/outlets/example.com")
    assert (r.status_code, r.json["code"]) == (404, "not_found")
    r = client.get("/v1/outlets/not a domain")
    assert (r.status_code, r.json["code"]) == (400, "invalid_request")
    off = make_app().test_client()  # the test default: checks off
    assert off.get("/v1/outlets/example.com").json["detail"].startswith("outlet checks are")


def test_an_outlet_is_queued_once_until_its_check_is_in() -> None:
    class Runner:
        submitted: list[str] = []

        def submit(self, key: str, subject: str) -> bool:
            self.submitted.append(key)
            return True

    store, runner = MemoryProfileStore(), Runner()
    checks = OutletChecks(store, runner)
    for path in ("/a", "/b"):
        lookup = checks.lookup(f"https://www.harbour-gazette.co.uk{path}")
        assert lookup is not None and lookup.state == "pending"
        checks.request(lookup)
    assert runner.submitted == ["harbour-gazette.co.uk"]
    store.release("harbour-gazette.co.uk")  # a lost job: its claim runs out
    checks.request(lookup)
    assert len(runner.submitted) == 2
