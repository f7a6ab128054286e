"""Bounded cost per request: a hostile page or body gets a problem, never a held CPU or a 500,
and the server answers the next request normally."""

from __future__ import annotations

from typing import Any

from material import SLOW_PAGE as SLOW

HOSTILE = "<p " + " ".join(f"a{i}=b" for i in range(62_000)) + ">x</p>"


def test_the_reported_page_is_a_too_complex_problem(client: Any) -> None:
    r = client.post("/v1/score", json={"url": "http://example.com/a", "html": HOSTILE})
    assert r.status_code == 422
    assert r.mimetype == "application/problem+json"
    assert r.json["code"] == "too_complex"


def test_a_page_over_the_budget_is_stopped_and_the_next_one_scored(
    make_app: Any, make_page: Any
) -> None:
    client = make_app(score_budget=0.2).test_client()
    r = client.post("/v1/score", json={"url": "http://example.com/slow", "html": SLOW})
    assert r.status_code == 422
    assert r.json["code"] == "too_complex"
    assert "longer than 0.2 s" in r.json["detail"]
    ok = make_app(score_budget=30).test_client()
    r = ok.post("/v1/score", json={"url": "https://harbour.example/a", "html": make_page()})
    assert r.status_code == 200
    assert r.json["score"] is not None


def test_json_nested_too_deep_is_an_invalid_request(client: Any) -> None:
    for depth in (1_000, 100_000):
        body = '{"url": "http://example.com/a", "x": ' + "[" * depth + "]" * depth + "}"
        r = client.post("/v1/score", data=body, content_type="application/json")
        assert r.status_code == 400, r.json
        assert r.json["code"] == "invalid_request"
