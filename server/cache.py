"""Report cache: in-process (one machine, no Redis) or shared in Redis. Values are report dicts.

Beside it, each process keeps the answers it has given from the cache, encoded: a request it
has seen before (the same bytes, under the same rules) whose report is final is answered with
those bytes, without reading the request's JSON, hashing its page or encoding the report again
(`Answers`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from typing import Any, Generic, Protocol, TypeVar

from server.redis_link import RedisLink

MEMORY_CACHE_ENTRIES = 1024
ANSWER_PREFIX = "pl:answer:"
V = TypeVar("V")


def url_key(rules_version: str, normalized_url: str) -> str:
    return f"pl:report:{rules_version}:{_digest(normalized_url)}"


def html_key(rules_version: str, normalized_url: str, html: str) -> str:
    """Reports of client-sent HTML live apart from fetched ones: a client cannot poison a URL."""
    return f"pl:html:{rules_version}:{_digest(normalized_url + chr(0) + html)}"


def request_key(rules_version: str, method: str, request: bytes) -> str:
    """A request as it was sent (a GET's url argument, a POST's body), under the rules in force:
    the same bytes are the same question, so they get the same answer."""
    return f"{ANSWER_PREFIX}{rules_version}:{method}:{hashlib.sha256(request).hexdigest()}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def final(report: dict[str, Any]) -> bool:
    """No background check of the report is pending: nothing the server adds to it (the
    `state` of `outlet_checks`, `image_checks`, `citation_checks`, ...) can change any more."""
    return not any(isinstance(v, dict) and v.get("state") == "pending" for v in report.values())


def encode_answer(report: dict[str, Any], cached: bool) -> bytes:
    """The JSON answer for a report, as the API sends it: compact, ASCII, `cached` last."""
    return json.dumps({**report, "cached": cached}, separators=(",", ":")).encode() + b"\n"


class ReportCache(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, report: dict[str, Any], ttl: int) -> None: ...


class MemoryCache(Generic[V]):
    """A bounded TTL cache for one process; least recently used entries go first."""

    def __init__(self, max_entries: int = MEMORY_CACHE_ENTRIES):
        self._data: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires, value = item
            if time.monotonic() >= expires:
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return value

    def set(self, key: str, value: V, ttl: float) -> None:
        if ttl <= 0:
            return
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)

    def ttl(self, key: str) -> float:
        """Seconds until the entry expires; 0 when there is none."""
        with self._lock:
            item = self._data.get(key)
        return max(0.0, item[0] - time.monotonic()) if item else 0.0


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


class Answers:
    """Encoded answers of final cached reports in `cache`, by request_key, for as long as their
    report stays cached. A report is final when no check of it is pending (`final`): only then
    can its answer not change under it."""

    def __init__(self, cache: MemoryCache[dict[str, Any]]):
        self.cache = cache
        self._answers: MemoryCache[bytes] = MemoryCache(MEMORY_CACHE_ENTRIES)

    def get(self, answer_key: str) -> bytes | None:
        return self._answers.get(answer_key)

    def remember(self, answer_key: str, key: str, report: dict[str, Any]) -> None:
        """`report` was just answered from the cache's entry `key`."""
        # Under the rules the report was scored with (a reload may have come in between).
        scored_under = f"{ANSWER_PREFIX}{report.get('rules_version')}:"
        if answer_key.startswith(scored_under) and final(report):
            answer = encode_answer(report, cached=True)
            self._answers.set(answer_key, answer, self.cache.ttl(key))
