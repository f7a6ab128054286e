"""The fetcher waits for an answer as long as read_timeout says, not connect_timeout."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ANSWER_AFTER = 3.0  # seconds before the upstream sends its headers


@pytest.mark.parametrize(("read_timeout", "status"), [(5.0, 200), (1.0, 504)])
def test_read_timeout_is_honoured(
    read_timeout: float, status: int, make_app: Any, make_page: Any, httpserver: HTTPServer
) -> None:
    def late(_: Request) -> Response:
        time.sleep(ANSWER_AFTER)
        return Response(make_page(), content_type="text/html")

    httpserver.expect_request("/late").respond_with_handler(late)
    client = make_app(connect_timeout=1.0, read_timeout=read_timeout, fetch_timeout=10.0)
    r = client.test_client().get("/v1/score", query_string={"url": httpserver.url_for("/late")})
    assert r.status_code == status, r.json
    if status != 200:
        assert r.json["code"] == "fetch_timeout"
