"""Shared fixtures: a real redis-server on a free port, the Flask app, and a live server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server process the tests own; `kill()` lets a test take it away mid-run."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            # Flags as a list, so `--save ""` really is an empty value: no snapshots.
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--dir", str(self.directory), "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--logfile", str(self.directory / "redis.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(200):  # about 10 s at most
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        log = (self.directory / "redis.log").read_text(errors="replace")
        self.kill()
        raise RuntimeError(f"redis-server did not start:\n{log}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def tcp_port() -> Callable[[], int]:
    """Returns a function giving a free loopback port."""
    return free_port


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    yield redis_server.url
    client.flushdb()
    client.close()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone, for tests that kill it."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def make_app() -> Callable[..., Any]:
    """create_app with test settings: local pages allowed, no rate limit unless asked, and no
    background outlet, image or citation checks unless asked (they would fetch more from the
    test's pages, or the links they cite)."""
    from server.app import create_app
    from server.settings import Settings, validate

    def make(**overrides: Any) -> Any:
        values: dict[str, Any] = {
            "allow_private_addresses": True,
            "rate_limit": "",
            "outlet_checks": False,
            "image_checks": False,
            "citation_checks": False,
        }
        values.update(overrides)
        app = create_app(validate(Settings(**values)))
        app.config["TESTING"] = True
        return app

    return make


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    return make_app()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], str]]:
    """Serve an app on a free loopback port in a thread; returns its base URL."""
    from werkzeug.serving import make_server

    servers = []

    def start(app: Any) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 (not "localhost", which may also mean ::1)."""
    return ("127.0.0.1", 0)
