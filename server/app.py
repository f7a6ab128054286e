"""create_app(): the Flask application, wired from Settings."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from werkzeug.middleware.proxy_fix import ProxyFix

from server import (
    admin,
    api,
    citation_checks,
    errors,
    image_checks,
    logs,
    ops,
    outlets,
    pages,
    sandbox,
)
from server.access import limit_key
from server.cache import MemoryCache, RedisCache, ReportCache
from server.fetcher import Fetcher
from server.flight import Flight, LocalFlight, RedisFlight
from server.metrics import Metrics
from server.redis_link import RedisLink, connect
from server.reload import Reloader
from server.report_views import ReportViews
from server.service import ScoreService
from server.settings import Settings, load_settings
from server.shared_state import SharedCache, SharedProfileStore, SharedState
from server.slow_clients import BodyDeadline

log = logging.getLogger("provenance.server")
RATE_LIMITED_ENDPOINTS = (
    "api.score_post",
    "api.score_get",
    "api.rules",
    "pages.report",
    "pages.saved_report",
    "admin.reload",
)
# Generous enough for JSON escaping of a page at the size limit (\uXXXX is 6 bytes a char).
BODY_OVERHEAD = 7
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    if settings.scoring is None:
        from scoring import load_config

        settings = _with_scoring(settings, load_config(settings.config_path))
    logs.configure(settings.log_level)

    app = Flask(__name__)
    app.config["PROVENANCE_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_page_bytes * BODY_OVERHEAD + 65536
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.wsgi_app = BodyDeadline(  # type: ignore[method-assign]
        app.wsgi_app, settings.body_timeout, app.config["MAX_CONTENT_LENGTH"]
    )
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )

    metrics = Metrics()
    link = None
    if settings.redis_url:
        link = RedisLink(connect(settings.redis_url), metrics.redis_up.set)
    wait = settings.fetch_timeout + 5
    cache: ReportCache = RedisCache(link) if link else MemoryCache()
    flight: Flight = RedisFlight(link, wait) if link else LocalFlight(wait)
    fetcher = Fetcher.from_settings(settings)
    # Without Redis, what every worker must see alike goes in one file they share.
    shared = SharedState(settings.state_dir) if settings.state_dir and not link else None
    views: ReportCache = (
        RedisCache(link) if link else SharedCache(shared, "report") if shared else MemoryCache()
    )
    profiles = SharedProfileStore(shared) if shared else None
    app.extensions["provenance.metrics"] = metrics
    app.extensions["provenance.redis"] = link
    service = ScoreService(
        settings.scoring,
        fetcher,
        cache,
        flight,
        metrics,
        settings.cache_ttl,
        outlets.build(settings, fetcher, link, profiles),
        ReportViews(views, settings.cache_ttl),
        sandbox.shared(settings.scoring_processes),
        settings.score_budget,
    )
    service.images = image_checks.build(settings, fetcher, link)
    service.citations = citation_checks.build(settings, fetcher, link, shared, sandbox.background())
    app.extensions["provenance.service"] = service
    app.extensions["provenance.reloader"] = Reloader(service, settings.config_path)
    _request_hooks(app, metrics)  # first, so even a rate-limited request has an id
    _limiter(app, settings)
    errors.register(app)
    for blueprint in (api.bp, admin.bp, ops.bp, pages.bp):
        app.register_blueprint(blueprint)
    return app


def _with_scoring(settings: Settings, config: object) -> Settings:
    from dataclasses import replace

    return replace(settings, scoring=config)


_REDIS_LIMIT_OPTIONS: dict[str, Any] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def _limiter(app: Flask, settings: Settings) -> Limiter:
    return Limiter(
        limit_key,
        app=app,
        application_limits=[settings.rate_limit] if settings.rate_limit else [],
        application_limits_exempt_when=lambda: request.endpoint not in RATE_LIMITED_ENDPOINTS,
        storage_uri=settings.redis_url or "memory://",
        storage_options=_REDIS_LIMIT_OPTIONS if settings.redis_url else {},
        strategy="fixed-window",
        headers_enabled=True,
        key_prefix="pl-limits",
        # A dead Redis must not take the API down: count in memory until it is back.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        enabled=bool(settings.rate_limit),
    )


def _request_hooks(app: Flask, metrics: Metrics) -> None:
    @app.before_request
    def start() -> None:
        g.request_id = logs.new_request_id(request.headers.get("X-Request-ID"))
        logs.request_id_var.set(g.request_id)
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        rid = g.get("request_id")
        if rid:
            response.headers["X-Request-ID"] = rid
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.requests.labels(request.method, endpoint, str(response.status_code)).inc()
        metrics.latency.labels(request.method, endpoint).observe(elapsed)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "cache": request.environ.get("provenance.cache"),
                "code": g.get("problem_code"),
                "client": request.remote_addr,
                "key_id": g.get("key_id"),
            },
        )
        return response
