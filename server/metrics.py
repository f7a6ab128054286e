"""Prometheus metrics, in a registry per app so tests can build many apps in one process.

Under gunicorn with several workers `provenance serve` sets PROMETHEUS_MULTIPROC_DIR, and
/metrics then adds up every worker's numbers.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "provenance_http_requests_total",
            "HTTP requests answered",
            ["method", "endpoint", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "provenance_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "endpoint"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.cache = Counter(
            "provenance_cache_lookups_total",
            "Report cache lookups by result",
            ["result"],  # hit | miss
            registry=r,
        )
        self.cache_hits, self.cache_misses = self.cache.labels("hit"), self.cache.labels("miss")
        self.fetches = Counter(
            "provenance_fetches_total",
            "Upstream page fetches by outcome",
            ["outcome"],  # ok, or the problem code
            registry=r,
        )
        self.fetch_latency = Histogram(
            "provenance_fetch_duration_seconds",
            "Time to fetch an upstream page",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.scoring_latency = Histogram(
            "provenance_scoring_duration_seconds",
            "Time the engine took to score a page",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.redis_up = Gauge(
            "provenance_redis_up",
            "1 when the last Redis call succeeded, 0 when it failed",
            registry=r,
            multiprocess_mode="min",
        )

    def exposition(self) -> tuple[bytes, str]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
