"""A cached answer asked for again is sent as it was encoded the first time, but only while it
cannot be stale: its report is final (no check pending), under the rules in force, and still
in the cache. Without Redis only: a shared cache stays the one truth."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from typing import Any

from outlet_sites import ARTICLE, CORRECTIONS, HOME, MASTHEAD, OWNERSHIP, wait_until_checked
from outlet_sites import outlet as outlet  # the fixture
from werkzeug import Request, Response

from server import cache as cache_module
from server.cache import Answers, MemoryCache, encode_answer, final, request_key
from server.slow_clients import Deadlines


def remembered(app: Any) -> int:
    answers = app.extensions["provenance.service"].answers
    return len(answers._answers._data)


def test_a_repeated_request_gets_the_same_bytes_without_reencoding(
    app: Any, make_page: Any, seed_html: bytes
) -> None:
    client = app.test_client()
    body = {"url": "https://news.example.com/2024/harbour", "html": seed_html.decode()}
    first = client.post("/v1/score", json=body)
    assert first.json["cached"] is False
    second = client.post("/v1/score", json=body)  # from the cache, encoded and remembered
    assert remembered(app) == 1
    third = client.post("/v1/score", json=body)  # the remembered bytes
    assert second.json["cached"] is third.json["cached"] is True
    assert third.get_data() == second.get_data()
    assert third.json == {**first.json, "cached": True}
    assert third.content_type == "application/json"
    assert third.headers["X-Content-Type-Options"] == "nosniff"  # every response's headers
    assert third.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_fetched_page_asked_for_again(app: Any, make_page: Any, httpserver: Any) -> None:
    httpserver.expect_request("/p").respond_with_data(make_page(), content_type="text/html")
    client = app.test_client()
    query = {"url": httpserver.url_for("/p")}
    answers = [client.get("/v1/score", query_string=query) for _ in range(3)]
    assert [a.json["cached"] for a in answers] == [False, True, True]
    assert answers[2].get_data() == answers[1].get_data()
    assert remembered(app) == 1
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'provenance_cache_lookups_total{result="hit"} 2.0' in metrics


def test_bad_requests_are_never_remembered(client: Any) -> None:
    for _ in range(3):
        r = client.post("/v1/score", json={"url": "https://example.com/a", "html": 5})
        assert r.status_code == 400


def test_a_pending_report_is_not_remembered_and_its_rescore_is(outlet: Any, make_app: Any) -> None:
    release = threading.Event()

    def slow_home(_: Request) -> Response:
        release.wait(10)
        return Response(HOME, content_type="text/html")

    site = outlet(
        {"/": slow_home, "/news/dredging": ARTICLE, "/corrections": CORRECTIONS}
        | {"/ownership": OWNERSHIP, "/masthead": MASTHEAD}
    )
    app = make_app(outlet_checks=True)
    client = app.test_client()
    body = {"url": site.url(), "html": ARTICLE}
    try:
        for cached in (False, True, True):  # scored, then from the cache while pending
            r = client.post("/v1/score", json=body).json
            assert (r["cached"], r["outlet_checks"]["state"]) == (cached, "pending")
        assert remembered(app) == 0
    finally:
        release.set()
    wait_until_checked(lambda path: client.get(path).json, site.key)
    rescored = client.post("/v1/score", json=body).json
    assert (rescored["cached"], rescored["outlet_checks"]["state"]) == (False, "ready")
    again = [client.post("/v1/score", json=body) for _ in range(2)]
    assert remembered(app) == 1
    assert again[1].get_data() == again[0].get_data()
    assert again[1].json == {**rescored, "cached": True}


def test_answers_last_no_longer_than_their_report(monkeypatch: Any) -> None:
    now = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now[0])
    reports: MemoryCache[dict[str, Any]] = MemoryCache()
    answers = Answers(reports)
    report = {"rules_version": "r1", "score": 50, "outlet_checks": {"state": "ready"}}
    reports.set("k", report, 100)
    now[0] += 60
    key = request_key("r1", "POST", b"{}")
    answers.remember(key, "k", report)
    assert answers.get(key) == encode_answer(report, cached=True)
    now[0] += 39
    assert answers.get(key) is not None
    now[0] += 2  # the report's 100 s are up, and so are its answer's
    assert reports.get("k") is None
    assert answers.get(key) is None


def test_only_final_reports_under_their_own_rules_are_remembered() -> None:
    reports: MemoryCache[dict[str, Any]] = MemoryCache()
    answers = Answers(reports)
    pending = {"rules_version": "r1", "image_checks": {"state": "pending"}}
    ready = {"rules_version": "r1", "image_checks": {"state": "ready"}, "facts": {"state": 1}}
    for key, report in (("a", pending), ("b", ready)):
        reports.set(key, report, 100)
    assert not final(pending)
    assert final(ready)
    answers.remember(request_key("r1", "POST", b"a"), "a", pending)
    answers.remember(request_key("r2", "POST", b"b"), "b", ready)  # scored under r1
    answers.remember(request_key("r1", "POST", b"b"), "b", ready)
    assert answers.get(request_key("r1", "POST", b"a")) is None
    assert answers.get(request_key("r2", "POST", b"b")) is None
    assert answers.get(request_key("r1", "POST", b"b")) is not None


def test_a_rules_reload_leaves_remembered_answers_behind(app: Any, make_page: Any) -> None:
    client = app.test_client()
    body = json.dumps({"url": "https://news.example.com/a", "html": make_page()}).encode()
    for _ in range(2):
        client.post("/v1/score", data=body, content_type="application/json")
    service = app.extensions["provenance.service"]
    assert service.answered("POST", body)[1] is not None
    service.config = replace(service.config, rules_version="reloaded")
    assert service.answered("POST", body)[1] is None
    again = client.post("/v1/score", data=body, content_type="application/json").json
    assert again["cached"] is False  # scored under the rules now in force


def test_deadlines_fire_in_time_order_and_not_once_cancelled() -> None:
    deadlines = Deadlines()
    fired: list[str] = []
    done = threading.Event()
    deadlines.add(60, lambda: fired.append("late"))
    cancelled = deadlines.add(0.05, lambda: fired.append("cancelled"))
    deadlines.cancel(cancelled)
    # Sooner than the deadline the thread sleeps towards: it must be woken for it.
    deadlines.add(0.1, lambda: (fired.append("soon"), done.set()))
    assert done.wait(10)
    time.sleep(0.1)
    assert fired == ["soon"]
