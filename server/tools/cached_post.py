"""The cached answer against a health check, in the same run: `loadtest --cached-post PAGE`.

The backend is started once. The page's HTML is POSTed to /v1/score until the answer is cached
and its outlet check is final (the outlet is a local site, so nothing leaves the machine); then
rounds alternate `GET /healthz` and the cached POST, each for `--seconds`, with the same client
and concurrency. Each phase reports requests/s, p50/p99 latency, and the workers' CPU time per
request (user + system, read from /proc), which a busy machine disturbs far less than
throughput. The client is wrk when it is on PATH (with `score_post.lua` beside this file for the
POST), else Python threads on keep-alive connections, which cost the machine more than the
server does: their requests/s are a floor, and only the CPU per request compares with wrk's runs.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from server.cache import final

LUA = Path(__file__).with_name("score_post.lua")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


@dataclass
class Phase:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int
    max_ms: float
    cpu_us: float = 0.0  # the workers' CPU time per request
    busiest: float = 0.0  # the busiest worker's share of that CPU time (connections stick)
    stall_ms: float = 0.0  # the machine's: the longest a 1 ms sleep here overslept


class StallProbe:
    """How late a 1 ms sleep wakes up in this (otherwise idle) process while a phase runs:
    the machine's scheduling delay, which the server's requests suffer too, whatever it does."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            time.sleep(0.001)
            self.worst = max(self.worst, time.perf_counter() - started - 0.001)

    def stop(self) -> float:
        """The worst delay, in ms."""
        self._stop.set()
        self._thread.join()
        return self.worst * 1000


def workers(master: int) -> list[Path]:
    """The /proc entries of the processes whose parent is `master` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2 :].split()[1] == str(master):  # the parent's pid
            found.append(entry)
    return found


def worker_cpu_seconds(master: int) -> dict[int, float]:
    """User + system CPU time of each worker (every thread of it)."""
    tick = 100.0  # USER_HZ on Linux
    times = {}
    for entry in workers(master):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return times


def warm(base: str, body: bytes, seconds: float = 60) -> dict[str, object]:
    """POST until the answer is cached and no check of it is pending on any worker."""
    headers = {"Content-Type": "application/json"}
    deadline = time.monotonic() + seconds
    settled = 0
    while time.monotonic() < deadline:
        report = requests.post(f"{base}/v1/score", data=body, headers=headers, timeout=30).json()
        pending = not final(report)
        settled = settled + 1 if report.get("cached") and not pending else 0
        if settled >= 20:  # every worker has answered from its cache, checks final
            return report
        time.sleep(0.05 if not pending else 0.5)
    raise SystemExit(f"the cached answer did not settle within {seconds:g} s: {report}")


def _ms(text: str) -> float:
    """wrk's 812.00us, 2.43ms or 1.02s in milliseconds."""
    unit = text.lstrip("0123456789.")
    return float(text[: len(text) - len(unit)]) * _UNITS[unit]


def run_wrk(url: str, concurrency: int, seconds: float, lua_args: list[str] | None) -> Phase:
    cmd = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s", "--latency"]
    base = url
    if lua_args is not None:
        cmd += ["-s", str(LUA)]
        base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    out = subprocess.run(
        [*cmd, base, *(["--", *lua_args] if lua_args else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = (int(bad.group(1)) if bad else 0) + (
        sum(int(g) for g in errors.groups()) if errors else 0
    )
    return Phase(
        "",
        float(_find(r"Requests/sec:\s+([\d.]+)", out)),
        _ms(latency["50"]),
        _ms(latency["99"]),
        int(_find(r"(\d+) requests in", out)),
        failures,
        _ms(_find(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out)),
    )


def _find(pattern: str, wrk_output: str) -> str:
    found = re.search(pattern, wrk_output, re.M)
    if found is None:
        raise SystemExit(f"wrk said something unexpected:\n{wrk_output}")
    return found.group(1)


def run_threads(url: str, concurrency: int, seconds: float, body: bytes | None) -> Phase:
    """The same load from Python threads, one keep-alive connection each."""
    parts = urlsplit(url)
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("POST" if body is not None else "GET", parts.path, body, headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not latencies:
        raise SystemExit(f"{url}: every request failed")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return Phase(
        "",
        len(latencies) / seconds,
        statistics.median(latencies) * 1000,
        p99 * 1000,
        len(latencies),
        failures[0],
        ordered[-1] * 1000,
    )


def compare(
    master: int,
    base: str,
    page: Path,
    url: str,
    rounds: int,
    concurrency: int,
    seconds: float,
    client: str,
) -> list[tuple[Phase, Phase]]:
    """Alternate /healthz and the cached POST; each round's pair, healthz first."""
    body = json.dumps({"url": url, "html": page.read_text("utf-8", "surrogateescape")}).encode()
    warm(base, body)
    pairs = []
    for _ in range(rounds):
        pair = []
        for name in ("healthz", "cached POST"):
            post = name != "healthz"
            target = f"{base}/v1/score" if post else f"{base}/healthz"
            cpu = worker_cpu_seconds(master)
            probe = StallProbe()
            if client == "wrk":
                phase = run_wrk(target, concurrency, seconds, [str(page), url] if post else None)
            else:
                phase = run_threads(target, concurrency, seconds, body if post else None)
            phase.name = name
            phase.stall_ms = probe.stop()
            used = [t - cpu.get(pid, 0.0) for pid, t in worker_cpu_seconds(master).items()]
            phase.cpu_us = sum(used) / max(1, phase.requests) * 1e6
            phase.busiest = max(used) / sum(used) if sum(used) else 0.0
            pair.append(phase)
        pairs.append((pair[0], pair[1]))
    return pairs


def default_client() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def print_pairs(pairs: list[tuple[Phase, Phase]]) -> None:
    print(
        "| round | phase | requests/s | p50 ms | p99 ms | max ms | CPU us/request "
        "| busiest worker | machine stall ms | requests | failures |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, pair in enumerate(pairs, 1):
        for p in pair:
            print(
                f"| {i} | {p.name} | {p.rps:.0f} | {p.p50_ms:.1f} | {p.p99_ms:.1f} | "
                f"{p.max_ms:.0f} | {p.cpu_us:.0f} | {p.busiest:.0%} | {p.stall_ms:.0f} | "
                f"{p.requests} | {p.failures} |"
            )
    ratios = [post.rps / health.rps for health, post in pairs]
    cpu = [health.cpu_us / post.cpu_us for health, post in pairs if post.cpu_us]
    print()
    print(
        "cached POST / healthz, requests/s: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + f" (median {statistics.median(ratios):.2f})"
    )
    if cpu:
        print(
            "healthz / cached POST, CPU per request: "
            + ", ".join(f"{r:.2f}" for r in cpu)
            + f" (median {statistics.median(cpu):.2f})"
        )
