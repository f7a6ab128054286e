"""A bounded load test on loopback: `python -m server.tools.loadtest --workers 4 --seconds 10`.

Starts a local upstream site and `provenance serve`, then measures requests per second and
p50/p99 latency for uncached scoring (every request a new URL: fetch + score) and cached
scoring (one URL), and each worker's resident memory; with `--outlets N`, the first report of N
outlets the backend has never seen (one local site each). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from server.tools import cached_post


def synthetic_article() -> bytes:
    """A news-like page of about 10 KB: nav, JSON-LD, byline, 30 paragraphs with links."""
    paragraphs = "\n".join(
        f'<p>Paragraph {i} of the report. Officials said the figures, <a href="https://'
        f'www.example.gov/report-{i}">published by the ministry</a>, showed a change of {i}% '
        f'on last year, according to Reuters. "We expect more," said Ann Lee.</p>'
        for i in range(30)
    )
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Port traffic rises again - Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Port traffic rises again","datePublished":"2024-03-12T08:00:00Z",
"author":{{"@type":"Person","name":"Jane Doe","url":"/staff/jane-doe"}},
"publisher":{{"@type":"Organization","name":"Harbour Gazette"}}}}</script>
</head><body><nav><ul>{nav}</ul></nav><article><h1>Port traffic rises again</h1>
<p class="byline">By <a rel="author" href="/staff/jane-doe">Jane Doe</a></p>
{paragraphs}</article><footer><a href="/about">About</a> <a href="/corrections">Corrections</a>
<a href="/contact">Contact</a></footer></body></html>""".encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_upstream(page: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_backend(
    workers: int,
    redis_url: str | None,
    outlet_checks: bool = True,
    log_level: str = "warning",
    log: Path | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVENANCE_")}
    env.update(
        PROVENANCE_ALLOWED_NETWORKS="127.0.0.1/32",
        PROVENANCE_RATE_LIMIT="",
        PROVENANCE_LOG_LEVEL=log_level,
    )
    if redis_url:
        env["PROVENANCE_REDIS_URL"] = redis_url
    if not outlet_checks:
        env["PROVENANCE_OUTLET_CHECKS"] = "false"
    cmd = [sys.executable, "-m", "server.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    with open(log or os.devnull, "ab") as stderr:
        proc = subprocess.Popen(
            [*cmd, "--workers", str(workers)],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # 60 s at most
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return proc, base
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the backend did not start")


def run_phase(
    concurrency: int, seconds: float, url_for: Callable[[int, int], str]
) -> tuple[list[float], int]:
    """Latencies of successful requests, and the number of failures."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        session = requests.Session()
        i = 0
        while time.monotonic() < stop_at:
            _timed_get(session, url_for(n, i), latencies, failures, lock)
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0]


def _timed_get(
    session: requests.Session,
    url: str,
    latencies: list[float],
    failures: list[int],
    lock: threading.Lock,
) -> None:
    """GET url; record its latency if it answered 200, else count a failure."""
    started = time.perf_counter()
    try:
        ok = session.get(url, timeout=30).status_code == 200
    except requests.RequestException:
        ok = False
    elapsed = time.perf_counter() - started
    with lock:
        if ok:
            latencies.append(elapsed)
        else:
            failures[0] += 1


def run_once_each(concurrency: int, urls: list[str]) -> tuple[list[float], int, float]:
    """Latencies of successful requests for each URL once, failures, and the elapsed time."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    todo = iter(urls)

    def client() -> None:
        session = requests.Session()
        while True:
            with lock:
                url = next(todo, None)
            if url is None:
                return
            _timed_get(session, url, latencies, failures, lock)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0], time.perf_counter() - started


def worker_rss(master: int) -> list[int]:
    """Resident memory (KiB) of each process whose parent is the gunicorn master."""
    out = []
    for entry in cached_post.workers(master):
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        out.append(int(fields.get("VmRSS", "0 kB").split()[0]))
    return sorted(out)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m server.tools.loadtest", description=__doc__)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=8, help="client threads")
    p.add_argument("--seconds", type=float, default=10, help="length of each phase")
    p.add_argument("--redis-url", help="share the cache through this Redis")
    p.add_argument("--page", help="an HTML file to serve instead of the synthetic article")
    p.add_argument(
        "--outlets",
        type=int,
        default=0,
        help="also time the first report of this many unseen outlets (one local site each)",
    )
    p.add_argument(
        "--no-outlet-checks", action="store_true", help="run the backend with outlet checks off"
    )
    p.add_argument(
        "--cached-post",
        metavar="PAGE",
        help="instead: alternate GET /healthz and a cached POST of this page's HTML, same run",
    )
    p.add_argument("--rounds", type=int, default=3, help="--cached-post: healthz/POST pairs")
    p.add_argument(
        "--client",
        choices=["wrk", "python"],
        default=cached_post.default_client(),
        help="--cached-post: the load generator (wrk when it is on PATH)",
    )
    p.add_argument(
        "--log-level",
        default="warning",
        choices=["debug", "info", "warning", "error"],
        help="the backend's (info writes a line per request)",
    )
    p.add_argument("--log", type=Path, help="append the backend's log here (default: dropped)")
    args = p.parse_args(argv)
    if args.cached_post:
        return _cached_post(args)

    page = Path(args.page).read_bytes() if args.page else synthetic_article()
    upstream = start_upstream(page)
    origin = f"http://127.0.0.1:{upstream.server_address[1]}"
    proc, base = start_backend(
        args.workers, args.redis_url, not args.no_outlet_checks, args.log_level, args.log
    )
    rows = []
    try:
        cached_url = f"{origin}/news/cached-story"
        for _ in range(args.workers * 4):  # warm every worker's cache
            requests.get(f"{base}/v1/score", params={"url": cached_url}, timeout=30)
        phases: dict[str, Callable[[int, int], str]] = {
            "uncached (fetch + score)": lambda n, i: (
                f"{base}/v1/score?url={origin}/news/story-{n}-{i}"
            ),
            "cached": lambda n, i: f"{base}/v1/score?url={cached_url}",
        }
        for name, url_for in phases.items():
            latencies, failures = run_phase(args.concurrency, args.seconds, url_for)
            if not latencies:
                raise SystemExit(f"{name}: every request failed")
            rows.append(
                (
                    name,
                    len(latencies) / args.seconds,
                    statistics.median(latencies) * 1000,
                    percentile(latencies, 99) * 1000,
                    len(latencies),
                    failures,
                )
            )
        if args.outlets:
            # A numeric host's outlet is its host and port: every site here is a new outlet.
            sites = [start_upstream(page) for _ in range(args.outlets)]
            urls = [
                f"{base}/v1/score?url=http://127.0.0.1:{s.server_address[1]}/news/first-story"
                for s in sites
            ]
            latencies, failures, elapsed = run_once_each(args.concurrency, urls)
            if not latencies:
                raise SystemExit("first report, unseen outlet: every request failed")
            rows.append(
                (
                    "first report, unseen outlet",
                    len(latencies) / elapsed,
                    statistics.median(latencies) * 1000,
                    percentile(latencies, 99) * 1000,
                    len(latencies),
                    failures,
                )
            )
            for site in sites:
                site.shutdown()
        rss = worker_rss(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
        upstream.shutdown()

    print(
        f"workers={args.workers} concurrency={args.concurrency} seconds={args.seconds} "
        f"page={len(page)} bytes cache={'redis' if args.redis_url else 'in-process'} "
        f"outlet_checks={'off' if args.no_outlet_checks else 'on'} cpus={os.cpu_count()}"
    )
    print()
    print("| phase | requests/s | p50 ms | p99 ms | requests | failures |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, rps, p50, p99, count, failures in rows:
        print(f"| {name} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {count} | {failures} |")
    print()
    print("worker RSS (MiB): " + ", ".join(f"{kib / 1024:.0f}" for kib in rss))
    return 0


def _cached_post(args: argparse.Namespace) -> int:
    page = Path(args.cached_post)
    upstream = start_upstream(page.read_bytes())  # the outlet's own pages, for its check
    url = f"http://127.0.0.1:{upstream.server_address[1]}/news/cached-post"
    proc, base = start_backend(
        args.workers, args.redis_url, not args.no_outlet_checks, args.log_level, args.log
    )
    try:
        pairs = cached_post.compare(
            proc.pid, base, page, url, args.rounds, args.concurrency, args.seconds, args.client
        )
    finally:
        proc.terminate()
        proc.wait(30)
        upstream.shutdown()
    print(
        f"workers={args.workers} client={args.client} concurrency={args.concurrency} "
        f"seconds={args.seconds} page={page.stat().st_size} bytes "
        f"cache={'redis' if args.redis_url else 'in-process'} log_level={args.log_level} "
        f"log={args.log or 'dropped'} cpus={os.cpu_count()} "
        f"load={' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    print()
    cached_post.print_pairs(pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
