"""Fixtures for the backend tests: a guard that keeps all traffic on loopback, and pages."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "al-sahawat-times.html"

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/about">About us</a></nav></header>
<article>
<h1>{title}</h1>
<p class="byline">By <a href="/staff/jane-doe" rel="author">Jane Doe</a></p>
<p>The harbour authority said on Monday that dredging would start in May, according to
<a href="https://www.gov.uk/harbour-report">a report published by the ministry</a>.</p>
<p>"We expect the work to take six weeks," said Tom Baker, the harbour master.
"Ships will be diverted to the north quay," said Ann Lee, a spokesperson.</p>
<p>{body}</p>
</article>
<footer><a href="/corrections">Corrections</a> <a href="/contact">Contact</a></footer>
</body></html>
"""


def article(title: str = "Harbour dredging to start in May", body: str = "") -> str:
    return ARTICLE.format(title=title, body=body or "More detail follows. " * 40)


class ConnectGuard:
    """Refuses (and records) any connection that would leave the machine."""

    def __init__(self) -> None:
        self.refused: list[Any] = []

    def allowed(self, address: Any) -> bool:
        if not isinstance(address, tuple):
            return True  # unix socket
        try:
            ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        except ValueError:
            return False
        return ip.is_loopback


@pytest.fixture(autouse=True)
def connect_guard(monkeypatch: pytest.MonkeyPatch) -> ConnectGuard:
    guard = ConnectGuard()
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        if not guard.allowed(address):
            guard.refused.append(address)
            raise ConnectionRefusedError(f"test guard: no traffic to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return guard


@pytest.fixture
def make_page() -> Callable[..., str]:
    """A small article page: make_page(title=..., body=...)."""
    return article


@pytest.fixture
def seed_html() -> bytes:
    if not SEED.is_file():
        pytest.skip("the seed page is not available")
    return SEED.read_bytes()


class RecordingRunner:
    """A check runner (server.outlets.Runner) that only records what it is given."""

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, key: str, subject: str) -> bool:
        self.submitted.append(subject)
        return True

    def submit_many(self, items: list[tuple[str, str]]) -> int:
        self.submitted += [subject for _, subject in items]
        return len(items)

    def room(self) -> int:
        return 100


@pytest.fixture
def recorder() -> RecordingRunner:
    return RecordingRunner()
