"""Live reload of a real `provenance serve` (gunicorn master and two workers): SIGHUP, an
invalid file, POST /v1/admin/reload, and reloads under concurrent load with a real Redis."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from processes import start_serve, stop_processes
from pytest_httpserver import HTTPServer

from scoring import load_config

TOKEN = "admin-token-for-the-reload-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
URL = "https://news.example.com/2024/03/12/harbour"
WORKERS = 2


def rules_text(author_named: int) -> str:
    return f"[rules]\nAUTHOR_NAMED = {author_named}\n"


def version_of(author_named: int) -> str:
    return load_config(text=rules_text(author_named)).rules_version


def replace_file(path: Path, text: str) -> None:
    """As an admin should: write a new file and rename it over the old one, so a reload never
    reads a half-written file."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def points(report: dict[str, Any], rule: str) -> float | None:
    return next((f["points"] for f in report["findings"] if f["rule"] == rule), None)


def wait_until(check: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


@dataclass
class Served:
    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.text().splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):  # a line still being written
                    out.append(json.loads(line))
        return out

    def reloaded(self, version: str, since: int = 0) -> set[int]:
        """Worker pids that have put `version` in force, counting events from `since` on."""
        return {
            e["pid"]
            for e in self.events()[since:]
            if e.get("outcome") in ("reloaded", "unchanged") and e["rules_version"] == version
        }

    def booted(self) -> int:
        return self.text().count("Booting worker with pid")

    def score(self, html: str, session: Any = requests) -> dict[str, Any]:
        r = session.post(f"{self.base}/v1/score", json={"url": URL, "html": html}, timeout=30)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def rules_version(self) -> str:
        return str(requests.get(f"{self.base}/v1/rules", timeout=10).json()["rules_version"])


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `provenance serve` with PROVENANCE_CONFIG=config; stopped (then killed) at the end."""
    started: list[Served] = []

    def start(config: Path, **env_extra: str) -> Served:
        log = tmp_path / f"serve-{len(started)}.log"
        proc, base = start_serve(
            ["--workers", str(WORKERS)],
            log,
            PROVENANCE_CONFIG=str(config),
            PROVENANCE_ADMIN_TOKEN=TOKEN,
            PROVENANCE_ALLOW_PRIVATE_ADDRESSES="true",
            PROVENANCE_RATE_LIMIT="",
            PROVENANCE_OUTLET_CHECKS="false",  # nothing fetched but the test's own pages
            **env_extra,
        )
        served = Served(base, proc, log)
        started.append(served)

        def up() -> bool:
            if proc.poll() is not None:
                pytest.fail("provenance serve exited:\n" + served.text())
            try:
                return requests.get(f"{served.base}/healthz", timeout=1).ok
            except requests.RequestException:
                return False

        wait_until(up, "provenance serve to answer", timeout=30)
        wait_until(lambda: served.booted() == WORKERS, "every worker to boot")
        return served

    yield start
    stop_processes([s.proc for s in started], signal.SIGINT)  # gunicorn's quick shutdown


def test_sighup_reloads_every_worker_in_place(serve: Any, tmp_path: Path, make_page: Any) -> None:
    config = tmp_path / "admin.toml"
    replace_file(config, rules_text(11))
    server = serve(config)
    old, new = version_of(11), version_of(19)
    assert server.rules_version() == old
    assert points(server.score(make_page()), "AUTHOR_NAMED") == 11

    replace_file(config, rules_text(19))
    os.kill(server.proc.pid, signal.SIGHUP)
    wait_until(lambda: len(server.reloaded(new)) == WORKERS, "both workers to reload")

    with requests.Session() as session:
        for _ in range(6):  # several requests, so both workers answer
            report = server.score(make_page(), session)
            assert (report["rules_version"], points(report, "AUTHOR_NAMED")) == (new, 19)
    assert server.booted() == WORKERS  # reloaded in place: no worker was restarted
    assert f"SIGHUP: rules_version {old} -> {new}" in server.text()


def test_sighup_with_an_invalid_file_logs_every_problem_and_keeps_the_rules(
    serve: Any, tmp_path: Path, make_page: Any
) -> None:
    config = tmp_path / "admin.toml"
    replace_file(config, rules_text(11))
    server = serve(config)
    old = version_of(11)

    replace_file(config, '[rules]\nAUTHOR_NAMD = 19\nNO_LINKED_SOURCES = "x"\n')
    os.kill(server.proc.pid, signal.SIGHUP)
    wait_until(lambda: "reload refused" in server.text(), "the refusal in the log")

    log = server.text()
    assert f"rules_version {old} stays in force; 2 problem(s)" in log
    assert (
        f"{config}:2: rules.AUTHOR_NAMD: unknown rule AUTHOR_NAMD: did you mean AUTHOR_NAMED?"
        in log
    )
    assert f"{config}:3: rules.NO_LINKED_SOURCES: must be a whole number" in log
    with requests.Session() as session:
        for _ in range(6):
            report = server.score(make_page(), session)
            assert (report["rules_version"], points(report, "AUTHOR_NAMED")) == (old, 11)
    assert server.booted() == WORKERS
    assert not [e for e in server.events() if e.get("outcome") == "reloaded"]


def test_post_reload_needs_the_token_and_reaches_every_worker(
    serve: Any, tmp_path: Path, make_page: Any
) -> None:
    config = tmp_path / "admin.toml"
    replace_file(config, rules_text(11))
    server = serve(config)
    new = version_of(19)
    replace_file(config, rules_text(19))

    refused = requests.post(f"{server.base}/v1/admin/reload", timeout=10)
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")
    time.sleep(0.3)  # had it reloaded anything, the log would say so by now
    assert server.reloaded(new) == set()

    r = requests.post(f"{server.base}/v1/admin/reload", headers=BEARER, timeout=10)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["rules_version"]) == ("reloaded", new)
    # The worker that answered asks the master, which reloads the other worker too.
    wait_until(lambda: len(server.reloaded(new)) == WORKERS, "both workers to reload")
    with requests.Session() as session:
        for _ in range(6):
            assert server.score(make_page(), session)["rules_version"] == new
    assert server.booted() == WORKERS


@dataclass
class Answer:
    started: float
    ended: float
    status: int
    rules_version: str | None
    cached: bool | None
    author_points: float | None


@pytest.mark.redis
def test_reloads_under_concurrent_load_fail_no_request_and_serve_no_stale_report(
    serve: Any, tmp_path: Path, redis_url: str, httpserver: HTTPServer, make_page: Any
) -> None:
    """8 clients, 50 to 100 requests each (4 fetched pages, and client HTML), while the rules
    are reloaded four times, by SIGHUP and by POST in turn, between two valid configs."""
    pages = [make_page(title=f"Harbour story {n}") for n in range(4)]
    for n, page in enumerate(pages):
        httpserver.expect_request(f"/story/{n}").respond_with_data(page, content_type="text/html")
    urls = [httpserver.url_for(f"/story/{n}") for n in range(4)]
    config = tmp_path / "admin.toml"
    replace_file(config, rules_text(11))
    server = serve(config, PROVENANCE_REDIS_URL=redis_url)
    weights = {version_of(11): 11, version_of(19): 19}

    answers: list[Answer] = []
    lock = threading.Lock()
    clients_done = threading.Event()
    enough = threading.Event()  # the last reload is in force and answers came in after it

    def client(n: int) -> None:
        with requests.Session() as session:
            for i in range(100):
                if i >= 50 and enough.is_set():
                    break
                url = urls[(n + i) % len(urls)]
                started = time.monotonic()
                if i % 5 == 4:  # client HTML is cached apart from fetched pages
                    body = {"url": url, "html": pages[(n + i) % len(pages)]}
                    r = session.post(f"{server.base}/v1/score", json=body, timeout=30)
                else:
                    r = session.get(f"{server.base}/v1/score", params={"url": url}, timeout=30)
                data = r.json()
                with lock:
                    answers.append(
                        Answer(
                            started,
                            time.monotonic(),
                            r.status_code,
                            data.get("rules_version"),
                            data.get("cached"),
                            points(data, "AUTHOR_NAMED") if r.ok else None,
                        )
                    )

    def answered() -> int:
        with lock:
            return len(answers)

    # (began, in force everywhere, version) per reload
    reloads: list[tuple[float, float, str]] = []
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(client, n) for n in range(8)]
        threading.Thread(
            target=lambda: [f.result() for f in futures] and clients_done.set(), daemon=True
        ).start()
        mark = 0
        for k in range(4):
            wait_until(
                lambda m=mark: answered() >= m + 30 or clients_done.is_set(), "more answers", 30
            )
            weight = 19 if k % 2 == 0 else 11
            version = version_of(weight)
            since = len(server.events())
            replace_file(config, rules_text(weight))
            began = time.monotonic()
            if k % 2 == 0:
                os.kill(server.proc.pid, signal.SIGHUP)
            else:
                r = requests.post(f"{server.base}/v1/admin/reload", headers=BEARER, timeout=10)
                assert r.status_code == 200, r.text
            wait_until(
                lambda v=version, s=since: len(server.reloaded(v, s)) == WORKERS,
                f"reload {k} in every worker",
            )
            reloads.append((began, time.monotonic(), version))
            mark = answered()
        wait_until(lambda: answered() >= mark + 40 or clients_done.is_set(), "more answers", 30)
        enough.set()
        for f in futures:
            f.result()

    assert 8 * 50 <= len(answers) <= 8 * 100
    assert [a for a in answers if not 200 <= a.status < 300] == []
    assert {a.rules_version for a in answers} <= set(weights)
    # Every report carries the rules that scored it, from the cache too.
    assert all(a.author_points == weights[str(a.rules_version)] for a in answers)
    # A request asked for after a reload was in force everywhere, and answered before the next
    # one began, has that reload's rules: never an older report from the cache.
    windows = [(0.0, reloads[0][0], version_of(11))] + [
        (done, reloads[k + 1][0] if k + 1 < len(reloads) else float("inf"), version)
        for k, (_, done, version) in enumerate(reloads)
    ]
    for start, end, version in windows:
        inside = [a for a in answers if start < a.started and a.ended < end]
        assert len(inside) >= 5, "too few answers between two reloads to tell anything"
        stale = [a for a in inside if a.rules_version != version]
        assert stale == [], f"{len(stale)} answers under older rules after a reload"
        assert any(a.cached for a in inside), "no cache hit between reloads: cache not tested"
