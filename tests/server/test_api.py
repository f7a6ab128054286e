"""The HTTP API end to end: pages served locally, scored through /v1/score, /report and friends."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from scoring import score_html

KEY = "test-key-0123456789abcdef"


def test_a_local_page_is_scored_end_to_end(
    make_page: Any, httpserver: HTTPServer, client: Any
) -> None:
    httpserver.expect_request("/news/harbour").respond_with_data(
        make_page(), content_type="text/html"
    )
    url = httpserver.url_for("/news/harbour")
    r = client.post("/v1/score", json={"url": url})
    assert r.status_code == 200, r.json
    assert r.mimetype == "application/json"
    body = r.json
    assert body.pop("cached") is False
    assert body.pop("report_url").startswith("/report/")
    assert body.pop("citation_checks")["state"] == "off"
    assert body == score_html(make_page().encode(), url).to_dict()
    again = client.get("/v1/score", query_string={"url": url})
    assert again.json["cached"] is True
    assert len(httpserver.log) == 1


def test_the_seed_page_arrives_with_the_engines_findings(
    httpserver: HTTPServer, client: Any, seed_html: bytes
) -> None:
    httpserver.expect_request("/world/russia-venezuela").respond_with_data(
        seed_html, content_type="text/html"
    )
    url = httpserver.url_for("/world/russia-venezuela")
    direct = score_html(seed_html, url).to_dict()
    fetched = client.post("/v1/score", json={"url": url}).json
    posted = client.post("/v1/score", json={"url": url, "html": seed_html.decode()}).json
    assert fetched["findings"] == direct["findings"]
    assert posted["findings"] == direct["findings"]
    assert fetched["score"] == direct["score"]


def test_the_report_page_escapes_page_data_and_says_it_is_not_truth(
    make_page: Any, httpserver: HTTPServer, client: Any
) -> None:
    # Whole tags in a title are dropped as a template's markup; what is left of a broken one
    # ("<img ..." never closed) is text, and the page must escape it.
    hostile = make_page(title="<img src=x onerror=alert(1) <script>alert('x')</script>")
    httpserver.expect_request("/evil").respond_with_data(hostile, content_type="text/html")
    r = client.get("/report", query_string={"url": httpserver.url_for("/evil")})
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)" in page
    assert "not a\n  verdict on whether the article is true" in page
    assert "<meter" in page  # the gauge and group bars
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "<script" not in page and " style=" not in page  # nothing the policy would block


def test_report_links_are_only_http(app: Any) -> None:
    from server.pages import safe_href

    assert safe_href("https://example.com/a") == "https://example.com/a"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href(" JaVaScRiPt:alert(1)") is None
    assert safe_href("data:text/html,x") is None


def test_the_report_page_shows_errors_as_a_page(client: Any) -> None:
    r = client.get("/report", query_string={"url": "ftp://example.com/"})
    assert r.status_code == 400
    assert r.mimetype == "text/html"
    assert "invalid_url" in r.get_data(as_text=True)


@pytest.mark.parametrize(
    ("send", "code"),
    [
        ({"data": "not json", "content_type": "application/json"}, "invalid_request"),
        ({"json": ["a list"]}, "invalid_request"),
        ({"json": {}}, "invalid_request"),
        ({"json": {"url": "https://example.com/a", "htm": "<p>"}}, "invalid_request"),
        ({"json": {"url": "https://example.com/a", "html": 5}}, "invalid_request"),
        ({"json": {"url": 5}}, "invalid_url"),
        ({"json": {"url": "not a url"}}, "invalid_url"),
        ({"json": {"url": "https://example.com/" + "a" * 3000}}, "invalid_url"),
    ],
)
def test_bad_requests_are_problems(send: dict[str, Any], code: str, client: Any) -> None:
    r = client.post("/v1/score", **send)
    assert r.status_code == 400
    assert r.mimetype == "application/problem+json"
    problem = r.json
    assert problem["code"] == code
    assert problem["status"] == 400
    assert set(problem) >= {"type", "title", "status", "detail", "code", "request_id"}


def test_a_misspelt_field_gets_a_suggestion(client: Any) -> None:
    r = client.post("/v1/score", json={"url": "https://example.com/a", "htm": "<p>"})
    assert "did you mean html" in r.json["detail"]


def test_posted_html_over_the_limit_is_too_large(make_app: Any) -> None:
    client = make_app(max_page_bytes=10_000).test_client()
    r = client.post("/v1/score", json={"url": "https://example.com/a", "html": "x" * 10_001})
    assert r.status_code == 413
    assert r.json["code"] == "too_large"
    body = json.dumps({"url": "https://example.com/a", "html": "x" * 200_000})
    r = client.post("/v1/score", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r.json["code"] == "too_large"


def test_unknown_paths_and_methods_are_problems(client: Any) -> None:
    r = client.get("/v2/score")
    assert (r.status_code, r.json["code"]) == (404, "not_found")
    r = client.delete("/v1/score")
    assert (r.status_code, r.json["code"]) == (405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_a_crash_is_a_problem_without_a_stack_trace(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("server.service.score_facts", boom)
    r = client.post("/v1/score", json={"url": "https://example.com/a", "html": "<p>x</p>"})
    assert r.status_code == 500
    assert r.json["code"] == "internal_error"
    assert "secret" not in r.get_data(as_text=True)
    assert "Traceback" not in r.get_data(as_text=True)


def test_request_ids_are_echoed_or_made(client: Any) -> None:
    r = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["X-Request-ID"] == "abc-123"
    r = client.get("/healthz", headers={"X-Request-ID": "bad id <with> spaces"})
    assert len(r.headers["X-Request-ID"]) == 32
    r = client.get("/nowhere")
    assert r.json["request_id"] == r.headers["X-Request-ID"]


def test_logs_are_json_with_request_ids_and_never_html_or_keys(
    make_page: Any, make_app: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_app(api_keys=(KEY,)).test_client()
    capsys.readouterr()
    marker = "UNIQUE-PAGE-TEXT-7f3a"
    client.post(
        "/v1/score",
        json={"url": "https://example.com/a", "html": make_page(body=marker)},
        headers={"Authorization": f"Bearer {KEY}", "X-Request-ID": "req-42"},
    )
    client.get("/v1/rules", headers={"X-API-Key": "wrong-key-but-long-enough"})
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines and all(line["request_id"] for line in lines)
    assert any(line["request_id"] == "req-42" and line["status"] == 200 for line in lines)
    assert marker not in err
    assert KEY not in err and "wrong-key-but-long-enough" not in err


def test_api_keys_when_configured(make_app: Any) -> None:
    client = make_app(api_keys=(KEY,)).test_client()
    r = client.get("/v1/rules")
    assert (r.status_code, r.json["code"]) == (401, "unauthorized")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/v1/rules", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/v1/rules", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert client.get("/v1/rules", headers={"X-API-Key": KEY}).status_code == 200
    assert client.get("/report?url=https://example.com/").status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics").status_code == 200


def test_rules_are_the_effective_config(client: Any) -> None:
    from scoring import load_config

    assert client.get("/v1/rules").json == load_config().to_dict()


def test_health_and_readiness_without_redis(client: Any) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ok", "redis": "not_configured"}


def test_metrics_count_requests_cache_and_fetches(
    make_page: Any, httpserver: HTTPServer, client: Any, tcp_port: Any
) -> None:
    httpserver.expect_request("/m").respond_with_data(make_page(), content_type="text/html")
    url = httpserver.url_for("/m")
    client.get("/v1/score", query_string={"url": url})
    client.get("/v1/score", query_string={"url": url})
    closed = tcp_port()  # reserved, then closed: nothing listens there (unlike, say, port 80)
    client.get("/v1/score", query_string={"url": f"http://127.0.0.1:{closed}/"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'provenance_cache_lookups_total{result="hit"} 1.0' in text
    assert 'provenance_cache_lookups_total{result="miss"} 2.0' in text
    assert 'provenance_fetches_total{outcome="ok"} 1.0' in text
    assert "provenance_http_request_duration_seconds_bucket" in text
    assert 'endpoint="/v1/score",method="GET",status="200"} 2.0' in text


def test_openapi_documents_every_route(make_app: Any) -> None:
    app = make_app(admin_token="an-admin-token-of-some-length")
    spec = app.test_client().get("/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule)  # Flask's <name> is OpenAPI's {name}
        for r in app.url_map.iter_rules()
        if r.endpoint != "static"
    }
    assert rules - {"/"} == set(spec["paths"])
    for name in ("Report", "Problem", "ScoreRequest", "ScoreResponse", "Rules"):
        assert name in spec["components"]["schemas"]
    # Without an admin token the admin endpoints answer 404, and are not documented either.
    assert "/v1/admin/reload" not in make_app().test_client().get("/openapi.json").json["paths"]


def test_the_docs_page_lists_endpoints_and_error_codes(client: Any) -> None:
    page = client.get("/docs").get_data(as_text=True)
    for text in ("/v1/score", "/v1/rules", "/report", 'id="error-blocked_address"'):
        assert text in page
    # Path parameters are shown as such, not as a query.
    assert "Path parameter <code>{domain}</code>" in page
    assert "Query parameter <code>domain</code>" not in page
    assert "Query parameter <code>url</code>" in page
