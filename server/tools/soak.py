"""A soak test on loopback: `python -m server.tools.soak --seconds 60`.

Starts a local upstream site and `provenance serve` (its defaults: 2 workers, no Redis), then
for the given time mixes ordinary requests (new URLs, fetched and scored; posted HTML) with
hostile ones (a tag with 62,000 attributes, a page over the scoring budget, JSON nested
100,000 deep, a body that never arrives) and polls /healthz. It prints what each kind got and
how fast, and exits 1 if any ordinary request or health check failed, or anything got a 5xx.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from server.tools.loadtest import percentile, start_backend, start_upstream, synthetic_article

HOSTILE_BODIES: dict[str, bytes] = {
    "62,000 attributes": json.dumps(
        {
            "url": "http://example.com/a",
            "html": "<p " + " ".join(f"a{i}=b" for i in range(62_000)) + ">x</p>",
        }
    ).encode(),
    "over the budget": json.dumps(
        {"url": "http://example.com/b", "html": "<p a=b>" * 59_000}
    ).encode(),
    "JSON 100,000 deep": (
        b'{"url": "http://example.com/c", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
}
HOSTILE_KINDS = [*HOSTILE_BODIES, "slow body"]
JSON = {"Content-Type": "application/json"}
TIMEOUT = 60  # seconds: far beyond any answer; a request that takes this long has failed


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: str, elapsed: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(elapsed)


def timed(tally: Tally, call: Callable[..., str], *args: Any) -> None:
    started = time.perf_counter()
    try:
        status = call(*args)
    except (requests.RequestException, OSError) as e:
        status = type(e).__name__
    tally.add(status, time.perf_counter() - started)


def slow_body(base: str) -> str:
    """Announce 1,000 bytes, send 6, and wait for the server to give up on the rest."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.sendall(
            b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n" + b'{"url"'
        )
        answer = sock.recv(64)
    return answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else "no answer"


def run(base: str, origin: str, seconds: float, ordinary: int, hostile: int) -> dict[str, Tally]:
    tallies = {"ordinary": Tally(), "healthz": Tally()} | {k: Tally() for k in HOSTILE_KINDS}
    page = synthetic_article().decode()
    stop_at = time.monotonic() + seconds

    def ordinary_client(n: int) -> None:
        session = requests.Session()
        i = 0
        while time.monotonic() < stop_at:
            if i % 2:  # fetched by the server, a new URL every time
                query = {"url": f"{origin}/news/soak-{n}-{i}"}
                timed(tallies["ordinary"], status, session.get, "/v1/score", {"params": query})
            else:  # sent by the client
                body = {"url": f"https://harbour.example/soak-{n}-{i}", "html": page}
                timed(tallies["ordinary"], status, session.post, "/v1/score", {"json": body})
            i += 1

    def hostile_client(n: int) -> None:
        session = requests.Session()
        i = n
        while time.monotonic() < stop_at:
            kind = HOSTILE_KINDS[i % len(HOSTILE_KINDS)]
            if kind == "slow body":
                timed(tallies[kind], slow_body, base)
            else:
                sent = {"data": HOSTILE_BODIES[kind], "headers": JSON}
                timed(tallies[kind], status, session.post, "/v1/score", sent)
            i += 1

    def status(method: Callable[..., requests.Response], path: str, kw: dict[str, Any]) -> str:
        return str(method(base + path, timeout=TIMEOUT, **kw).status_code)

    def health() -> None:
        while time.monotonic() < stop_at:
            timed(tallies["healthz"], status, requests.get, "/healthz", {})
            time.sleep(0.25)

    threads = [threading.Thread(target=ordinary_client, args=(n,)) for n in range(ordinary)]
    threads += [threading.Thread(target=hostile_client, args=(n,)) for n in range(hostile)]
    threads.append(threading.Thread(target=health))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tallies


def failed(tallies: dict[str, Tally]) -> list[str]:
    """What went wrong: failed ordinary requests or health checks, and any 5xx."""
    out = []
    for name in ("ordinary", "healthz"):
        bad = {s: n for s, n in tallies[name].statuses.items() if s != "200"}
        if bad:
            out.append(f"{name}: {bad}")
    for name, tally in tallies.items():
        errors = {s: n for s, n in tally.statuses.items() if s.startswith("5")}
        if errors and name != "ordinary":
            out.append(f"{name}: {errors}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m server.tools.soak", description=__doc__)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--ordinary", type=int, default=4, help="ordinary client threads")
    p.add_argument("--hostile", type=int, default=4, help="hostile client threads")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)

    upstream = start_upstream(synthetic_article())
    origin = f"http://127.0.0.1:{upstream.server_address[1]}"
    proc, base = start_backend(args.workers, None, outlet_checks=False)
    try:
        tallies = run(base, origin, args.seconds, args.ordinary, args.hostile)
    finally:
        proc.terminate()
        proc.wait(30)
        upstream.shutdown()
    print(
        f"seconds={args.seconds} workers={args.workers} ordinary={args.ordinary} "
        f"hostile={args.hostile} threads"
    )
    print()
    print("| requests | answers | p50 ms | p99 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for name, t in tallies.items():
        if not t.latencies:
            continue
        answers = ", ".join(f"{s}: {n}" for s, n in sorted(t.statuses.items()))
        print(
            f"| {name} | {answers} | {statistics.median(t.latencies) * 1000:.0f} | "
            f"{percentile(t.latencies, 99) * 1000:.0f} | {max(t.latencies) * 1000:.0f} |"
        )
    problems = failed(tallies)
    for line in problems:
        print("FAILED " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
