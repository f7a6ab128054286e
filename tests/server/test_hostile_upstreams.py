"""Hostile or broken upstreams each end in a clear problem, within the configured limits."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

LIMITS = {
    "max_page_bytes": 200_000,
    "connect_timeout": 1.0,
    "read_timeout": 1.0,
    "fetch_timeout": 1.5,
}


@pytest.fixture
def client(make_app: Any) -> Any:
    return make_app(**LIMITS).test_client()


def score(client: Any, url: str) -> Any:
    return client.post("/v1/score", json={"url": url})


def test_a_50_mb_body_is_too_large(httpserver: HTTPServer, client: Any) -> None:
    httpserver.expect_request("/big").respond_with_data(
        b"<html><body>" + b"a" * 50_000_000, content_type="text/html"
    )
    r = score(client, httpserver.url_for("/big"))
    assert r.status_code == 422
    assert r.json["code"] == "too_large"


def test_a_body_without_length_is_cut_off_at_the_limit(httpserver: HTTPServer, client: Any) -> None:
    sent = []

    def endless(_: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            yield b"<html><body>"
            for _ in range(800):  # 50 MB at most
                sent.append(1)
                yield b"<p>" + b"a" * 65536 + b"</p>"

        return Response(chunks(), content_type="text/html")

    httpserver.expect_request("/stream").respond_with_handler(endless)
    r = score(client, httpserver.url_for("/stream"))
    assert r.json["code"] == "too_large"
    assert len(sent) < 800  # the fetcher hung up long before the end


def test_decompression_output_is_capped_per_chunk() -> None:
    """Memory stays bounded: a small compressed chunk never unpacks past the room left."""
    from server.fetcher import _Decoder

    bomb = gzip.compress(b"\0" * 10_000_000)
    decoder = _Decoder("gzip")
    assert len(decoder.feed(bomb, 1000)) <= 1000


def test_a_gzip_bomb_is_too_large(httpserver: HTTPServer, client: Any) -> None:
    bomb = gzip.compress(b"<html><body>" + b"\0" * 30_000_000, compresslevel=9)
    assert len(bomb) < LIMITS["max_page_bytes"]  # small on the wire, huge unpacked
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    r = score(client, httpserver.url_for("/bomb"))
    assert r.json["code"] == "too_large"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_pages_are_unpacked(
    make_page: Any, encoding: str, httpserver: HTTPServer, client: Any
) -> None:
    page = make_page(title="Compressed harbour story").encode()
    body = gzip.compress(page) if encoding == "gzip" else zlib.compress(page)
    httpserver.expect_request("/z").respond_with_data(
        body, content_type="text/html", headers={"Content-Encoding": encoding}
    )
    r = score(client, httpserver.url_for("/z"))
    assert r.status_code == 200, r.json
    assert "Compressed harbour story" in (r.json["facts"]["title"] or "")


def test_slow_drip_body_times_out(httpserver: HTTPServer, client: Any) -> None:
    def drip(_: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            yield b"<html><body>"
            for _ in range(100):  # 20 s at most, far beyond the 1.5 s limit
                time.sleep(0.2)
                yield b"<p>x</p>"

        return Response(chunks(), content_type="text/html")

    httpserver.expect_request("/drip").respond_with_handler(drip)
    r = score(client, httpserver.url_for("/drip"))
    assert r.status_code == 504
    assert r.json["code"] == "fetch_timeout"


def test_an_image_served_as_html_is_not_html(httpserver: HTTPServer, client: Any) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + bytes(200)
    httpserver.expect_request("/img").respond_with_data(png, content_type="text/html")
    r = score(client, httpserver.url_for("/img"))
    assert r.status_code == 422
    assert r.json["code"] == "not_html"


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf", "application/json"])
def test_non_html_content_types_are_refused(
    ctype: str, httpserver: HTTPServer, client: Any
) -> None:
    httpserver.expect_request("/file").respond_with_data(b"{}", content_type=ctype)
    assert score(client, httpserver.url_for("/file")).json["code"] == "not_html"


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_upstream_errors_are_fetch_failed(status: int, httpserver: HTTPServer, client: Any) -> None:
    httpserver.expect_request("/err").respond_with_data("nope", status=status)
    r = score(client, httpserver.url_for("/err"))
    assert r.status_code == 502
    assert r.json["code"] == "fetch_failed"
    assert str(status) in r.json["detail"]


def test_a_redirect_loop_is_fetch_failed(httpserver: HTTPServer, client: Any) -> None:
    httpserver.expect_request("/a").respond_with_data("", 302, {"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", 302, {"Location": "/a"})
    r = score(client, httpserver.url_for("/a"))
    assert r.json["code"] == "fetch_failed"
    assert "loop" in r.json["detail"]


def test_more_than_five_redirects_is_fetch_failed(
    make_page: Any, httpserver: HTTPServer, client: Any
) -> None:
    for i in range(7):
        httpserver.expect_request(f"/r{i}").respond_with_data("", 301, {"Location": f"/r{i + 1}"})
    httpserver.expect_request("/r7").respond_with_data(make_page(), content_type="text/html")
    r = score(client, httpserver.url_for("/r0"))
    assert r.json["code"] == "fetch_failed"
    assert len(httpserver.log) == 6  # the first page and five redirects, no more


def test_redirects_are_followed_to_the_article(
    make_page: Any, httpserver: HTTPServer, client: Any
) -> None:
    httpserver.expect_request("/old").respond_with_data("", 301, {"Location": "/new?x=1"})
    httpserver.expect_request("/new").respond_with_data(make_page(), content_type="text/html")
    r = score(client, httpserver.url_for("/old"))
    assert r.status_code == 200, r.json
    assert r.json["url"] == httpserver.url_for("/new?x=1")


def test_a_connection_that_never_answers_times_out(client: Any) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nobody ever reads or writes
    try:
        r = score(client, f"http://127.0.0.1:{silent.getsockname()[1]}/")
    finally:
        silent.close()
    assert r.status_code == 504
    assert r.json["code"] == "fetch_timeout"


def test_headers_that_never_end_time_out(client: Any) -> None:
    """A server that drips header lines forever is stopped by the total time limit."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def drip_headers() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):  # 20 s at most
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    return

    thread = threading.Thread(target=drip_headers, daemon=True)
    thread.start()
    try:
        r = score(client, f"http://127.0.0.1:{server.getsockname()[1]}/")
    finally:
        stop.set()
        thread.join(5)
        server.close()
    assert r.json["code"] == "fetch_timeout"


def test_a_closed_port_is_fetch_failed(client: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert score(client, f"http://127.0.0.1:{port}/").json["code"] == "fetch_failed"


def test_the_header_charset_decodes_the_page(
    make_page: Any, httpserver: HTTPServer, client: Any
) -> None:
    # The page's own meta says utf-8, wrongly; the HTTP header wins (HTML spec), and byte
    # sniffing alone would guess this Central European page wrong.
    page = make_page(title="Łódź żółć gęślą jaźń").encode("iso-8859-2")
    assert b'<meta charset="utf-8">' in page
    httpserver.expect_request("/latin2").respond_with_data(
        page, content_type="text/html; charset=iso-8859-2"
    )
    r = score(client, httpserver.url_for("/latin2"))
    assert r.json["facts"]["title"].startswith("Łódź żółć gęślą jaźń")


def test_the_cli_fetch_uses_the_safe_fetcher(httpserver: HTTPServer, make_page: Any) -> None:
    from server.simple_fetch import SimpleFetchError, fetch_page

    httpserver.expect_request("/ok").respond_with_data(make_page(), content_type="text/html")
    httpserver.expect_request("/png").respond_with_data(b"\x89PNG\r\n", content_type="text/html")
    html, url = fetch_page(httpserver.url_for("/ok"), timeout=5)
    assert url == httpserver.url_for("/ok") and b"Harbour Gazette" in bytes(html)
    with pytest.raises(SimpleFetchError, match="not HTML"):
        fetch_page(httpserver.url_for("/png"), timeout=5)
