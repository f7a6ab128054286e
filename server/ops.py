"""Operations endpoints: liveness, readiness (is Redis there?), metrics, the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from server.metrics import Metrics
from server.openapi import document
from server.redis_link import RedisLink

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Response:
    """Always 200 while the process can score: without Redis it serves uncached ("degraded")."""
    link: RedisLink | None = current_app.extensions["provenance.redis"]
    if link is None:
        return jsonify(status="ok", redis="not_configured")
    if link.ping():
        return jsonify(status="ok", redis="ok")
    return jsonify(status="degraded", redis="unreachable")


@bp.get("/metrics")
def metrics() -> Response:
    m: Metrics = current_app.extensions["provenance.metrics"]
    body, content_type = m.exposition()
    return Response(body, mimetype=content_type.split(";")[0], content_type=content_type)


@bp.get("/openapi.json")
def openapi() -> Response:
    settings = current_app.config["PROVENANCE_SETTINGS"]
    from scoring.version import ENGINE_VERSION

    return jsonify(document(ENGINE_VERSION, bool(settings.api_keys), bool(settings.admin_token)))
