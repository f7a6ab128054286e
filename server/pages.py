"""Web pages: the report for people, the API docs, and a start page to ask for a report."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, make_response, render_template, request

from server import report_page
from server.access import require_key
from server.openapi import document
from server.problems import CODES, Problem
from server.service import ScoreService

bp = Blueprint("pages", __name__)
report_page.register(bp)


@bp.get("/")
def index() -> str:
    return render_template("index.html")


@bp.get("/docs")
def docs() -> str:
    from scoring.version import ENGINE_VERSION

    settings = current_app.config["PROVENANCE_SETTINGS"]
    spec = document(ENGINE_VERSION, bool(settings.api_keys), bool(settings.admin_token))
    return render_template("docs.html", spec=spec, codes=CODES)


@bp.get("/report")
def report() -> str:
    require_key()
    url = request.args.get("url")
    if not url:
        raise Problem("invalid_request", "add ?url=https://... to the address")
    service: ScoreService = current_app.extensions["provenance.service"]
    data, cached = service.score_url(url)
    request.environ["provenance.cache"] = "hit" if cached else "miss"
    return render_template("report.html", r=data, cached=cached)


@bp.get("/report/<report_id>")
def saved_report(report_id: str) -> Response:
    """Exactly the report a score response linked to (its `report_url`). The id is the key:
    no API key is asked for, so the link opens in a browser."""
    service: ScoreService = current_app.extensions["provenance.service"]
    data = service.views.get(report_id) if service.views else None
    if data is None:
        raise Problem(
            "not_found", "this report link has expired or never existed; score the page again"
        )
    response = make_response(render_template("report.html", r=data, cached=False))
    # The address is the key to the report: keep it out of shared caches and search engines.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_filter("safe_href")
def safe_href(url: object) -> str | None:
    """Only http(s) links from page data become links: no javascript: or data: URLs."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


@bp.app_template_filter("signed")
def signed(points: float) -> str:
    n = int(points) if float(points).is_integer() else round(points, 2)
    return f"+{n}" if n > 0 else str(n).replace("-", "\u2212")  # a real minus sign
