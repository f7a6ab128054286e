"""`provenance serve`: the API under gunicorn.

Settings come from the admin file's [server] table, then PROVENANCE_* variables, then the
flags here. With no Redis configured every worker keeps its own cache and limits, which is
what a single machine needs, and the workers share outlet checks and saved reports through a
SQLite file in `state_dir` (by default the app's instance folder); with Redis they share all.

SIGHUP reloads the scoring rules in place instead of gunicorn's default (new workers): the
master reads and validates the admin file first, and refuses it (logging every problem) if it
is invalid; otherwise it keeps the new rules for the workers it starts from then on and passes
the SIGHUP to every worker, which reloads on a thread of its own (server.reload). Requests in
flight are not interrupted, and no worker is restarted.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import replace
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.workers.gthread import ThreadWorker

from scoring import ConfigError
from server.reload import Reloader, read_config, reload_on
from server.settings import Settings, SettingsError, load_settings
from server.slow_clients import deadlines


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--bind",
        help="HOST:PORT to listen on (default 127.0.0.1:8000), or fd://N: a listening socket "
        "inherited as file descriptor N",
    )
    p.add_argument("--workers", type=int, help="worker processes (default 2)")
    p.add_argument("--config", help="admin config file: scoring rules and a [server] table")
    p.add_argument("--redis-url", help="share cache and limits through this Redis")
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides = {
        "bind": args.bind,
        "workers": args.workers,
        "redis_url": args.redis_url,
        "log_level": args.log_level,
    }
    try:
        settings = load_settings(args.config, overrides=overrides)
    except SettingsError as e:
        print(e, file=sys.stderr)
        return 1
    problem = inherited_socket_problem(settings.bind)
    if problem:
        print(f"provenance: cannot serve on {settings.bind}: {problem}", file=sys.stderr)
        return 1
    if settings.workers > 1:
        _share_metrics_between_workers()
    if not settings.redis_url and not settings.state_dir:
        settings = replace(settings, state_dir=default_state_dir())
    where = "Redis" if settings.redis_url else "in-process (no Redis configured)"
    shared = "" if settings.redis_url else f"; outlet checks and report links: {settings.state_dir}"
    at = settings.bind if settings.bind.startswith("fd://") else f"http://{settings.bind}"
    print(
        f"provenance: serving on {at} with {settings.workers} workers; "
        f"cache and limits: {where}{shared}",
        file=sys.stderr,
    )
    Server(settings).run()
    return 0


def default_state_dir() -> str:
    """Flask's instance folder for the app: beside the package in a source checkout, else
    under the installation prefix (var/server.app-instance)."""
    from flask import Flask

    return Flask("server.app").instance_path


def _share_metrics_between_workers() -> None:
    """prometheus-client's multiprocess mode, so /metrics counts every worker, not one."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    directory = tempfile.mkdtemp(prefix="provenance-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    atexit.register(shutil.rmtree, directory, True)


def _child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


class ReloadingArbiter(Arbiter):
    def handle_hup(self) -> None:
        """Reload the rules in every worker, in place; an invalid file changes nothing."""
        app: Server = self.app
        in_force = app.settings.scoring.rules_version
        try:
            config = read_config(app.settings.config_path)
        except ConfigError as e:
            self.log.error(
                "SIGHUP: reload refused, rules_version %s stays in force; %d problem(s):\n%s",
                in_force,
                len(e.problems),
                "\n".join(f"  {p}" for p in e.problems),
            )
            return
        app.settings = replace(app.settings, scoring=config)  # for workers started from now on
        self.log.info(
            "SIGHUP: rules_version %s -> %s, reloading every worker",
            in_force,
            config.rules_version,
        )
        self.kill_workers(signal.SIGHUP)

    def spawn_worker(self) -> int:
        # SIGHUP stays blocked from before the fork until the new worker has its handler: a
        # reload passed on to a worker that is still starting is then delivered late, not lost
        # (nor fatal, which is what the default action would be).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
        try:
            pid: int = super().spawn_worker()
            return pid
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGHUP})


# A connection stays with the worker that accepted it. Closed after this many requests (as
# a proxy's keep-alive to its upstream usually is), a client that keeps a few connections busy
# (a proxy, a load generator) is spread over the workers again: the idle worker is the one
# quickest to accept. Left open, all 8 connections of a benchmark were seen on one worker of
# two, which then did all the work (docs/benchmarks.md).
KEEPALIVE_REQUESTS = 100


class ReloadingWorker(ThreadWorker):
    """gunicorn's threaded worker, but SIGHUP reloads the rules instead of ending it, a
    request's headers must arrive within body_timeout, and a connection is closed after
    KEEPALIVE_REQUESTS requests.

    gunicorn reads the headers on the thread that serves the request, so a client that trickles
    them would hold that thread for as long as it likes: a watchdog shuts the socket's read
    side when the time is up (the body has its own deadline, server.slow_clients).
    """

    def handle(self, conn: Any) -> Any:
        sock = conn.sock
        conn.header_watchdog = deadlines().add(
            self.app.settings.body_timeout, lambda: _stop_reading(sock)
        )
        try:
            return super().handle(conn)
        finally:
            deadlines().cancel(conn.header_watchdog)

    def handle_request(self, req: Any, conn: Any) -> Any:
        deadlines().cancel(conn.header_watchdog)  # the headers are in
        if req.req_number >= KEEPALIVE_REQUESTS:
            req.must_close = True  # answered with Connection: close
        return super().handle_request(req, conn)

    def init_signals(self) -> None:
        super().init_signals()
        self.hup = threading.Event()
        # A signal handler must not log or take locks the interrupted code may hold: it only
        # wakes the reload thread.
        signal.signal(signal.SIGHUP, lambda *_: self.hup.set())
        signal.siginterrupt(signal.SIGHUP, False)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGHUP})  # see spawn_worker

    def load_wsgi(self) -> None:
        super().load_wsgi()
        reloader: Reloader = self.wsgi.extensions["provenance.reloader"]
        master = self.ppid
        reloader.fan_out = lambda: os.kill(master, signal.SIGHUP)
        threading.Thread(
            target=reload_on, args=(self.hup, reloader), name="rules-reload", daemon=True
        ).start()
        # What is loaded by now (the app, the engine's data, the libraries) lives as long as the
        # worker: frozen, the collector's full passes skip it. Unfrozen, each full pass walked it
        # all while holding the GIL, a stall of every request of the worker (71-163 ms measured,
        # against 5-32 ms frozen; docs/benchmarks.md).
        gc.collect()
        gc.freeze()


def inherited_socket_problem(bind: str) -> str | None:
    """What is wrong with an inherited socket (`fd://N`): not open, not a socket, not listening;
    None when it is one to serve on, or when `bind` is an address."""
    if not bind.startswith("fd://"):
        return None
    fd = int(bind[5:])
    try:
        dup = os.dup(fd)
    except OSError:
        return f"file descriptor {fd} is not open"
    try:
        sock = socket.socket(fileno=dup)
    except OSError:
        os.close(dup)
        return f"file descriptor {fd} is not a socket"
    with sock:
        listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
    return None if listening else f"the socket on file descriptor {fd} is not listening"


def _stop_reading(sock: Any) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)


class Server(BaseApplication):
    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def run(self) -> None:
        try:
            ReloadingArbiter(self).run()
        except RuntimeError as e:  # as BaseApplication.run does
            print(f"\nError: {e}\n", file=sys.stderr)
            sys.exit(1)

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": s.bind,
            "workers": s.workers,
            "worker_class": ReloadingWorker,
            # Threads only wait (on sites, on clients, on the page readers of server.sandbox):
            # plenty of them keep a worker answering while slow clients and fetches hold some.
            "threads": s.threads,
            # A worker is only killed when it is stuck well past the longest fetch.
            "timeout": int(max(30, s.fetch_timeout * 2 + 10)),
            "graceful_timeout": int(s.fetch_timeout + 5),
            "accesslog": None,  # the app logs every request itself, as JSON
            "errorlog": "-",
            "loglevel": s.log_level,
            "child_exit": _child_exit,
            "proc_name": "provenance",
            # One fixed control-socket path per user would collide between instances.
            "control_socket_disable": True,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from server.app import create_app

        return create_app(self.settings)
