"""Outlet checks: fetch an outlet's home page and the policy pages it links, read them with the
engine (scoring.outlet_profile), and keep the profile per outlet.

Only the server's own fetches decide a profile: the home page is looked for at addresses made
from the outlet's key (https://example.com/, then www., then http), and the policy pages are the
ones that home page links. A client's request can start a check, never shape it: neither the
address it asked about nor the HTML it sent is used, since every later reader of the outlet
would see what one client chose.

The reader never waits for this. A report for an outlet not checked yet says "pending" and the
check is queued: on RQ workers (`provenance worker`) when Redis is configured, or on one
background thread of the serving process, with tight limits, when it is not. Profiles are
kept in Redis (or in process) for `outlet_ttl`; a failed check for an hour.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any, Protocol
from urllib.parse import quote

from scoring.document import Document
from scoring.facts import CheckedPage, OutletProfile
from scoring.limits import TooComplex
from scoring.outlet_profile import (
    KINDS,
    Signature,
    check_page,
    home_candidates,
    pages_to_check,
    probe_url,
    profile_key,
    signature,
)
from scoring.schema import to_json
from server.cache import MemoryCache
from server.fetcher import Fetcher, Limits, Page
from server.problems import Problem
from server.redis_link import RedisLink

log = logging.getLogger("provenance.server")
Profile = dict[str, Any]

QUEUE_NAME = "provenance-outlets"
PENDING_TTL = 600  # seconds: a queued check not done by then is queued again
FAILED_TTL = 3600  # seconds a failed check is kept before the outlet is tried again
RETRY_AFTER = 3  # seconds a client is told to wait before asking again
QUEUE_ROOM = 1000  # checks one request may put on the RQ queue at once: far more than it needs
# Without Redis the checks run in the serving process, so they are kept small and few.
INLINE_BACKLOG = 16
INLINE_MAX_FETCHES = 5
INLINE_LIMITS = Limits(
    connect_timeout=3.0, read_timeout=5.0, total_timeout=5.0, max_bytes=2_000_000
)
_HTTP_STATUS = re.compile(r"HTTP (\d{3})")
_KEY = re.compile(r"^[a-z0-9.\-]{1,253}(?::\d{1,5})?$|^\[[0-9a-f:.]{2,45}\]:\d{1,5}$")


def profile_redis_key(key: str, kind: str = "outlet") -> str:
    return f"pl:{kind}:{key}"


def pending_redis_key(key: str, kind: str = "outlet") -> str:
    return f"pl:{kind}-pending:{key}"


def valid_key(key: str) -> bool:
    return bool(_KEY.match(key))


def poll_path(key: str) -> str:
    return "/v1/outlets/" + quote(key, safe=":[]")


def check_limits(settings: Any, inline: bool, max_bytes: int | None = None) -> Limits:
    """The fetch limits of a background check: the settings', tighter in a serving process.
    `max_bytes` is the check's own size limit (default: the page limit)."""

    def bound(value: Any, inline_value: Any) -> Any:
        return min(value, inline_value) if inline else value

    return Limits(
        connect_timeout=bound(settings.connect_timeout, INLINE_LIMITS.connect_timeout),
        read_timeout=bound(settings.read_timeout, INLINE_LIMITS.read_timeout),
        total_timeout=bound(settings.fetch_timeout, INLINE_LIMITS.total_timeout),
        max_bytes=max_bytes or bound(settings.max_page_bytes, INLINE_LIMITS.max_bytes),
        max_redirects=settings.max_redirects,
    )


def now_iso() -> str:
    """When a check was made: UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def subject_key(url: str) -> str:
    """Where a result about one URL (an image, a cited page) is kept: a hash of the URL, since
    URLs can be long."""
    return sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def ttl_for(profile: OutletProfile | Checked, ttl: int) -> int:
    """A ready result is kept `ttl`; a failure, or an answer that may change within the hour
    (a cited site that did not answer), for an hour."""
    lasting = profile.state == "ready" and not getattr(profile, "transient", False)
    return ttl if lasting else min(FAILED_TTL, ttl)


# --- fetching and reading ------------------------------------------------------------------


class Checked(Protocol):
    """What a check produces: kept as a dict, for `ttl` when ready, an hour when failed."""

    state: str

    def to_dict(self) -> dict[str, Any]: ...


class Checker(Protocol):
    """Checks one thing off the page; the runners, stores and jobs below are shared by the
    outlet checks and the lead image's (server.image_checks)."""

    kind: str

    def check(self, key: str, subject: str) -> Checked: ...


class OutletChecker:
    """Checks one outlet: its home page, a probe of a nonexistent path, then its policy pages,
    at most `max_fetches` requests in all, every one through the safe fetcher."""

    kind = "outlet"

    def __init__(self, fetcher: Fetcher, max_fetches: int, limits: Limits | None = None):
        self.fetcher = fetcher
        self.max_fetches = max_fetches
        self.limits = limits

    def check(self, key: str, subject: str) -> OutletProfile:
        """`subject` is the outlet's key itself: nothing a client sent shapes the check."""
        # Taken at check time, so the fetcher's address policy and resolver are the app's own.
        fetcher = self.fetcher.with_limits(self.limits) if self.limits else self.fetcher
        budget = [self.max_fetches]

        def get(url: str) -> tuple[Page | None, Problem | None]:
            budget[0] -= 1
            try:
                return fetcher.fetch(url), None
            except Problem as e:
                return None, e

        now = now_iso()
        candidates = home_candidates(subject)
        profile = OutletProfile(domain=key, home_url=candidates[0], checked_at=now)
        # The home page: the first address that answers. Addresses that do not answer cost
        # nothing from the budget of fetches (there are at most four of them).
        home_page, problem, home = None, None, candidates[0]
        for home in candidates:
            home_page, problem = get(home)
            if home_page is not None:
                break
            budget[0] += 1
        if home_page is None:
            assert problem is not None
            profile.state, profile.reason = "failed", f"the home page: {problem.detail}"
            profile.fetches = self.max_fetches - budget[0]
            return profile
        profile.home_url = home
        home_doc = _parse(home_page)
        if home_doc is None:
            profile.state, profile.reason = "failed", "the home page is too complex to read"
            profile.fetches = self.max_fetches - budget[0]
            return profile
        targets = pages_to_check(key, home_doc, home)
        probe: Signature | None = None
        if targets and budget[0] > 1:
            probe_page, _ = get(probe_url(home))
            probe_doc = _parse(probe_page) if probe_page is not None else None
            if probe_doc is not None:
                probe = signature(probe_doc)
        for kind in KINDS:
            url = targets.get(kind)
            if url is None:
                continue
            if budget[0] <= 0:
                profile.pages[kind] = CheckedPage(
                    kind, url, "not_checked", reason="over the limit of fetches per outlet"
                )
                continue
            page, problem = get(url)
            if page is None:
                assert problem is not None
                profile.pages[kind] = _unfetched(kind, url, problem)
                continue
            doc = _parse(page)
            if doc is None:
                profile.pages[kind] = CheckedPage(kind, url, "unreachable", reason="too complex")
                continue
            profile.pages[kind] = check_page(
                kind, url, doc, page.url, home=home_doc, home_final_url=home_page.url, probe=probe
            )
        profile.fetches = self.max_fetches - budget[0]
        return profile


def _parse(page: Page) -> Document | None:
    """An outlet's page as a Document; None when it is over one of the engine's bounds."""
    try:
        return Document.parse(page.text_or_bytes(), page.url)
    except TooComplex:
        return None


def _unfetched(kind: str, url: str, problem: Problem) -> CheckedPage:
    m = _HTTP_STATUS.search(problem.detail) if problem.code == "fetch_failed" else None
    if m and m.group(1) in ("404", "410"):
        return CheckedPage(kind, url, "missing", reason=f"the site answers HTTP {m.group(1)}")
    if problem.code == "not_html":
        return CheckedPage(kind, url, "not_html", reason=problem.detail)
    return CheckedPage(kind, url, "unreachable", reason=problem.detail)


# --- where profiles live --------------------------------------------------------------------


class ProfileStore(Protocol):
    def get(self, key: str) -> Profile | None: ...
    def get_many(self, keys: list[str]) -> dict[str, Profile]:
        """The results of those keys that have one, in one read."""
        ...

    def progress(self, keys: list[str]) -> tuple[int, list[str]]:
        """(how many of the keys have a result, those that have none and no check queued
        either), without reading the results."""
        ...

    def put(self, key: str, profile: Profile, ttl: int) -> None: ...
    def claim(self, key: str) -> bool:
        """True for the one caller that should queue a check now."""
        ...

    def claim_many(self, keys: list[str]) -> list[str]:
        """The keys this caller should queue checks of now (`claim`, for many at once)."""
        ...

    def release(self, key: str) -> None: ...
    def pending(self, key: str) -> bool: ...


class MemoryProfileStore:
    def __init__(self) -> None:
        self._profiles: MemoryCache[Profile] = MemoryCache()
        self._claims: dict[str, float] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Profile | None:
        return self._profiles.get(key)

    def get_many(self, keys: list[str]) -> dict[str, Profile]:
        found = {k: self._profiles.get(k) for k in keys}
        return {k: v for k, v in found.items() if v is not None}

    def progress(self, keys: list[str]) -> tuple[int, list[str]]:
        done = set(self.get_many(keys))
        return len(done), [k for k in keys if k not in done and not self.pending(k)]

    def put(self, key: str, profile: Profile, ttl: int) -> None:
        self._profiles.set(key, profile, ttl)
        self.release(key)

    def claim_many(self, keys: list[str]) -> list[str]:
        return [k for k in keys if self.claim(k)]

    def claim(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._claims.get(key, 0.0) > now:
                return False
            if len(self._claims) > 4 * INLINE_BACKLOG:
                self._claims = {k: t for k, t in self._claims.items() if t > now}
            self._claims[key] = now + PENDING_TTL
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._claims.pop(key, None)

    def pending(self, key: str) -> bool:
        with self._lock:
            return self._claims.get(key, 0.0) > time.monotonic()


class RedisProfileStore:
    def __init__(self, link: RedisLink, kind: str = "outlet"):
        self.link = link
        self.kind = kind

    def get(self, key: str) -> Profile | None:
        raw = self.link.call(lambda r: r.get(profile_redis_key(key, self.kind)), None)
        return json.loads(raw) if raw else None

    def get_many(self, keys: list[str]) -> dict[str, Profile]:
        if not keys:
            return {}
        names = [profile_redis_key(k, self.kind) for k in keys]
        raws = self.link.call(lambda r: r.mget(names), None) or []
        return {k: json.loads(raw) for k, raw in zip(keys, raws, strict=False) if raw}

    def progress(self, keys: list[str]) -> tuple[int, list[str]]:
        if not keys:
            return 0, []
        results = [profile_redis_key(k, self.kind) for k in keys]
        claims = [pending_redis_key(k, self.kind) for k in keys]

        def count(r: Any) -> list[int]:
            pipe = r.pipeline(transaction=False)
            pipe.exists(*results)
            pipe.exists(*claims)
            return list(pipe.execute())

        # Redis gone: nothing reads as done, nothing as lost (there is no queue to put it on).
        done, queued = self.link.call(count, None) or (0, len(keys))
        if done + queued >= len(keys):
            return done, []  # the common case: two counts, one round trip

        def each(r: Any) -> list[int]:
            pipe = r.pipeline(transaction=False)
            for result, claim in zip(results, claims, strict=True):
                pipe.exists(result, claim)
            return list(pipe.execute())

        found = self.link.call(each, None) or [1] * len(keys)
        return done, [k for k, n in zip(keys, found, strict=True) if not n]

    def put(self, key: str, profile: Profile, ttl: int) -> None:
        data = json.dumps(profile, separators=(",", ":"))

        def write(r: Any) -> None:
            pipe = r.pipeline()
            pipe.set(profile_redis_key(key, self.kind), data, ex=ttl)
            pipe.delete(pending_redis_key(key, self.kind))
            pipe.execute()

        self.link.call(write, None)

    def claim(self, key: str) -> bool:
        # Redis down reads as "someone else has it": no queue to put the check on anyway.
        return bool(
            self.link.call(
                lambda r: r.set(pending_redis_key(key, self.kind), 1, nx=True, ex=PENDING_TTL), 0
            )
        )

    def claim_many(self, keys: list[str]) -> list[str]:
        def claim(r: Any) -> list[Any]:
            pipe = r.pipeline(transaction=False)
            for k in keys:
                pipe.set(pending_redis_key(k, self.kind), 1, nx=True, ex=PENDING_TTL)
            return list(pipe.execute())

        won = (self.link.call(claim, None) if keys else None) or []
        return [k for k, ok in zip(keys, won, strict=False) if ok]

    def release(self, key: str) -> None:
        self.link.call(lambda r: r.delete(pending_redis_key(key, self.kind)), None)

    def pending(self, key: str) -> bool:
        return bool(self.link.call(lambda r: r.exists(pending_redis_key(key, self.kind)), 0))


# --- who runs the checks --------------------------------------------------------------------


class Runner(Protocol):
    def submit(self, key: str, subject: str) -> bool: ...
    def submit_many(self, items: list[tuple[str, str]]) -> int:
        """Queue (key, subject) checks in order; how many of the first were taken."""
        ...

    def room(self) -> int:
        """How many checks it would take now."""
        ...


class InlineRunner:
    """No Redis: one background thread in this process, a short backlog, tight limits.

    A daemon thread, started on first use (after gunicorn forks), so a check under way never
    holds up the process when it exits.
    """

    def __init__(
        self, checker: Checker, store: ProfileStore, ttl: int, backlog: int = INLINE_BACKLOG
    ):
        self.checker, self.store, self.ttl = checker, store, ttl
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue(backlog)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, key: str, subject: str) -> bool:
        try:
            self._queue.put_nowait((key, subject))
        except queue.Full:
            return False
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._drain, name=f"{self.checker.kind}-check", daemon=True
                )
                self._thread.start()
        return True

    def room(self) -> int:
        return max(self._queue.maxsize - self._queue.qsize(), 0)

    def submit_many(self, items: list[tuple[str, str]]) -> int:
        taken = 0
        for key, subject in items:
            if not self.submit(key, subject):
                break
            taken += 1
        return taken

    def _drain(self) -> None:
        while True:
            run_check(self.checker, self.store, self.ttl, *self._queue.get())


class QueueRunner:
    """Redis: the check goes on an RQ queue that `provenance worker` processes drain."""

    def __init__(
        self,
        link: RedisLink,
        job_timeout: int,
        job: str = "server.outlets.check_outlet_job",
        kind: str = "outlet",
        batch: bool = False,
    ):
        """`job` takes (key, subject); with `batch`, a list of them: one job for all the checks
        one request queues (creating an RQ job costs more than the few round trips it takes)."""
        from rq import Queue

        self.link = link
        self.job_timeout = job_timeout
        self.job, self.kind, self.batch = job, kind, batch
        self.queue = Queue(QUEUE_NAME, connection=link.client)

    def submit(self, key: str, subject: str) -> bool:
        if self.batch:
            return self.submit_many([(key, subject)]) == 1
        return self._enqueue((key, subject), key, self.job_timeout)

    def _enqueue(self, args: tuple[Any, ...], key: str, timeout: int) -> bool:
        def enqueue(_: Any) -> bool:
            self.queue.enqueue_call(
                self.job,
                args=args,
                job_id=f"{self.kind}-" + sha256(key.encode()).hexdigest()[:32],
                timeout=timeout,
                result_ttl=0,
                failure_ttl=24 * 3600,
                description=f"check {self.kind} {key[:200]}",
            )
            return True

        return bool(self.link.call(enqueue, False))

    def room(self) -> int:
        return QUEUE_ROOM

    def submit_many(self, items: list[tuple[str, str]]) -> int:
        """One job for all of them (a batch job), or one each."""
        if not self.batch:
            return next((n for n, item in enumerate(items) if not self.submit(*item)), len(items))
        if not items:
            return 0
        keys = " ".join(key for key, _ in items)
        taken = self._enqueue((items,), keys, self.job_timeout * len(items))
        return len(items) if taken else 0


def run_check(
    checker: Checker,
    store: ProfileStore,
    ttl: int,
    key: str,
    subject: str,
) -> Checked | None:
    started = time.perf_counter()
    try:
        profile = checker.check(key, subject)
    except Exception:  # a bug here must not kill the worker; the claim expires and it retries
        log.exception(f"{checker.kind} check crashed", extra={"host": key})
        return None
    store.put(key, profile.to_dict(), ttl_for(profile, ttl))
    log.info(
        f"{checker.kind} checked",
        extra={
            "host": key,
            "outcome": profile.state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return profile


# The RQ job. A worker process sets its context once (server.worker); a plain `rq worker`
# falls back to the settings from the environment.
_worker_context: tuple[OutletChecker, ProfileStore, int] | None = None


def configure_worker(settings: Any, link: RedisLink) -> None:
    global _worker_context

    fetcher = Fetcher.from_settings(settings)
    checker = OutletChecker(fetcher, settings.outlet_max_fetches)
    _worker_context = (checker, RedisProfileStore(link), settings.outlet_ttl)


def check_outlet_job(key: str, subject: str) -> str:
    return run_job("outlet", lambda: _worker_context, configure_worker, key, subject)


def run_job(
    kind: str,
    context: Callable[[], tuple[Checker, ProfileStore, int] | None],
    configure: Callable[[Any, RedisLink], None],
    key: str,
    subject: str,
) -> str:
    """An RQ job of either kind: the worker's context set once (server.worker), or, under a
    plain `rq worker`, from the settings in the environment."""
    if context() is None:
        from server.redis_link import connect
        from server.settings import load_settings

        settings = load_settings()
        if not settings.redis_url:
            raise RuntimeError(f"{kind} checks on a queue need PROVENANCE_REDIS_URL")
        configure(settings, RedisLink(connect(settings.redis_url)))
    ready = context()
    assert ready is not None
    checker, store, ttl = ready
    result = run_check(checker, store, ttl, key, subject)
    return result.state if result else "crashed"


# --- what the API uses ----------------------------------------------------------------------


@dataclass
class OutletStatus:
    """What checking the outlet's own policy pages found: the report's `outlet_checks`.

    `pending`: not checked yet; poll `poll` after `retry_after` seconds, then score again.
    """

    state: str  # pending | ready | failed
    domain: str
    poll: str  # GET this path for the outlet's state
    retry_after: int | None
    checked_at: str | None
    reason: str | None
    home_url: str | None
    fetches: int | None
    pages: dict[str, CheckedPage] | None  # about, contact, corrections, ethics, ...


@dataclass(frozen=True)
class Lookup:
    key: str
    profile: OutletProfile | None

    @property
    def state(self) -> str:
        return self.profile.state if self.profile else "pending"


class OutletChecks:
    def __init__(self, store: ProfileStore, runner: Runner):
        self.store = store
        self.runner = runner

    def lookup(self, url: str) -> Lookup | None:
        key = profile_key(url)
        if not key or not url.startswith(("http://", "https://")):
            return None
        data = self.store.get(key)
        return Lookup(key, OutletProfile.from_dict(data) if data else None)

    def request(self, lookup: Lookup) -> None:
        """Queue a check of a pending outlet, unless one is queued already."""
        if lookup.profile is not None or not self.store.claim(lookup.key):
            return
        if not self.runner.submit(lookup.key, lookup.key):
            self.store.release(lookup.key)

    def status(self, lookup: Lookup) -> dict[str, Any]:
        """What a report says about its outlet's checks (and GET /v1/outlets/{domain})."""
        p = lookup.profile
        return to_json(
            OutletStatus(
                state=lookup.state,
                domain=lookup.key,
                poll=poll_path(lookup.key),
                retry_after=RETRY_AFTER if p is None else None,
                checked_at=p.checked_at if p else None,
                reason=p.reason if p else None,
                home_url=p.home_url if p else None,
                fetches=p.fetches if p else None,
                pages=p.pages if p else None,
            )
        )

    def known(self, key: str) -> dict[str, Any] | None:
        """An outlet's status by key, or None when it was never asked for."""
        data = self.store.get(key)
        if data is not None:
            return self.status(Lookup(key, OutletProfile.from_dict(data)))
        if self.store.pending(key):
            return self.status(Lookup(key, None))
        return None


def build(
    settings: Any, fetcher: Fetcher, link: RedisLink | None, store: ProfileStore | None = None
) -> OutletChecks | None:
    """The outlet checks for an app, or None when the admin turned them off. Without Redis,
    profiles go in `store` (one shared by the machine's workers), else in this process."""
    if not settings.outlet_checks:
        return None
    if link is not None:
        timeout = int(settings.outlet_max_fetches * settings.fetch_timeout + 30)
        return OutletChecks(RedisProfileStore(link), QueueRunner(link, timeout))
    store = store or MemoryProfileStore()
    limits = check_limits(settings, inline=True)
    checker = OutletChecker(fetcher, min(settings.outlet_max_fetches, INLINE_MAX_FETCHES), limits)
    return OutletChecks(store, InlineRunner(checker, store, settings.outlet_ttl))
