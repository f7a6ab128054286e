"""The embedded default's shared state: one SQLite file that every worker of a machine sees.

First the store itself (expiry, one winner per claim), then real `provenance serve` processes
with several workers and no Redis: every poll of an outlet finds it, whichever worker answers;
one worker runs its check; a report link opens on every worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from outlet_sites import ARTICLE, GOOD
from outlet_sites import outlet as outlet  # the fixture
from processes import start_serve, stop_processes

from server.shared_state import SharedProfileStore, SharedState

WORKERS = 3


def test_entries_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = SharedState(tmp_path)
    now = [1000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    state.set("ns", "a", {"x": 1}, ttl=10)
    assert state.get("ns", "a") == {"x": 1}
    assert state.get("other", "a") is None
    now[0] += 10
    assert state.get("ns", "a") is None
    state.set("ns", "b", {"x": 2}, ttl=0)  # not kept at all
    assert state.get("ns", "b") is None


def test_another_process_view_of_the_file_sees_the_same_entries(tmp_path: Path) -> None:
    one, two = SharedState(tmp_path), SharedState(tmp_path)
    one.set("ns", "k", [1, 2], ttl=60)
    assert two.get("ns", "k") == [1, 2]
    two.delete("ns", "k")
    assert one.get("ns", "k") is None


def test_a_claim_has_one_winner_until_it_expires_or_is_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stores = [SharedProfileStore(SharedState(tmp_path)) for _ in range(4)]
    wins: list[bool] = []
    barrier = threading.Barrier(len(stores) * 3)

    def race(store: SharedProfileStore) -> None:
        barrier.wait()
        wins.append(store.claim("example.com"))

    threads = [threading.Thread(target=race, args=(s,)) for s in stores for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 11 + [True]
    assert all(s.pending("example.com") for s in stores)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600)  # past the pending time
    assert stores[2].claim("example.com")
    stores[1].put("example.com", {"state": "ready"}, ttl=60)  # the check is in: claim released
    assert not stores[2].pending("example.com")
    assert stores[3].get("example.com") == {"state": "ready"}
    # A worker that scored the page before the check was in asks now: no second check.
    assert not stores[0].claim("example.com")
    monkeypatch.setattr(time, "time", lambda: real() + 7200)  # the profile has expired
    assert stores[0].claim("example.com")


def test_old_entries_beyond_the_limit_go_first(tmp_path: Path) -> None:
    state = SharedState(tmp_path, max_entries=3)
    for i in range(5):
        state.set("ns", str(i), i, ttl=100 + i)
    assert [state.get("ns", str(i)) for i in range(5)] == [None, None, 2, 3, 4]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """`provenance serve` with several workers and no Redis; its state folder in tmp_path."""
    procs = []

    def start() -> str:
        proc, base = start_serve(
            ["--workers", str(WORKERS)],
            tmp_path / "serve.log",
            PROVENANCE_STATE_DIR=str(tmp_path / "state"),
            PROVENANCE_ALLOW_PRIVATE_ADDRESSES="true",
            PROVENANCE_RATE_LIMIT="",
        )
        procs.append(proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            booted = (tmp_path / "serve.log").read_text().count("Booting worker")
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok and booted >= WORKERS:
                    return base
            except requests.RequestException:
                pass
            time.sleep(0.2)
        pytest.fail("provenance serve did not start:\n" + (tmp_path / "serve.log").read_text())

    yield start
    stop_processes(procs)


def test_workers_share_outlet_checks_and_run_each_once(outlet: Any, serve: Any) -> None:
    site = outlet(GOOD)
    base = serve()
    body = {"url": site.url(), "html": ARTICLE}
    with ThreadPoolExecutor(8) as pool:  # every worker scores the page and asks for a check
        reports = list(
            pool.map(
                lambda _: requests.post(f"{base}/v1/score", json=body, timeout=30).json(), range(12)
            )
        )
    poll = base + reports[0]["outlet_checks"]["poll"]
    answers = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = requests.get(poll, timeout=10)
        answers.append(r.status_code)
        if r.status_code == 200 and r.json()["state"] != "pending":
            break
        time.sleep(0.1)
    assert set(answers) == {200}, answers  # never "not known" from a worker that did not check
    assert requests.get(poll, timeout=10).json()["state"] == "ready"
    for _ in range(2 * WORKERS):  # every worker has it
        assert requests.get(poll, timeout=10).json()["state"] == "ready"
    assert site.paths().count("/") == 1  # one check of the outlet, by one worker
    # A report link made by one worker opens on every worker.
    link = base + reports[0]["report_url"]
    assert {requests.get(link, timeout=10).status_code for _ in range(4 * WORKERS)} == {200}
