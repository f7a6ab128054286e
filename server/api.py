"""/v1: score a page, read the rules, see what an outlet's own pages were found to say."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from scoring.config_problems import unknown
from server.access import require_key
from server.outlets import valid_key
from server.problems import Problem
from server.service import ScoreService
from server.slow_clients import BODY

bp = Blueprint("api", __name__, url_prefix="/v1")
bp.before_request(require_key)
REQUEST_FIELDS = ("url", "html")


def _service() -> ScoreService:
    service: ScoreService = current_app.extensions["provenance.service"]
    return service


@bp.post("/score")
def score_post() -> Response:
    body_bytes = request.environ.get(BODY)  # read already (server.slow_clients)
    if body_bytes is None:
        body_bytes = request.get_data(cache=True)
    answer_key, known = _service().answered("POST", body_bytes)
    if known is not None:
        return _known(known)
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # nested deeper than the JSON parser will go: not a score request
        body = None
    if not isinstance(body, dict):
        raise Problem("invalid_request", 'the body must be a JSON object like {"url": "..."}')
    extra = [k for k in body if k not in REQUEST_FIELDS]
    if extra:
        raise Problem("invalid_request", unknown("field", str(extra[0]), REQUEST_FIELDS))
    if "url" not in body:
        raise Problem("invalid_request", "the body needs a url")
    html = body.get("html")
    if html is None:
        return _answer(*_service().score_url(body["url"], answer_key))
    if not isinstance(html, str):
        raise Problem("invalid_request", "html must be a string")
    limit = current_app.config["PROVENANCE_SETTINGS"].max_page_bytes
    if len(html.encode("utf-8", "surrogatepass")) > limit:
        raise Problem("too_large", f"html is larger than {limit} bytes", 413)
    return _answer(*_service().score_html(body["url"], html, answer_key))


@bp.get("/score")
def score_get() -> Response:
    url = request.args.get("url")
    if url is None:
        raise Problem("invalid_request", "add ?url=https://... to the address")
    answer_key, known = _service().answered("GET", url.encode("utf-8", "surrogatepass"))
    if known is not None:
        return _known(known)
    return _answer(*_service().score_url(url, answer_key))


@bp.get("/rules")
def rules() -> Response:
    return jsonify(_service().config.to_dict())


@bp.get("/outlets/<domain>")
def outlet(domain: str) -> Response:
    """What checking the outlet's own policy pages found: pending, ready or failed."""
    checks = _service().outlets
    if checks is None:
        raise Problem("not_found", "outlet checks are turned off on this server")
    key = domain.strip().lower()
    if not valid_key(key):
        raise Problem("invalid_request", "give a domain such as example.com")
    status = checks.known(key)
    if status is None:
        raise Problem("not_found", f"{key} has not been checked; score one of its pages first")
    response = jsonify(status)
    if status["state"] == "pending":
        response.headers["Retry-After"] = str(status["retry_after"])
    return response


def _answer(report: dict[str, Any], cached: bool) -> Response:
    request.environ["provenance.cache"] = "hit" if cached else "miss"
    return jsonify({**report, "cached": cached})


def _known(answer: bytes) -> Response:
    """A cached answer given before, as it was encoded then (server.cache.Answers)."""
    request.environ["provenance.cache"] = "hit"
    return current_app.response_class(answer, content_type="application/json")
