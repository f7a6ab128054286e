"""A bounded load test on loopback: `python -m server.tools.loadtest --workers 4 --seconds 10`.

Starts a local upstream site and `provenance serve`, then measures requests per second and
p50/p99 latency for uncached scoring (every request a new URL: fetch + score) and cached
scoring (one URL), and each worker's resident memory; with `--outlets N`, the first report of N
outlets the backend has never seen (one local site each); with `--citations N`, the first
report of N articles that each cite 10 pages never checked before (on CITED_SITES local sites),
with the citation checks on (`--no-citation-checks`: off, the baseline). Nothing leaves the
machine: the synthetic article cites only those local sites.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from server.tools import cached_post

CITED_SITES = 10  # local sites the synthetic article cites, one per citation checked
CITED_PAGE = (
    "<!doctype html><html><head><title>Port traffic statistics</title>"
    '<meta property="article:published_time" content="2024-03-01T08:00:00Z"></head><body>'
    "<main><h1>Port traffic statistics</h1>"
    + "".join(
        f"<p>Table {i}: traffic through the port changed by {i}% on last year, the ministry's "
        f"figures show, with {i * 120} vessels in the quarter and Ann Lee in charge.</p>"
        for i in range(30)
    )
    + "</main></body></html>"
).encode()


def synthetic_article(cited: list[str] | None = None, story: str = "") -> bytes:
    """A news-like page of about 10 KB: nav, JSON-LD, byline, 30 paragraphs with links. The
    links go to the `cited` origins in turn (paths under `story`, so that a new story cites
    pages never checked), or to a site off the machine when there are none."""

    def href(i: int) -> str:
        if not cited:
            return f"https://www.example.gov/report-{i}"
        return f"{cited[i % len(cited)]}/{story or 'sources'}/report-{i}"

    paragraphs = "\n".join(
        f'<p>Paragraph {i} of the report. Officials said the figures, <a href="{href(i)}">'
        f"published by the ministry</a>, showed a change of {i}% "
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


def loopback_listener() -> socket.socket:
    """A socket listening on a loopback port the system picked, for a `provenance serve` to
    inherit (`--bind fd://N`, with the descriptor passed to it): unlike a port chosen first and
    bound later, no other process can take it in between."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    return listener


def start_upstream(page: bytes | Callable[[str], bytes]) -> ThreadingHTTPServer:
    """A local site that answers every path with `page` (or `page(path)`); it counts them."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page(self.path) if callable(page) else page
            server.requests += 1  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = 0  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_backend(
    workers: int,
    redis_url: str | None,
    outlet_checks: bool = True,
    citation_checks: bool = False,
    log_level: str = "warning",
    log: Path | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """`provenance serve` on a free port. Citation checks are off unless asked: they would
    fetch whatever the pages served to it cite. Without Redis its shared state starts empty in
    a folder of its own, removed at exit: a run never reads what an earlier one left.

    The server inherits a socket already listening on a port the system picked (`--bind
    fd://N`): no other server can take the port between its choice and the bind, so the health
    check that says it is up can only be answered by this one. Its log goes to `log`, or to a
    file of its own that is shown if it does not start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVENANCE_")}
    state = tempfile.mkdtemp(prefix="provenance-loadtest-")
    atexit.register(shutil.rmtree, state, True)
    env.update(
        PROVENANCE_ALLOWED_NETWORKS="127.0.0.1/32",
        PROVENANCE_RATE_LIMIT="",
        PROVENANCE_LOG_LEVEL=log_level,
        PROVENANCE_STATE_DIR=state,
    )
    if redis_url:
        env["PROVENANCE_REDIS_URL"] = redis_url
    if not outlet_checks:
        env["PROVENANCE_OUTLET_CHECKS"] = "false"
    env["PROVENANCE_CITATION_CHECKS"] = "true" if citation_checks else "false"
    # As fast as the checks can go: the most background work a first report competes with.
    env["PROVENANCE_CITATION_HOST_DELAY"] = "0"
    log = log or Path(state) / "server.log"
    with loopback_listener() as listener:
        port = listener.getsockname()[1]
        fd = listener.fileno()
        cmd = [sys.executable, "-m", "server.cli", "serve", "--bind", f"fd://{fd}"]
        with open(log, "ab") as stderr:
            proc = subprocess.Popen(
                [*cmd, "--workers", str(workers)],
                env=env,
                cwd=Path(__file__).resolve().parents[2],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                pass_fds=(fd,),
            )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # 60 s at most
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return proc, base
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise SystemExit(f"the backend did not start (exit status {proc.returncode}):\n{tail}")


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
    states: Counter[str] | None = None,
) -> None:
    """GET url; record its latency if it answered 200, else count a failure; and count the
    `citation_checks.state` of the reports in `states`."""
    started = time.perf_counter()
    state = None
    try:
        r = session.get(url, timeout=30)
        ok = r.status_code == 200
        if ok and states is not None:
            state = r.json().get("citation_checks", {}).get("state")
    except requests.RequestException:
        ok = False
    elapsed = time.perf_counter() - started
    with lock:
        if ok:
            latencies.append(elapsed)
            if states is not None:
                states[str(state)] += 1
        else:
            failures[0] += 1


def run_once_each(
    concurrency: int, urls: list[str], states: Counter[str] | None = None
) -> tuple[list[float], int, float]:
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
            _timed_get(session, url, latencies, failures, lock, states)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0], time.perf_counter() - started


Row = tuple[str, float, float, float, int, int]


def row(name: str, latencies: list[float], failures: int, elapsed: float) -> Row:
    """A line of the table: requests/s, p50 and p99 in ms, requests, failures."""
    if not latencies:
        raise SystemExit(f"{name}: every request failed")
    return (
        name,
        len(latencies) / elapsed,
        statistics.median(latencies) * 1000,
        percentile(latencies, 99) * 1000,
        len(latencies),
        failures,
    )


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
    p.add_argument(
        "--citations",
        type=int,
        default=0,
        help="also time the first report of this many articles citing 10 unchecked pages each",
    )
    p.add_argument(
        "--no-citation-checks",
        action="store_true",
        help="run the backend with citation checks off (always off with --page)",
    )
    args = p.parse_args(argv)
    if args.cached_post:
        return _cached_post(args)

    # Every page the article cites is on one of these local sites (a saved --page cites sites
    # off the machine: its links are not checked).
    cited_sites = [start_upstream(CITED_PAGE) for _ in range(CITED_SITES)]
    cited = [f"http://127.0.0.1:{s.server_address[1]}" for s in cited_sites]
    page = Path(args.page).read_bytes() if args.page else synthetic_article(cited)
    citation_checks = not args.no_citation_checks and not args.page

    def serve_page(path: str) -> bytes:
        if args.page or not path.startswith("/cite/"):
            return page
        return synthetic_article(cited, story=path.strip("/").replace("/", "-"))

    upstream = start_upstream(serve_page)
    origin = f"http://127.0.0.1:{upstream.server_address[1]}"
    proc, base = start_backend(
        args.workers,
        args.redis_url,
        not args.no_outlet_checks,
        citation_checks,
        args.log_level,
        args.log,
    )
    rows: list[Row] = []
    notes: list[str] = []
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
            rows.append(row(name, latencies, failures, args.seconds))
        if args.outlets:
            # A numeric host's outlet is its host and port: every site here is a new outlet.
            sites = [start_upstream(page) for _ in range(args.outlets)]
            urls = [
                f"{base}/v1/score?url=http://127.0.0.1:{s.server_address[1]}/news/first-story"
                for s in sites
            ]
            latencies, failures, elapsed = run_once_each(args.concurrency, urls)
            rows.append(row("first report, unseen outlet", latencies, failures, elapsed))
            for site in sites:
                site.shutdown()
        if args.citations:
            # Each article is new, and so is every page it cites: each first report queues 10.
            urls = [f"{base}/v1/score?url={origin}/cite/story-{i}" for i in range(args.citations)]
            fetched_before = sum(s.requests for s in cited_sites)  # type: ignore[attr-defined]
            states: Counter[str] = Counter()
            latencies, failures, elapsed = run_once_each(args.concurrency, urls, states)
            rows.append(row("first report, 10 fresh citations", latencies, failures, elapsed))
            fetched = sum(s.requests for s in cited_sites) - fetched_before  # type: ignore[attr-defined]
            notes.append(
                "first reports by citation_checks.state: "
                + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
                + f"; cited pages fetched during the phase: {fetched}"
            )
        rss = worker_rss(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
        upstream.shutdown()
        for site in cited_sites:
            site.shutdown()

    print(
        f"workers={args.workers} concurrency={args.concurrency} seconds={args.seconds} "
        f"page={len(page)} bytes cache={'redis' if args.redis_url else 'in-process'} "
        f"outlet_checks={'off' if args.no_outlet_checks else 'on'} "
        f"citation_checks={'on' if citation_checks else 'off'} cpus={os.cpu_count()}"
    )
    print()
    print("| phase | requests/s | p50 ms | p99 ms | requests | failures |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, rps, p50, p99, count, failures in rows:
        print(f"| {name} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {count} | {failures} |")
    for note in notes:
        print(note)
    print()
    print("worker RSS (MiB): " + ", ".join(f"{kib / 1024:.0f}" for kib in rss))
    return 0


def _cached_post(args: argparse.Namespace) -> int:
    page = Path(args.cached_post)
    upstream = start_upstream(page.read_bytes())  # the outlet's own pages, for its check
    url = f"http://127.0.0.1:{upstream.server_address[1]}/news/cached-post"
    proc, base = start_backend(
        args.workers,
        args.redis_url,
        not args.no_outlet_checks,
        log_level=args.log_level,
        log=args.log,
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
