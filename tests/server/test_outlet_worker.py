"""Outlet checks on Redis Queue: two API processes queue them, a `provenance worker` process
does them, and either API process serves what it found."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from outlet_sites import GOOD, MASTHEAD_NO_NAMES, http_get, wait_until_checked
from outlet_sites import outlet as outlet  # the fixture
from processes import start_cli, stop_processes
from rq import Queue
from test_redis import two_servers as two_servers  # the fixture: two `provenance serve`

from server.outlets import QUEUE_NAME

pytestmark = pytest.mark.redis


@pytest.fixture
def start_worker(redis_url: str, tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Starts `provenance worker` processes on the test Redis; all are stopped at the end."""
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        n = len(procs)
        procs.append(
            start_cli(
                ["worker", "--name", f"test-{n}"],
                tmp_path / f"worker{n}.log",
                PROVENANCE_REDIS_URL=redis_url,
                PROVENANCE_ALLOW_PRIVATE_ADDRESSES="true",
            )
        )
        return procs[-1]

    yield start
    stop_processes(procs)


def test_a_worker_process_completes_checks_queued_by_two_api_processes(
    outlet: Any, two_servers: list[str], start_worker: Any, redis_url: str
) -> None:
    first_site, second_site = outlet(GOOD), outlet(GOOD | {"/masthead": MASTHEAD_NO_NAMES})
    one, two = two_servers
    a = requests.get(f"{one}/v1/score", params={"url": first_site.url()}, timeout=30).json()
    b = requests.post(f"{two}/v1/score", json={"url": second_site.url()}, timeout=30).json()
    assert (a["outlet_checks"]["state"], b["outlet_checks"]["state"]) == ("pending", "pending")
    # The same outlet asked for again, through the other process, is not queued twice.
    requests.get(f"{two}/v1/score", params={"url": first_site.url("/other")}, timeout=30)
    client = redis.Redis.from_url(redis_url)
    assert Queue(QUEUE_NAME, connection=client).count == 2
    assert first_site.paths() == ["/news/dredging", "/other"]  # nothing checked yet

    worker = start_worker()
    # Each API process serves the check the other one queued.
    ready_a = wait_until_checked(http_get(two), first_site.key, tries=600)
    ready_b = wait_until_checked(http_get(one), second_site.key, tries=600)
    assert worker.poll() is None
    assert ready_a["pages"]["masthead"]["people"] == ["Jane Doe", "Tom Baker", "Ann Lee"]
    assert ready_b["pages"]["masthead"]["people"] == []
    assert Queue(QUEUE_NAME, connection=client).count == 0
    ttl = client.ttl(f"pl:outlet:{first_site.key}")
    assert 6 * 24 * 3600 < ttl <= 7 * 24 * 3600

    again = requests.get(f"{one}/v1/score", params={"url": first_site.url()}, timeout=30).json()
    assert again["cached"] is False
    found = {f["rule"] for f in again["findings"]}
    assert {"OUTLET_CORRECTIONS_VERIFIED", "OUTLET_MASTHEAD_NAMES_PEOPLE"} <= found
    other = requests.post(f"{one}/v1/score", json={"url": second_site.url()}, timeout=30).json()
    assert "OUTLET_MASTHEAD_NAMES_PEOPLE" not in {f["rule"] for f in other["findings"]}
    assert other["outlet_checks"]["state"] == "ready"
