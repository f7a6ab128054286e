"""Every error leaves as application/problem+json (RFC 9457), pages as an HTML error page.

Nothing from an exception's text reaches the client unless it is a Problem written for it.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, json, render_template, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from server.problems import Problem

log = logging.getLogger("provenance.server")
_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "invalid_request",
    429: "rate_limited",
}
HTML_ENDPOINTS = ("pages.report",)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    rid = g.get("request_id")
    if request.endpoint in HTML_ENDPOINTS:
        body = render_template("error.html", problem=problem, request_id=rid)
        response = Response(body, problem.status, mimetype="text/html")
    else:
        response = Response(
            json.dumps(problem.to_dict(rid)), problem.status, mimetype="application/problem+json"
        )
    g.problem_code = problem.code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register(app: Flask) -> None:
    @app.errorhandler(Problem)
    def on_problem(e: Problem) -> Response:
        if e.code == "unauthorized":
            return problem_response(e, {"WWW-Authenticate": 'Bearer realm="provenance"'})
        return problem_response(e)

    @app.errorhandler(RateLimitExceeded)
    def on_rate_limit(e: RateLimitExceeded) -> Response:
        detail = f"rate limit of {e.description} exceeded; retry later"
        return problem_response(Problem("rate_limited", detail))

    @app.errorhandler(HTTPException)
    def on_http(e: HTTPException) -> Response:
        status = e.code or 500
        code = _HTTP_CODES.get(status, "invalid_request" if status < 500 else "internal_error")
        detail = {
            404: "there is nothing at this address; see /docs",
            405: f"{request.method} is not allowed here",
            413: "the request body is too large",
        }.get(status, "the request could not be handled")
        allowed = getattr(e, "valid_methods", None)
        headers = {"Allow": ", ".join(allowed)} if allowed else {}
        return problem_response(Problem(code, detail, status), headers)

    @app.errorhandler(Exception)
    def on_crash(e: Exception) -> Response:
        log.error("unhandled error", exc_info=e)
        return problem_response(Problem("internal_error", "something went wrong on our side"))
