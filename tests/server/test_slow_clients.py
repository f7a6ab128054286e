"""Slow clients and slow sites cannot starve a real `provenance serve` (the embedded default):
while 8 clients trickle their bodies and 8 fetches wait on a site that drips, /healthz and an
ordinary scoring request are still answered, and each slow body is dropped with 408."""

from __future__ import annotations

import http.client
import re
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from processes import start_serve, stop_processes, wait_until_serving

SLOW = 8
DRIP_SECONDS = 6.0  # how long the dripping site takes to send its page


class Drip(socketserver.BaseRequestHandler):
    """A site that sends its headers, then one byte of page every so often."""

    def handle(self) -> None:
        self.request.recv(65536)
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>")
        end = time.monotonic() + DRIP_SECONDS
        while time.monotonic() < end:
            time.sleep(0.5)
            try:
                self.request.sendall(b" ")
            except OSError:
                return


class ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def dripping_site() -> Iterator[str]:
    server = ThreadingServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page"
    server.shutdown()
    server.server_close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`provenance serve` with its defaults but for local pages and a short body deadline."""
    proc, base = start_serve(
        [],
        tmp_path / "serve.log",
        PROVENANCE_ALLOW_PRIVATE_ADDRESSES="true",
        PROVENANCE_RATE_LIMIT="",
        PROVENANCE_OUTLET_CHECKS="false",
        PROVENANCE_BODY_TIMEOUT="3",
    )
    try:
        wait_until_serving(base, proc, tmp_path / "serve.log")
        yield base
    finally:
        stop_processes([proc])


def slow_body(port: int) -> socket.socket:
    """A client that announces 1,000 bytes of body and sends 6."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n" + b'{"url"'
    )
    return sock


def test_slow_headers_are_dropped(served: str) -> None:
    """A client that sends part of its headers and then nothing is disconnected."""
    port = int(served.rsplit(":", 1)[1])
    clients = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(SLOW)]
    try:
        for sock in clients:
            sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        assert requests.get(f"{served}/healthz", timeout=5).status_code == 200
        for sock in clients:
            assert sock.recv(4096) == b""  # closed by the server, long before 30 s
    finally:
        for sock in clients:
            sock.close()


def whole_answer(sock: socket.socket) -> bytes:
    """One HTTP answer, headers and body: a single recv may hold only the headers."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            return answer
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    while length and len(body) < int(length.group(1)):
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_slow_bodies_and_slow_sites_do_not_starve_the_server(
    served: str, dripping_site: str, make_page: Any
) -> None:
    port = int(served.rsplit(":", 1)[1])
    bodies = [slow_body(port) for _ in range(SLOW)]
    fetches = [
        threading.Thread(
            target=requests.get,
            args=(f"{served}/v1/score",),
            kwargs={"params": {"url": dripping_site}, "timeout": 60},
            daemon=True,
        )
        for _ in range(SLOW)
    ]
    try:
        for t in fetches:
            t.start()
        time.sleep(1)  # every slow client is in by now
        for _ in range(3):
            assert requests.get(f"{served}/healthz", timeout=5).status_code == 200
        ordinary = requests.post(
            f"{served}/v1/score",
            json={"url": "https://harbour.example/news/a", "html": make_page()},
            timeout=30,
        )
        assert ordinary.status_code == 200
        for sock in bodies:
            answer = whole_answer(sock)
            assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b'"code": "request_timeout"' in answer
    finally:
        for sock in bodies:
            sock.close()
        for t in fetches:
            t.join(60)


def test_a_keep_alive_connection_is_closed_after_its_share_of_requests(served: str) -> None:
    """So that a client with a few busy connections is spread over the workers again."""
    from server.serve import KEEPALIVE_REQUESTS

    port = int(served.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    said = []
    for _ in range(KEEPALIVE_REQUESTS):
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        said.append(response.getheader("Connection"))
    assert said[:-1] == ["keep-alive"] * (KEEPALIVE_REQUESTS - 1)
    assert said[-1] == "close"
    conn.close()
