"""schemathesis against /openapi.json: no server error, no response that breaks the schema."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from server.app import create_app
from server.settings import Settings

PAGES = [
    "<html><head><title>T</title></head><body><article><h1>T</h1><p>By Ann Lee</p>"
    + "<p>Text " * 200
    + '<a href="https://www.reuters.com/x">Reuters</a></p></article></body></html>',
    "<!doctype html><p>According to TASS, a person familiar with the matter said so.</p>",
    "",
]
APP = create_app(Settings(rate_limit="", admin_token="fuzz-admin-token-0123456789"))
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def every_host_is_private(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps the fuzzer local: any host it invents "resolves" to a private address, which the
    default settings refuse before connecting. Upstream failures (502, 504) are covered by the
    hostile-upstream tests; here any 5xx is a bug."""
    app_fetcher = APP.extensions["provenance.service"].fetcher

    def private(host: str, port: int, *args: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.255.255.1", port))]

    monkeypatch.setattr(app_fetcher, "_resolve", private)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_matches_its_schema(case: Any) -> None:
    # Whether a URL can be scored depends on what no schema can say (does the host exist, is
    # its address public), so a schema-valid URL may rightly get invalid_url or
    # blocked_address: the positive-data check is left out, every other check runs.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@given(html=st.text(max_size=2000) | st.sampled_from(PAGES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_scored_reports_match_the_report_schema(html: str) -> None:
    """Random URLs rarely parse, so 200s are fed here: any HTML, a fixed valid URL."""
    operation = schema["/v1/score"]["POST"]
    case = operation.Case(body={"url": "https://news.example.com/2024/story", "html": html})
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code == 200
