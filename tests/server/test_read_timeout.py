"""The fetcher waits for an answer as long as read_timeout says, not connect_timeout."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ANSWER_AFTER = 3.0  # seconds before the upstream sends its headers


@pytest.fixture
def late_site(make_page: Any) -> Iterator[str]:
    """A site of its own (not the shared one): its late answer must not land in another test."""

    def late(_: Request) -> Response:
        time.sleep(ANSWER_AFTER)
        return Response(make_page(), content_type="text/html")

    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/late").respond_with_handler(late)
    server.start()
    yield server.url_for("/late")
    server.stop()  # waits for the answer in progress


@pytest.mark.parametrize(("read_timeout", "status"), [(5.0, 200), (1.0, 504)])
def test_read_timeout_is_honoured(
    read_timeout: float, status: int, make_app: Any, late_site: str
) -> None:
    client = make_app(connect_timeout=1.0, read_timeout=read_timeout, fetch_timeout=10.0)
    r = client.test_client().get("/v1/score", query_string={"url": late_site})
    assert r.status_code == status, r.json
    if status != 200:
        assert r.json["code"] == "fetch_timeout"
