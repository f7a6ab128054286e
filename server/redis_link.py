"""The shared Redis connection, and what to do when Redis is gone: carry on without it.

After a failed call Redis is left alone for a short pause, so a dead Redis costs one quick
failure per pause, not one per request. `/readyz` asks Redis directly.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger("provenance.server")
PAUSE_AFTER_FAILURE = 2.0  # seconds
SOCKET_TIMEOUT = 0.5  # seconds: Redis answers in well under a millisecond when healthy


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=SOCKET_TIMEOUT,
        retry=Retry(NoBackoff(), 0),  # failing fast beats retrying: the caller has a fallback
    )


class RedisLink:
    def __init__(self, client: redis.Redis, on_state: Callable[[bool], None] | None = None):
        self.client = client
        self._down_until = 0.0
        self._lock = threading.Lock()
        self._on_state = on_state or (lambda _up: None)

    def call(self, fn: Callable[[redis.Redis], Any], default: Any) -> Any:
        """fn(client), or `default` while Redis is unreachable."""
        if time.monotonic() < self._down_until:
            return default
        try:
            result = fn(self.client)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
            self._mark_down(e)
            return default
        self._on_state(True)
        return result

    def ping(self) -> bool:
        try:
            self.client.ping()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
            self._mark_down(e)
            return False
        with self._lock:
            self._down_until = 0.0
        self._on_state(True)
        return True

    def _mark_down(self, e: Any) -> None:
        with self._lock:
            first = self._down_until == 0.0 or time.monotonic() >= self._down_until
            self._down_until = time.monotonic() + PAUSE_AFTER_FAILURE
        self._on_state(False)
        if first:
            log.warning("redis unreachable; serving uncached", extra={"error": type(e).__name__})
