"""Slow clients: a request body that does not arrive in full in time is dropped with 408.

Under gunicorn every request is served by a thread that reads the body from the socket itself,
so a client that announces 1,000 bytes and sends 6 would hold that thread for as long as it
likes. This middleware reads the whole body before the application sees it, under one deadline
for the whole body (a watchdog shuts the socket's read side when it passes, however the client
paces its bytes), then answers 408 `request_timeout` and closes the connection.

Other servers (the test client, a development server) give no socket: the body is then read
by the application as usual. A buffering proxy in front (docs/deploy.md) is the production
answer for slow headers too; this keeps the embedded default safe on its own.

Every deadline of a process (each request's headers, each body) is kept by one thread,
`Deadlines`: a timer thread of its own for each would cost a thread start per request, which
was a fifth of a worker's time on a cached answer.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import logging
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from server.problems import Problem

log = logging.getLogger("provenance.server")
CHUNK = 65536
BODY = "provenance.body"  # the environ key of the body as read here, as bytes
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Deadlines:
    """Calls each function at its deadline unless it was cancelled first, on one thread.

    The thread sleeps until the earliest deadline it knows of; it is woken only when an earlier
    one arrives, so under steady traffic (every deadline `timeout` from now) it wakes about once
    per timeout, not once per request. Callbacks must be quick: they run one after another.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[int, tuple[float, Callable[[], None]]] = {}
        self._ids = itertools.count()
        self._wake_at = math.inf  # when the thread will next look; inf: when told to
        threading.Thread(target=self._run, name="deadlines", daemon=True).start()

    def add(self, seconds: float, callback: Callable[[], None]) -> int:
        deadline = time.monotonic() + seconds
        with self._cond:
            handle = next(self._ids)
            self._due[handle] = (deadline, callback)
            if deadline < self._wake_at:
                self._wake_at = deadline
                self._cond.notify()
        return handle

    def cancel(self, handle: int) -> None:
        with self._cond:
            self._due.pop(handle, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                now = time.monotonic()
                due = [h for h, (deadline, _) in self._due.items() if deadline <= now]
                callbacks = [self._due.pop(h)[1] for h in due]
                if not callbacks:
                    self._wake_at = min((d for d, _ in self._due.values()), default=math.inf)
                    self._cond.wait(None if self._wake_at == math.inf else self._wake_at - now)
                    continue
            for callback in callbacks:
                try:
                    callback()
                except Exception:
                    log.exception("a deadline's callback failed")


_deadlines: Deadlines | None = None
_deadlines_lock = threading.Lock()


def deadlines() -> Deadlines:
    """This process's Deadlines, started on first use (in each worker, after the fork)."""
    global _deadlines
    if _deadlines is not None:
        return _deadlines
    with _deadlines_lock:
        if _deadlines is None:
            _deadlines = Deadlines()
        return _deadlines


def _forget_deadlines() -> None:
    global _deadlines, _deadlines_lock
    _deadlines, _deadlines_lock = None, threading.Lock()  # the thread did not cross the fork


os.register_at_fork(after_in_child=_forget_deadlines)


class BodyDeadline:
    def __init__(self, app: WSGIApp, timeout: float, max_bytes: int):
        self.app, self.timeout, self.max_bytes = app, timeout, max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        sock = environ.get("gunicorn.socket")
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        declared = environ.get("CONTENT_LENGTH") or "0"
        if sock is None or not (chunked or declared != "0"):
            return self.app(environ, start_response)
        if declared.isdigit() and int(declared) > self.max_bytes:
            return self.app(environ, start_response)  # refused unread (413)
        body = self._read(environ["wsgi.input"], sock)
        if body is None:
            log.info("request body too slow", extra={"code": "request_timeout"})
            return _request_timeout(start_response, self.timeout)
        environ["wsgi.input"] = io.BytesIO(body)
        environ[BODY] = body
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)

    def _read(self, stream: Any, sock: socket.socket) -> bytes | None:
        """The whole body, up to max_bytes + 1; None if the deadline passed first."""
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RD)  # wakes a read that is waiting, whatever its pace

        watchdogs = deadlines()
        watchdog = watchdogs.add(self.timeout, expire)
        chunks: list[bytes] = []
        size = 0
        try:
            while size <= self.max_bytes:
                chunk = stream.read(CHUNK)
                if not chunk or expired.is_set():
                    break
                chunks.append(chunk)
                size += len(chunk)
        except Exception:  # a read cut short by the watchdog, or a client that went away
            if not expired.is_set():
                raise
        finally:
            watchdogs.cancel(watchdog)
        return None if expired.is_set() else b"".join(chunks)


def _request_timeout(start_response: Callable[..., Any], timeout: float) -> list[bytes]:
    problem = Problem("request_timeout", f"the request body did not arrive within {timeout:g} s")
    body = json.dumps(problem.to_dict()).encode()
    start_response(
        f"{problem.status} Request Timeout",
        [
            ("Content-Type", "application/problem+json"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
    )
    return [body]
