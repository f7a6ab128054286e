"""Single flight: however many requests ask for one uncached URL at once, it is fetched once.

The first asker computes; the others wait for its result. In one process a threading.Event
does it; across processes and machines a Redis lock (SET NX with an expiry, so a crashed
holder cannot block the URL for long) and polling of the shared cache.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.problems import Problem
from server.redis_link import RedisLink

ReportJSON = dict[str, Any]
POLL_INTERVAL = 0.05  # seconds between looks at the shared cache while another worker fetches
FAILURE_TTL = 10  # seconds a leader's failure is kept for the requests that waited on it
# Deletes the lock only if it is still ours: it may have expired and been taken by another.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


class Flight(Protocol):
    def run(
        self, key: str, compute: Callable[[], ReportJSON], lookup: Callable[[], ReportJSON | None]
    ) -> tuple[ReportJSON, bool]:
        """(report, shared): shared is True when another request computed it."""
        ...


@dataclass
class _Call:
    done: threading.Event = field(default_factory=threading.Event)
    report: ReportJSON | None = None
    problem: Problem | None = None


class LocalFlight:
    def __init__(self, wait: float):
        self._wait = wait
        self._lock = threading.Lock()
        self._calls: dict[str, _Call] = {}

    def run(
        self, key: str, compute: Callable[[], ReportJSON], lookup: Callable[[], ReportJSON | None]
    ) -> tuple[ReportJSON, bool]:
        with self._lock:
            call = self._calls.get(key)
            leader = call is None
            if call is None:
                call = self._calls[key] = _Call()
        if not leader:
            if call.done.wait(self._wait) and call.report is not None:
                return call.report, True
            if call.problem is not None:
                raise call.problem
            return compute(), False  # the leader is stuck: do not wait forever
        try:
            call.report = compute()
            return call.report, False
        except Problem as e:
            call.problem = e
            raise
        finally:
            with self._lock:
                del self._calls[key]
            call.done.set()


class RedisFlight:
    def __init__(self, link: RedisLink, wait: float):
        self.link = link
        self._wait = wait
        self._lock_ttl_ms = int((wait + 5) * 1000)

    def run(
        self, key: str, compute: Callable[[], ReportJSON], lookup: Callable[[], ReportJSON | None]
    ) -> tuple[ReportJSON, bool]:
        lock, failed = f"pl:lock:{key}", f"pl:failed:{key}"
        token = uuid.uuid4().hex
        # If Redis is down this reads as "got the lock": compute without coordination.
        got = self.link.call(lambda r: r.set(lock, token, nx=True, px=self._lock_ttl_ms), True)
        if not got:
            report = self._wait_for(lock, failed, lookup)
            if report is not None:
                return report, True
        try:
            report = compute()
            self.link.call(lambda r: r.delete(failed), None)
            return report, False
        except Problem as e:
            data = json.dumps({"code": e.code, "detail": e.detail, "status": e.status})
            self.link.call(lambda r: r.set(failed, data, ex=FAILURE_TTL), None)
            raise
        finally:
            self.link.call(lambda r: r.eval(_RELEASE, 1, lock, token), None)

    def _wait_for(
        self, lock: str, failed: str, lookup: Callable[[], ReportJSON | None]
    ) -> ReportJSON | None:
        """The leader's report, its failure raised, or None if it vanished without either."""
        deadline = time.monotonic() + self._wait
        while time.monotonic() < deadline:
            time.sleep(POLL_INTERVAL)
            report = lookup()
            if report is not None:
                return report
            state = self.link.call(lambda r: r.mget(lock, failed), [None, None])
            if state[1] is not None:
                raise Problem.from_dict(json.loads(state[1]))
            if state[0] is None:
                return lookup()
        return None
