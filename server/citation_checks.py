"""Cited links, checked in the background: does each lead to a page, and does that page hold
what the article cites it for?

After a report is made, its body citations (at most `citation_max_checks`, the kinds a claim
rests on first: scoring.citation_support.citations_to_check) are queued. Each URL is fetched
once, with the safe fetcher, and read with the engine (scoring.citation_support) into what the
page is: there or gone, its date, its main text. That result is kept per URL for
`citation_ttl` (an answer that may change soon, such as a timeout, for an hour) and shared by
every article that cites the URL; each article's sentence is judged against it when the article
is scored again, once its checks are in.

The machinery is the outlet checks' (server.outlets): the same stores, the same RQ queue
drained by `provenance worker` with Redis, a bounded thread of the serving process without.
Politeness: one fetch at a time per host, `citation_host_delay` seconds apart, across every
worker that shares the Redis (or the machine's state file), with a User-Agent that names the
project and the admin's `contact_url`.

Only the server's own fetches decide a result: a client names the article (or sends its HTML),
which decides which links are checked, never what checking them found.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from scoring.citation_support import citations_to_check, outcome_of_status, read_cited_page
from scoring.facts import Citation, CitedPage, Facts
from scoring.schema import to_json
from server.fetcher import Fetcher, Limits
from server.outlets import (
    RETRY_AFTER,
    InlineRunner,
    MemoryProfileStore,
    ProfileStore,
    QueueRunner,
    RedisProfileStore,
    Runner,
    check_limits,
    now_iso,
    run_job,
    subject_key,
)
from server.problems import Problem
from server.redis_link import RedisLink
from server.sandbox import Sandbox
from server.shared_state import SharedProfileStore, SharedState

KIND = "citation"
JOB = "server.citation_checks.check_citations_job"
INLINE_BACKLOG = 64  # cited links queued at once in a serving process (a few articles' worth)
GATE_WAIT = 60.0  # seconds a check waits for its host's turn before it gives up for now
GATE_POLL = 0.1
HOLD_MARGIN = 5.0  # a turn outlasts the fetch's own deadline by this much, at most


def host_of_url(url: str) -> str:
    """The host a fetch goes to: politeness is per host (and port)."""
    try:
        return (urlsplit(url).netloc or "").lower()
    except ValueError:
        return ""


# --- politeness: one fetch at a time per host, some seconds apart -----------------------------


class Leases(Protocol):
    """Keys held until they expire, shared by whoever checks cited links."""

    def take(self, key: str, ttl: float) -> bool:
        """Hold `key` for `ttl` seconds, if no one holds it: True for one taker."""
        ...

    def keep(self, key: str, ttl: float) -> None:
        """Hold a key taken here for `ttl` more seconds from now (0: let it go)."""
        ...


class MemoryLeases:
    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def take(self, key: str, ttl: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            if len(self._until) > 1000:
                self._until = {k: t for k, t in self._until.items() if t > now}
            self._until[key] = now + ttl
            return True

    def keep(self, key: str, ttl: float) -> None:
        with self._lock:
            self._until[key] = time.monotonic() + ttl


class SharedLeases:
    """Leases in the state file the workers of one machine share (server.shared_state)."""

    NAMESPACE = "host-turn"

    def __init__(self, state: SharedState):
        self.state = state

    def take(self, key: str, ttl: float) -> bool:
        return self.state.add(self.NAMESPACE, key, ttl)

    def keep(self, key: str, ttl: float) -> None:
        if ttl > 0:
            self.state.set(self.NAMESPACE, key, 1, ttl)
        else:
            self.state.delete(self.NAMESPACE, key)


class RedisLeases:
    def __init__(self, link: RedisLink):
        self.link = link

    @staticmethod
    def _name(key: str) -> str:
        return f"pl:host-turn:{key}"

    def take(self, key: str, ttl: float) -> bool:
        # Redis gone: no queue to take checks from either; do not hold this one up as well.
        name, ms = self._name(key), max(int(ttl * 1000), 1)
        return bool(self.link.call(lambda r: r.set(name, 1, nx=True, px=ms), True))

    def keep(self, key: str, ttl: float) -> None:
        name, ms = self._name(key), int(ttl * 1000)
        if ms > 0:
            self.link.call(lambda r: r.set(name, 1, xx=True, px=ms), None)
        else:
            self.link.call(lambda r: r.delete(name), None)


class HostGate:
    """A host's turn: one fetch at a time, and `delay` seconds between the end of one and the
    start of the next, for every checker that shares the leases."""

    def __init__(self, leases: Leases, delay: float, wait: float = GATE_WAIT):
        self.leases, self.delay, self.wait = leases, delay, wait

    @contextlib.contextmanager
    def turn(self, host: str, hold: float) -> Iterator[bool]:
        """True once it is this host's turn; False when it did not come within `wait`."""
        deadline = time.monotonic() + self.wait
        while not self.leases.take(host, hold):
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(GATE_POLL)
        try:
            yield True
        finally:
            self.leases.keep(host, self.delay)


# --- fetching and reading one cited page -------------------------------------------------------


# Reads a fetched cited page: (html, url, final_url, status, checked_at) -> CitedPage.
Reader = Callable[[str | bytes, str, str, int, str], CitedPage]


class CitationChecker:
    """Fetches one cited URL, politely, and reads what it found (with `read`: the engine's
    reader itself, or the same in the serving process's page readers)."""

    kind = KIND

    def __init__(
        self, fetcher: Fetcher, limits: Limits, gate: HostGate, read: Reader = read_cited_page
    ):
        self.fetcher = fetcher
        self.limits = limits
        self.gate = gate
        self.read = read

    def check(self, key: str, subject: str) -> CitedPage:
        """`subject` is the cited URL."""
        # Taken at check time, so the fetcher's address policy and resolver are the app's own.
        fetcher = self.fetcher.with_limits(self.limits)
        checked_at = now_iso()
        hold = self.limits.total_timeout + HOLD_MARGIN
        with self.gate.turn(host_of_url(subject), hold) as turn:
            if not turn:
                reason = "other checks of the same site took too long; tried again later"
                return CitedPage(subject, "failed", reason=reason, checked_at=checked_at)
            try:
                answer = fetcher.fetch_answer(subject)
            except Problem as e:
                return unanswered(subject, e, checked_at)
        if answer.page is not None:
            html = answer.page.text_or_bytes()
            try:
                return self.read(html, subject, answer.url, answer.status, checked_at)
            except Problem as e:  # over the page readers' budget, or none free
                return CitedPage(subject, "failed", reason=e.detail, checked_at=checked_at)
        found = CitedPage(
            subject,
            http_status=answer.status,
            final_url=answer.url,
            checked_at=checked_at,
        )
        if 200 <= answer.status < 300:
            found.outcome = "not_html"
            found.reason = f"it is {answer.content_type or 'a file of no stated type'}"
        else:
            found.outcome = outcome_of_status(answer.status)
            found.reason = f"the site answers HTTP {answer.status}"
        return found


def unanswered(url: str, problem: Problem, checked_at: str) -> CitedPage:
    """A fetch that got no answer to read, as a cited page's result."""
    if problem.code == "fetch_timeout":
        outcome: str | None = "timeout"
    elif problem.code == "fetch_failed":
        outcome = "unreachable"
    elif problem.code == "too_large":
        outcome = "ok"  # it is there, and larger than the server reads
    else:  # an address or URL the server will not fetch from
        return CitedPage(url, "failed", reason=problem.detail, checked_at=checked_at)
    return CitedPage(url, outcome=outcome, reason=problem.detail, checked_at=checked_at)


# --- what the API uses -------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationStatus:
    """Where the checks of a report's cited links stand: the report's `citation_checks`."""

    state: str  # pending | ready | off (the admin turned them off)
    checked: int  # citations whose check is in
    total: int  # citations this server checks for the report
    retry_after: int | None  # pending: score again after this many seconds


OFF = CitationStatus("off", 0, 0, None)


class CitationChecks:
    def __init__(self, store: ProfileStore, runner: Runner, max_checks: int):
        self.store = store
        self.runner = runner
        self.max_checks = max_checks

    def select(self, facts: Facts) -> list[Citation]:
        """The citations of a page this server checks: none on a page that is not an article."""
        return citations_to_check(facts.citations, self.max_checks) if facts.is_article else []

    def pages(self, selected: list[Citation]) -> dict[str, CitedPage | None]:
        """URL -> what its check found, None while it is pending: one read of the store."""
        keys = {c.url: subject_key(c.url) for c in selected}
        found = self.store.get_many(list(keys.values()))
        return {
            url: CitedPage.from_dict(found[key]) if key in found else None
            for url, key in keys.items()
        }

    def annotate(self, report: dict[str, Any], pages: dict[str, CitedPage | None]) -> None:
        """After scoring: queue the checks still pending and say where they stand."""
        pending = [url for url, page in pages.items() if page is None]
        self.request(pending)
        status = CitationStatus(
            "pending" if pending else "ready",
            len(pages) - len(pending),
            len(pages),
            RETRY_AFTER if pending else None,
        )
        report["citation_checks"] = to_json(status)

    def request(self, urls: list[str]) -> None:
        """Queue checks of cited URLs, but for those queued already: a few round trips to
        Redis for all of them, not a few for each. Only as many as the runner has room for
        are claimed; the rest are claimed when the report is asked for again."""
        keys = {subject_key(url): url for url in urls[: self.runner.room()]}
        claimed = self.store.claim_many(list(keys))
        taken = self.runner.submit_many([(key, keys[key]) for key in claimed])
        for key in claimed[taken:]:  # no room: claimed again when the report is asked for
            self.store.release(key)

    def checked_since(self, report: dict[str, Any]) -> bool:
        """A cached report whose cited links were pending, and are all checked now: score it
        again. Still pending: queue again any whose check was lost."""
        checks = report.get("citation_checks")
        if not checks or checks.get("state") != "pending":
            return False
        citations = (report.get("facts") or {}).get("citations") or []
        pending = {
            subject_key(c["url"]): c["url"]
            for c in citations
            if (c.get("check") or {}).get("state") == "pending"
        }
        done, lost = self.store.progress(list(pending))
        if done == len(pending):
            return True
        self.request([pending[key] for key in lost])
        return False


def build(
    settings: Any,
    fetcher: Fetcher,
    link: RedisLink | None,
    shared: SharedState | None = None,
    readers: Sandbox | None = None,
) -> CitationChecks | None:
    """The citation checks for an app, or None when the admin turned them off. Without Redis,
    results and host turns go in `shared` (the machine's state file), else in this process,
    and the pages are read by `readers` (the serving process's page readers)."""
    if not settings.citation_checks:
        return None
    if link is not None:
        timeout = int(GATE_WAIT + settings.fetch_timeout + 30)
        queued = QueueRunner(link, timeout, job=JOB, kind=KIND, batch=True)
        return CitationChecks(RedisProfileStore(link, KIND), queued, settings.citation_max_checks)
    store: ProfileStore = SharedProfileStore(shared, KIND) if shared else MemoryProfileStore()
    leases: Leases = SharedLeases(shared) if shared else MemoryLeases()
    gate = HostGate(leases, settings.citation_host_delay)
    read: Reader = read_cited_page
    if readers is not None:
        budget = settings.score_budget

        def read(html: str | bytes, url: str, final: str, status: int, at: str) -> CitedPage:
            return readers.read_cited(html, url, final, status, at, budget)

    checker = CitationChecker(fetcher, check_limits(settings, inline=True), gate, read)
    runner = InlineRunner(checker, store, settings.citation_ttl, INLINE_BACKLOG)
    return CitationChecks(store, runner, settings.citation_max_checks)


# The RQ job, on the outlet checks' queue. `provenance worker` sets its context once.
_worker_context: tuple[CitationChecker, ProfileStore, int] | None = None


def configure_worker(settings: Any, link: RedisLink) -> None:
    global _worker_context

    gate = HostGate(RedisLeases(link), settings.citation_host_delay)
    checker = CitationChecker(
        Fetcher.from_settings(settings), check_limits(settings, inline=False), gate
    )
    _worker_context = (checker, RedisProfileStore(link, KIND), settings.citation_ttl)


def check_citations_job(items: list[tuple[str, str]]) -> str:
    """The cited links one report queued: (key, URL) each, checked one after another."""
    return " ".join(
        run_job(KIND, lambda: _worker_context, configure_worker, key, url) for key, url in items
    )
