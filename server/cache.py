"""Report cache: in-process (one machine, no Redis) or shared in Redis. Values are report dicts."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

from server.redis_link import RedisLink

MEMORY_CACHE_ENTRIES = 1024


def url_key(rules_version: str, normalized_url: str) -> str:
    return f"pl:report:{rules_version}:{_digest(normalized_url)}"


def html_key(rules_version: str, normalized_url: str, html: str) -> str:
    """Reports of client-sent HTML live apart from fetched ones: a client cannot poison a URL."""
    return f"pl:html:{rules_version}:{_digest(normalized_url + chr(0) + html)}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ReportCache(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, report: dict[str, Any], ttl: int) -> None: ...


class MemoryCache:
    """A bounded TTL cache for one process; least recently used entries go first."""

    def __init__(self, max_entries: int = MEMORY_CACHE_ENTRIES):
        self._data: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires, report = item
            if time.monotonic() >= expires:
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return report

    def set(self, key: str, report: dict[str, Any], ttl: int) -> None:
        if ttl <= 0:
            return
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, report)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)


class RedisCache:
    def __init__(self, link: RedisLink):
        self.link = link

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self.link.call(lambda r: r.get(key), None)
        return json.loads(raw) if raw else None

    def set(self, key: str, report: dict[str, Any], ttl: int) -> None:
        if ttl > 0:
            data = json.dumps(report, separators=(",", ":"))
            self.link.call(lambda r: r.set(key, data, ex=ttl), None)
