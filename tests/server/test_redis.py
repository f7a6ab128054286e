"""With a real redis-server: shared cache, single flight, shared limits, and life without it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from processes import start_serve, stop_processes, wait_until_serving
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

pytestmark = pytest.mark.redis


def slow_article(make_page: Any, title: str, delay: float = 0.5) -> Any:
    def handler(_: Request) -> Response:
        time.sleep(delay)  # long enough for every concurrent request to arrive meanwhile
        return Response(make_page(title=title), content_type="text/html")

    return handler


def test_cache_is_shared_in_redis_and_keyed_by_rules_version(
    make_page: Any, httpserver: HTTPServer, make_app: Any, redis_url: str
) -> None:
    httpserver.expect_request("/s").respond_with_data(make_page(), content_type="text/html")
    url = httpserver.url_for("/s")
    first = make_app(redis_url=redis_url).test_client()
    second = make_app(redis_url=redis_url).test_client()  # another instance, same Redis
    assert first.get("/v1/score", query_string={"url": url}).json["cached"] is False
    hit = second.get("/v1/score", query_string={"url": url}).json
    assert hit["cached"] is True
    assert len(httpserver.log) == 1
    keys = redis.Redis.from_url(redis_url, decode_responses=True).keys("pl:report:*")
    assert [str(k).split(":")[2] for k in keys] == [hit["rules_version"]]
    assert 0 < redis.Redis.from_url(redis_url).ttl(keys[0]) <= 3600


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_twenty_concurrent_requests_fetch_once(
    make_page: Any,
    backend: str,
    httpserver: HTTPServer,
    make_app: Any,
    live_server: Any,
    request: pytest.FixtureRequest,
) -> None:
    settings = {"redis_url": request.getfixturevalue("redis_url")} if backend == "redis" else {}
    base = live_server(make_app(**settings))
    httpserver.expect_request("/viral").respond_with_handler(slow_article(make_page, "Viral"))
    url = httpserver.url_for("/viral")

    def ask(_: int) -> dict[str, Any]:
        r = requests.get(f"{base}/v1/score", params={"url": url}, timeout=30)
        assert r.status_code == 200, r.text
        return dict(r.json())

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(ask, range(20)))
    assert len(httpserver.log) == 1
    assert {a["facts"]["title"] for a in answers} == {"Viral"}
    assert sum(not a["cached"] for a in answers) == 1


def test_waiters_share_the_leaders_failure(
    httpserver: HTTPServer, make_app: Any, live_server: Any, redis_url: str
) -> None:
    def slow_404(_: Request) -> Response:
        time.sleep(0.5)
        return Response("gone", status=404)

    httpserver.expect_request("/gone").respond_with_handler(slow_404)
    base = live_server(make_app(redis_url=redis_url))
    url = httpserver.url_for("/gone")
    with ThreadPoolExecutor(8) as pool:
        codes = list(
            pool.map(
                lambda _: requests.get(f"{base}/v1/score", params={"url": url}, timeout=30).json()[
                    "code"
                ],
                range(8),
            )
        )
    assert codes == ["fetch_failed"] * 8
    assert len(httpserver.log) == 1


def test_fake_html_from_one_client_does_not_change_what_another_gets(
    make_page: Any, httpserver: HTTPServer, make_app: Any, redis_url: str
) -> None:
    httpserver.expect_request("/real").respond_with_data(
        make_page(title="The real story"), content_type="text/html"
    )
    url = httpserver.url_for("/real")
    attacker = make_app(redis_url=redis_url).test_client()
    reader = make_app(redis_url=redis_url).test_client()
    fake = make_page(title="Forged story")
    for _ in range(2):
        r = attacker.post("/v1/score", json={"url": url, "html": fake})
        assert r.json["facts"]["title"].startswith("Forged story")
    got = reader.get("/v1/score", query_string={"url": url}).json
    assert got["facts"]["title"].startswith("The real story")
    assert got["cached"] is False
    assert len(httpserver.log) == 1
    # And the other way round: a fetched report is not what a client's html gets back.
    mine = attacker.post("/v1/score", json={"url": url, "html": fake}).json
    assert mine["facts"]["title"].startswith("Forged story")
    # The forged report's link shows the forged report, on any instance, and only to whoever
    # holds its link: the reader's own link shows the real page.
    assert b"Forged story" in reader.get(mine["report_url"]).data
    assert mine["report_url"] != got["report_url"]
    real = attacker.get(got["report_url"]).data
    assert b"The real story" in real and b"Forged story" not in real


def test_report_links_are_kept_in_redis_as_long_as_the_report(
    make_app: Any, make_page: Any, redis_url: str
) -> None:
    one = make_app(redis_url=redis_url, cache_ttl=120).test_client()
    two = make_app(redis_url=redis_url, cache_ttl=120).test_client()
    report = one.post("/v1/score", json={"url": "https://a.example/x", "html": make_page()}).json
    page = two.get(report["report_url"])
    assert page.status_code == 200 and str(report["score"]).encode() in page.data
    key = "pl:view:" + report["report_url"].rsplit("/", 1)[1]
    assert 0 < redis.Redis.from_url(redis_url).ttl(key) <= 120


def test_rate_limit_is_shared_through_redis(make_app: Any, redis_url: str) -> None:
    one = make_app(redis_url=redis_url, rate_limit="3/minute").test_client()
    two = make_app(redis_url=redis_url, rate_limit="3/minute").test_client()
    assert [one.get("/v1/rules").status_code for _ in range(2)] == [200, 200]
    assert two.get("/v1/rules").status_code == 200
    r = two.get("/v1/rules")
    assert r.status_code == 429
    assert r.mimetype == "application/problem+json"
    assert r.json["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert one.get("/v1/rules").status_code == 429
    assert one.get("/healthz").status_code == 200  # operations endpoints are not limited
    assert redis.Redis.from_url(redis_url).keys("*pl-limits*")


def test_rate_limit_in_memory_without_redis(make_app: Any) -> None:
    client = make_app(rate_limit="2/minute").test_client()
    codes = [client.get("/v1/rules").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_keeps_answering_when_redis_dies(
    make_page: Any, httpserver: HTTPServer, make_app: Any, own_redis: Any
) -> None:
    httpserver.expect_request("/p").respond_with_data(make_page(), content_type="text/html")
    url = httpserver.url_for("/p")
    client = make_app(redis_url=own_redis.url, rate_limit="100/minute").test_client()
    assert client.get("/readyz").json == {"status": "ok", "redis": "ok"}
    assert client.get("/v1/score", query_string={"url": url}).json["cached"] is False
    assert client.get("/v1/score", query_string={"url": url}).json["cached"] is True

    own_redis.kill()

    for _ in range(3):
        r = client.get("/v1/score", query_string={"url": url})
        assert r.status_code == 200
        assert r.json["cached"] is False
    posted = client.post("/v1/score", json={"url": url, "html": make_page()})
    assert posted.status_code == 200
    assert client.get("/readyz").json == {"status": "degraded", "redis": "unreachable"}
    assert "provenance_redis_up 0.0" in client.get("/metrics").get_data(as_text=True)


@pytest.fixture
def two_servers(redis_url: str, tmp_path: Path) -> Iterator[list[str]]:
    """Two `provenance serve` processes on free ports, sharing the test Redis."""
    procs, bases = [], []
    for n in range(2):
        proc, base = start_serve(
            [],
            tmp_path / f"server{n}.log",
            PROVENANCE_REDIS_URL=redis_url,
            PROVENANCE_ALLOW_PRIVATE_ADDRESSES="true",
            PROVENANCE_RATE_LIMIT="",
            PROVENANCE_WORKERS="1",
        )
        procs.append(proc)
        bases.append(base)
    try:
        for n, (base, proc) in enumerate(zip(bases, procs, strict=True)):
            wait_until_serving(base, proc, tmp_path / f"server{n}.log")
        yield bases
    finally:
        stop_processes(procs)


def test_a_cache_hit_across_two_server_processes(
    make_page: Any, httpserver: HTTPServer, two_servers: list[str]
) -> None:
    httpserver.expect_request("/shared").respond_with_data(make_page(), content_type="text/html")
    url = httpserver.url_for("/shared")
    first = requests.post(f"{two_servers[0]}/v1/score", json={"url": url}, timeout=30)
    second = requests.post(f"{two_servers[1]}/v1/score", json={"url": url}, timeout=30)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["cached"] is False
    assert second.json()["cached"] is True
    assert second.json()["findings"] == first.json()["findings"]
    assert len(httpserver.log) == 1
    assert requests.get(f"{two_servers[1]}/readyz", timeout=5).json()["redis"] == "ok"
