"""Starting and stopping the `provenance` processes (serve, worker) that a test runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import requests

from server.tools.loadtest import loopback_listener

ROOT = Path(__file__).resolve().parents[2]


def start_cli(
    args: list[str], log: Path, pass_fds: tuple[int, ...] = (), **settings: str
) -> subprocess.Popen[bytes]:
    """`provenance ARGS` in a child process whose only PROVENANCE_* settings are these, with
    its output in `log` (and the descriptors `pass_fds` inherited)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVENANCE_")}
    # Without Redis, serve keeps shared state in a folder: the test's own, never the checkout's.
    env["PROVENANCE_STATE_DIR"] = str(log.parent / f"{log.stem}-state")
    # The test pages cite addresses off the machine: their links are checked only when asked.
    env["PROVENANCE_CITATION_CHECKS"] = "false"
    env.update(settings)
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "server.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so its workers can be reaped too
            pass_fds=pass_fds,
        )


def start_serve(args: list[str], log: Path, **settings: str) -> tuple[subprocess.Popen[bytes], str]:
    """`provenance serve ARGS` (start_cli) on a loopback port it inherits already bound, with
    its base URL: no other server can hold the port its health check is asked on."""
    with loopback_listener() as listener:
        fd = listener.fileno()
        proc = start_cli(["serve", "--bind", f"fd://{fd}", *args], log, (fd,), **settings)
        return proc, f"http://127.0.0.1:{listener.getsockname()[1]}"


def stop_processes(
    procs: Iterable[subprocess.Popen[bytes]], sig: signal.Signals = signal.SIGTERM
) -> None:
    """Send every process `sig`, then wait for each, killing any that will not stop."""
    procs = list(procs)
    for proc in procs:
        proc.send_signal(sig)
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        # A worker forked while its master was stopping can outlive it: end the whole group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


def wait_until_serving(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Until `provenance serve` at `base` answers its health check (30 s at most); the test
    fails with the server's log if it exits first."""
    for _ in range(300):
        if proc.poll() is not None:
            pytest.fail(log.read_text())
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    pytest.fail(f"provenance serve at {base} did not start")


@contextlib.contextmanager
def serve_and_work(redis_url: str, log_dir: Path, worker: str, **more: str) -> Iterator[str]:
    """One `provenance serve` (one gunicorn worker, local pages allowed, no rate limit, no
    outlet checks) and one `provenance worker` on a test's Redis, with `more` settings; both
    stopped at the end. Yields the server's base URL. The worker must still be running when
    the test is done."""
    settings = {
        "PROVENANCE_REDIS_URL": redis_url,
        "PROVENANCE_ALLOW_PRIVATE_ADDRESSES": "true",
        "PROVENANCE_RATE_LIMIT": "",
        "PROVENANCE_WORKERS": "1",
        "PROVENANCE_OUTLET_CHECKS": "false",
    } | more
    procs: list[subprocess.Popen[bytes]] = []
    try:
        serve_log = log_dir / "serve.log"
        proc, base = start_serve([], serve_log, **settings)
        procs.append(proc)
        procs.append(start_cli(["worker", "--name", worker], log_dir / "worker.log", **settings))
        wait_until_serving(base, procs[0], serve_log)
        yield base
        assert procs[1].poll() is None, (log_dir / "worker.log").read_text()
    finally:
        stop_processes(procs)
