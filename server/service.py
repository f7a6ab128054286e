"""Scoring requests: cache, single flight, safe fetch, then the engine. No Flask here."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from scoring import Config
from scoring.document import Document
from scoring.engine import score_facts, with_checks
from scoring.extract import extract_facts
from scoring.facts import Facts
from scoring.limits import TooComplex
from scoring.schema import to_json
from server.cache import Answers, MemoryCache, ReportCache, html_key, request_key, url_key
from server.citation_checks import OFF, CitationChecks
from server.fetcher import Fetcher, Page
from server.flight import Flight
from server.image_checks import ImageChecks
from server.metrics import Metrics
from server.outlets import OutletChecks
from server.problems import Problem
from server.report_views import ReportViews
from server.sandbox import Sandbox
from server.urls import parse_target

log = logging.getLogger("provenance.server")
ReportJSON = dict[str, Any]


class ScoreService:
    images: ImageChecks | None = None  # the lead image's credentials (server.image_checks)
    citations: CitationChecks | None = None  # the cited links (server.citation_checks)

    def __init__(
        self,
        config: Config,
        fetcher: Fetcher,
        cache: ReportCache,
        flight: Flight,
        metrics: Metrics,
        cache_ttl: int,
        outlets: OutletChecks | None = None,
        views: ReportViews | None = None,
        sandbox: Sandbox | None = None,
        budget: float = 3.0,
    ):
        # Replaced whole by a reload (server.reload); a request reads it once, when it starts.
        self.config = config
        self.fetcher = fetcher
        self.cache = cache
        self.flight = flight
        self.metrics = metrics
        self.cache_ttl = cache_ttl
        self.outlets = outlets
        self.views = views
        self.sandbox = sandbox
        self.budget = budget  # seconds to read one page (server.sandbox)
        # Only over this process's own cache: a shared one (Redis) stays the one truth, so a
        # flush, or a Redis that is gone, takes effect at once.
        self.answers = Answers(cache) if isinstance(cache, MemoryCache) else None

    def answered(self, method: str, request: bytes) -> tuple[str, bytes | None]:
        """The request's key (server.cache.request_key), and the whole encoded answer when the
        same request has been answered from the cache before and its report is final."""
        key = request_key(self.config.rules_version, method, request)
        answer = self.answers.get(key) if self.answers is not None else None
        if answer is not None:
            self.metrics.cache_hits.inc()
        return key, answer

    def score_url(self, url: object, answer_key: str | None = None) -> tuple[ReportJSON, bool]:
        """(report, cached) for a page the server fetches itself; a cached, final report is
        remembered encoded under `answer_key` (see `answered`)."""
        config = self.config
        target = parse_target(url)
        key = url_key(config.rules_version, target.url)

        def compute() -> ReportJSON:
            page = self._fetch(target.url)
            return self._score_and_store(config, key, page.text_or_bytes(), page.url)

        return self._cached_or(
            key, lambda: self.flight.run(key, compute, lambda: self._get(key)), answer_key
        )

    def score_html(
        self, url: object, html: str, answer_key: str | None = None
    ) -> tuple[ReportJSON, bool]:
        """(report, cached) for HTML the client sent; keyed by the HTML, never the bare URL."""
        config = self.config
        target = parse_target(url)
        key = html_key(config.rules_version, target.url, html)
        return self._cached_or(
            key, lambda: (self._score_and_store(config, key, html, target.url), False), answer_key
        )

    def _cached_or(
        self, key: str, compute: Callable[[], tuple[ReportJSON, bool]], answer_key: str | None
    ) -> tuple[ReportJSON, bool]:
        report = self._get(key)
        (self.metrics.cache_hits if report is not None else self.metrics.cache_misses).inc()
        if report is None:
            return compute()
        if answer_key is not None and self.answers is not None:
            self.answers.remember(answer_key, key, report)
        return report, True

    def _get(self, key: str) -> ReportJSON | None:
        report = self.cache.get(key)
        if report is not None and self._outlet_checked_since(report):
            return None  # scored while its outlet was pending; the checks are in now
        if report is not None and self.images and self.images.checked_since(report):
            return None  # likewise its lead image
        if report is not None and self.citations and self.citations.checked_since(report):
            return None  # and its cited links
        return report

    def _outlet_checked_since(self, report: ReportJSON) -> bool:
        checks = report.get("outlet_checks")
        if self.outlets is None or not checks or checks.get("state") != "pending":
            return False
        lookup = self.outlets.lookup(report["url"])
        if lookup is None or lookup.state == "pending":
            if lookup is not None:  # still pending: make sure a check is queued
                self.outlets.request(lookup)
            return False
        return True

    def _fetch(self, url: str) -> Page:
        started = time.perf_counter()
        try:
            page = self.fetcher.fetch(url)
        except Problem as e:
            self.metrics.fetches.labels(e.code).inc()
            log.info("fetch refused or failed", extra={"code": e.code, "outcome": e.code})
            raise
        finally:
            self.metrics.fetch_latency.observe(time.perf_counter() - started)
        self.metrics.fetches.labels("ok").inc()
        return page

    def _read(self, html: str | bytes, url: str) -> Facts:
        if self.sandbox is not None:
            return self.sandbox.read(html, url, self.budget)
        try:  # no pool (tests of other parts): the engine's bounds still hold
            return extract_facts(Document.parse(html, url))
        except TooComplex as e:
            raise Problem("too_complex", f"this page is over a limit: {e}") from None

    def _score_and_store(self, config: Config, key: str, html: str | bytes, url: str) -> ReportJSON:
        # The outlet's checked pages, when it has been checked: never waited for.
        lookup = self.outlets.lookup(url) if self.outlets else None
        profile = lookup.profile if lookup else None
        started = time.perf_counter()
        images, citations = self.images, self.citations
        facts = self._read(html, url)
        # What the cited links were found to be, where their checks are in (one store read).
        pages = citations.pages(citations.select(facts)) if citations else None
        with_checks(facts, profile, images.view() if images else None, pages, config.thresholds)
        report = score_facts(facts, config).to_dict()
        self.metrics.scoring_latency.observe(time.perf_counter() - started)
        if self.outlets is not None and lookup is not None:
            report["outlet_checks"] = self.outlets.status(lookup)
            self.outlets.request(lookup)
        if images is not None:
            images.annotate(report)
        if citations is not None and pages is not None:
            citations.annotate(report, pages)
        else:
            report["citation_checks"] = to_json(OFF)
        if self.views is not None:
            self.views.save(report)
        self.cache.set(key, report, self.cache_ttl)
        return report
