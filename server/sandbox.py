"""Reading pages in worker processes that a deadline can stop.

The engine's bounds (scoring.limits) make known runaways impossible, but a parse is one C call
that no thread can interrupt, so the server also gives every page a hard wall-clock budget: the
page is read (parsed, facts extracted) in a small pool of child processes, and a child that
overruns is killed and replaced. The request then gets 422 `too_complex`, and the serving
thread, which only waited on a pipe, was never blocked. Children run at a lower CPU priority,
so health checks and ordinary requests keep being answered while one works.

Scoring the facts (cheap, and it needs the live config) stays in the serving process. The
pages articles cite, when their checks run in the serving process (server.citation_checks),
are read the same way by one more child at the lowest priority: background work yields the
CPU to the pages readers are waiting for.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from scoring.facts import CitedPage, Facts
from server.problems import Problem

log = logging.getLogger("provenance.server")
NICENESS = 10  # children yield the CPU to the serving threads
# Pages read for background checks (cited pages) yield it to the pages readers wait for.
BACKGROUND_NICENESS = 19
# Seconds a page waits for a free reader: hostile pages each hold one for at most their budget,
# so ordinary pages queue behind them instead of failing.
QUEUE_TIMEOUT = 30
STARTUP_TIMEOUT = 60  # seconds for a new child to start
# Imported by the process the children are forked from: the engine, warmed up once there on a
# page of its own (scoring.warm), so that every child starts with what the engine builds on
# first use (suffix list, patterns, date heuristics) and a replacement starts at once.
PRELOAD = ("scoring.document", "scoring.extract", "scoring.citation_support", "scoring.warm")


def _facts(html: str | bytes, url: str, today: date | None) -> Facts:
    from scoring.document import Document
    from scoring.extract import extract_facts

    return extract_facts(Document.parse(html, url), today)


def _cited(html: str | bytes, url: str, final_url: str, status: int, checked_at: str) -> CitedPage:
    from scoring.citation_support import read_cited_page

    return read_cited_page(html, url, final_url, status, checked_at)


# What a child can be asked to do: read an article into its facts, or a page it cites.
_TASKS: dict[str, Callable[..., Any]] = {"facts": _facts, "cited": _cited}


def _child(conn: Connection, niceness: int) -> None:
    from scoring.limits import TooComplex

    os.nice(niceness)
    conn.send("ready")
    while True:
        try:
            task, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", _TASKS[task](*args)))
        except TooComplex as e:
            conn.send(("too_complex", str(e)))
        except Exception as e:  # reported to the parent, which logs it as a bug
            conn.send(("error", f"{type(e).__name__}: {e}"))


class _Child:
    def __init__(self, ctx: Any, niceness: int):
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=_child, args=(child_end, niceness), daemon=True)
        self.process.start()
        child_end.close()
        # Starting counts against no page's budget: wait for the child to say it is ready.
        try:
            ready = self.conn.poll(STARTUP_TIMEOUT) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RuntimeError("a page reader did not start")

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class Sandbox:
    """At most `size` pages read at once; each must finish within the budget it is given."""

    def __init__(self, size: int, niceness: int = NICENESS):
        self.size = size
        self.niceness = niceness
        # forkserver: children are forked from a clean process with the engine imported, never
        # from a serving process full of threads and locks, and a replacement starts quickly.
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(list(PRELOAD))
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Child] = []
        self._lock = threading.Lock()

    def read(self, html: str | bytes, url: str, budget: float, today: date | None = None) -> Facts:
        """The page's facts, or Problem too_complex when reading it overruns `budget` seconds
        or a bound of the engine; Problem busy when no child frees up within QUEUE_TIMEOUT."""
        facts: Facts = self._run("facts", (html, url, today), url, budget)
        return facts

    def read_cited(
        self,
        html: str | bytes,
        url: str,
        final_url: str,
        status: int,
        checked_at: str,
        budget: float,
    ) -> CitedPage:
        """A page an article cites, read like an article (scoring.citation_support), under the
        same budget and in the same children: never on a serving thread."""
        page: CitedPage = self._run(
            "cited", (html, url, final_url, status, checked_at), url, budget
        )
        return page

    def _run(self, task: str, args: tuple[Any, ...], url: str, budget: float) -> Any:
        if not self._slots.acquire(timeout=QUEUE_TIMEOUT):
            raise Problem("busy", "every page reader is busy; retry shortly")
        try:
            child = self._take()
            try:
                child.conn.send((task, args))
                if not child.conn.poll(budget):
                    child.stop()  # the only way to stop a parse that is stuck in C
                    self.start()  # a replacement, started before the next page needs it
                    log.warning("page reading overran its budget", extra={"url": url})
                    raise Problem("too_complex", f"reading this page took longer than {budget:g} s")
                outcome, value = child.conn.recv()
            except (EOFError, OSError):
                child.stop()
                raise RuntimeError("a page reader died") from None
            self._give_back(child)
        finally:
            self._slots.release()
        if outcome == "too_complex":
            raise Problem("too_complex", f"this page is over a limit: {value}")
        if outcome == "error":
            raise RuntimeError(f"reading a page failed: {value}")
        return value

    def start(self) -> None:
        """Start children up to the pool's size in the background, so that no request waits
        for one to start."""

        def fill() -> None:
            with self._lock:
                missing = self.size - len(self._idle)
            try:
                for _ in range(missing):
                    self._give_back(_Child(self._ctx, self.niceness))
            except RuntimeError:
                log.warning("a page reader did not start; one starts when a page needs it")

        threading.Thread(target=fill, name="sandbox-start", daemon=True).start()

    def _take(self) -> _Child:
        with self._lock:
            while self._idle:
                child = self._idle.pop()
                if child.process.is_alive():
                    return child
                child.stop()
        return _Child(self._ctx, self.niceness)

    def _give_back(self, child: _Child) -> None:
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(child)
                return
        child.stop()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.stop()


_shared: tuple[int, Sandbox] | None = None
_background: tuple[int, Sandbox] | None = None
_shared_lock = threading.Lock()


def shared(size: int) -> Sandbox:
    """This process's pool (one per process, whatever number of apps it builds)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            _shared = (os.getpid(), Sandbox(size))
            _shared[1].start()
        return _shared[1]


def background() -> Sandbox:
    """This process's reader for background checks: one child at the lowest CPU priority,
    started when first needed, so a page a reader waits for always goes first."""
    global _background
    with _shared_lock:
        if _background is None or _background[0] != os.getpid():
            _background = (os.getpid(), Sandbox(1, BACKGROUND_NICENESS))
        return _background[1]
