"""The OpenAPI 3.1 document: paths and descriptions by hand, schemas derived from the types.

The report's schemas (and the outlet checks') are generated from the engine's dataclasses by
scoring.schema, closed all the way down: a field the server sends that the schema does not
list fails validation, so the published document cannot drift from the JSON.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from scoring.config import Band, Group
from scoring.config_problems import ConfigProblem
from scoring.report import Report
from scoring.schema import json_schema
from server.citation_checks import CitationStatus
from server.image_checks import ImageStatus
from server.outlets import OutletStatus
from server.problems import CODES

_REF = "#/components/schemas/{model}"
_URL = {
    "type": "string",
    "description": "The article's http(s) URL",
    "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
    "maxLength": 2048,
}


# The shapes of the other answers, as types; their schemas are generated like the report's.
class ProblemJSON(TypedDict):
    """RFC 9457 problem details; `code` is stable, `detail` is for people."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: NotRequired[str]
    rules_version: NotRequired[str]  # invalid_config: the rules in force
    problems: NotRequired[list[ConfigProblem]]  # invalid_config: every problem


class ScoreRequest(TypedDict):
    url: str
    html: NotRequired[str]  # the page as the reader sees it; when given, nothing is fetched


class RuleJSON(TypedDict):
    id: str
    group: str
    weight: int
    description: str
    example: str  # what triggers it


class AdminDataJSON(TypedDict):
    """The admin's own data files: entries per outlet list, domains rated per source."""

    outlet_lists: dict[str, int]
    rating_sources: dict[str, int]
    files: list[str]


class Rules(TypedDict):
    rules_version: str
    groups: list[Group]
    rules: list[RuleJSON]
    thresholds: dict[str, float]
    bands: list[Band]
    data: AdminDataJSON


class Reload(TypedDict):
    """The rules now in force in the process that answered."""

    status: Literal["reloaded", "unchanged"]
    rules_version: str
    previous_rules_version: str
    restart_needed: list[str]  # [server] settings the file changed: applied at the next restart


class Health(TypedDict):
    status: Literal["ok"]


class Ready(TypedDict):
    status: Literal["ok", "degraded"]
    redis: Literal["ok", "unreachable", "not_configured"]


@cache
def derived_schemas() -> dict[str, Any]:
    """Every schema of the document, from the dataclasses and the types above."""
    out: dict[str, Any] = {}
    closed_types: list[tuple[str, type]] = [
        ("Report", Report),
        ("OutletChecks", OutletStatus),
        ("ImageChecks", ImageStatus),
        ("CitationChecks", CitationStatus),
    ]
    open_types: list[tuple[str, type]] = [
        ("Problem", ProblemJSON),
        ("ScoreRequest", ScoreRequest),
        ("Rules", Rules),
        ("Reload", Reload),
        ("Health", Health),
        ("Ready", Ready),
    ]
    for name, cls in closed_types + open_types:
        schema = json_schema(cls, ref_template=_REF, close=(name, cls) in closed_types)
        out.update(schema.pop("$defs", {}))
        out[name] = schema
    out["Problem"]["properties"]["code"] = {"enum": sorted(CODES)}
    out["ScoreRequest"]["additionalProperties"] = False
    out["ScoreRequest"]["properties"]["url"] = _URL
    report = out["Report"]
    # What the server adds to the engine's report: whether it came from the cache, and where
    # its background checks stand (outlet and image checks are left out when the admin turned
    # them off; citation_checks then says "off").
    added = {
        "cached": {"type": "boolean"},
        "outlet_checks": {"$ref": _REF.format(model="OutletChecks")},
        "image_checks": {"$ref": _REF.format(model="ImageChecks")},
        "citation_checks": {"$ref": _REF.format(model="CitationChecks")},
        "report_url": {
            "type": ["string", "null"],
            "description": "A path on this server that shows exactly this report as a page, "
            "for as long as the cache keeps it; its random id is the only key (no API key). "
            "null when the server keeps no reports (cache_ttl 0)",
        },
    }
    out["ScoreResponse"] = report | {
        "properties": report["properties"] | added,
        "required": [*report["required"], "cached", "citation_checks"],
    }
    return out


def _problems(*codes: str) -> dict[str, Any]:
    """Problem responses by status, each listing the codes it may carry."""
    out: dict[str, Any] = {}
    for code in codes:
        status = str(CODES[code][0])
        entry = out.setdefault(status, _body("application/problem+json", "Problem", ""))
        entry["description"] = ", ".join(filter(None, [entry["description"], code]))
    return out


def _body(mime: str, schema: str | None, description: str) -> dict[str, Any]:
    """A response: a schema of the document by name, or None for text."""
    ref = {"$ref": _REF.format(model=schema)} if schema else {"type": "string"}
    return {"description": description, "content": {mime: {"schema": ref}}}


def _op(op_id: str, summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "summary": summary, **more, "responses": responses}


_FETCH_ERRORS: tuple[str, ...] = ("invalid_url", "blocked_address", "fetch_failed", "fetch_timeout")
_FETCH_ERRORS += ("too_large", "not_html")
_GUARDED = ("unauthorized", "rate_limited")
_READ_ERRORS = ("too_complex", "busy")  # reading the page: over a bound or the budget; no reader
_URL_PARAM = {"name": "url", "in": "query", "required": True, "schema": _URL}
_URL_PARAM["description"] = _URL["description"]
_DOMAIN_PARAM = {
    "name": "domain",
    "in": "path",
    "required": True,
    "description": "The report's outlet_checks.domain, e.g. example.com",
    "schema": {"type": "string", "maxLength": 260},
}

_REPORT_ID_PARAM = {
    "name": "report_id",
    "in": "path",
    "required": True,
    "description": "The id in the report's report_url",
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{24}$"},
}


def document(version: str, secured: bool, admin: bool = False) -> dict[str, Any]:
    """`secured`: API keys are required. `admin`: an admin token is set, so /v1/admin exists."""
    guard: dict[str, Any] = {"security": [{"bearer": []}, {"apiKey": []}] if secured else []}
    json, text = "application/json", "text/html"
    score = {"200": _body(json, "ScoreResponse", "The report, and whether it came from the cache")}
    score |= _problems("invalid_request", *_FETCH_ERRORS, *_READ_ERRORS, *_GUARDED)
    too_big = _body("application/problem+json", "Problem", "too_large: the request body is too big")
    request = {
        "required": True,
        "content": {json: {"schema": {"$ref": "#/components/schemas/ScoreRequest"}}},
    }
    paths: dict[str, Any] = {
        "/v1/score": {
            "post": _op(
                "scorePage",
                "Score a page (fetched by the server, or the HTML you send)",
                score | _problems("request_timeout") | {"413": too_big},
                **guard,
                requestBody=request,
            ),
            "get": _op(
                "scoreUrl",
                "Score the page at a URL (fetched by the server)",
                score,
                **guard,
                parameters=[_URL_PARAM],
            ),
        },
        "/v1/rules": {
            "get": _op(
                "getRules",
                "The effective rules, weights, group caps, bands and rules_version",
                {"200": _body(json, "Rules", "The effective rules")} | _problems(*_GUARDED),
                **guard,
            )
        },
        "/v1/outlets/{domain}": {
            "get": _op(
                "getOutlet",
                "What checking an outlet's own policy pages found, or pending",
                {"200": _body(json, "OutletChecks", "The outlet's checks")}
                | _problems("invalid_request", "not_found", *_GUARDED),
                **guard,
                parameters=[_DOMAIN_PARAM],
            )
        },
        "/report": {
            "get": _op(
                "reportPage",
                "The report as a web page",
                {
                    "200": _body(text, None, "The report page"),
                    "default": _body(text, None, "An error page (same codes as /v1/score)"),
                },
                **guard,
                parameters=[_URL_PARAM],
            )
        },
        "/report/{report_id}": {
            "get": _op(
                "savedReportPage",
                "Exactly the report a score response linked to, as a web page",
                {
                    "200": _body(text, None, "The report page"),
                    "default": {
                        "description": "not_found: the link expired or never existed",
                        "content": _body(text, None, "")["content"]
                        | _body("application/problem+json", "Problem", "")["content"],
                    },
                },
                description="The path is the report's `report_url`. No API key is needed: the "
                "random id is the key, and it expires with the cached report.",
                parameters=[_REPORT_ID_PARAM],
            )
        },
        "/healthz": {
            "get": _op(
                "health", "Liveness: the process answers", {"200": _body(json, "Health", "Alive")}
            )
        },
        "/readyz": {
            "get": _op(
                "ready",
                "Readiness: is Redis reachable? `degraded` means serving uncached",
                {"200": _body(json, "Ready", "Ready, possibly degraded")},
            )
        },
        "/metrics": {
            "get": _op(
                "metrics",
                "Prometheus metrics",
                {"200": _body("text/plain", None, "Prometheus text format")},
            )
        },
        "/openapi.json": {
            "get": _op(
                "openapi",
                "This document",
                {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {json: {"schema": {"type": "object"}}},
                    }
                },
            )
        },
        "/docs": {
            "get": _op(
                "docs", "Human-readable API documentation", {"200": _body(text, None, "HTML")}
            )
        },
    }
    if admin:
        paths["/v1/admin/reload"] = {
            "post": _op(
                "reloadRules",
                "Read the admin file again and put its rules in force",
                {"200": _body(json, "Reload", "The new rules are in force")}
                | _problems("unauthorized", "invalid_config", "rate_limited"),
                description="Needs the server's admin_token, sent as a bearer token. An invalid "
                "file is refused with invalid_config and every problem; the rules in force stay. "
                "Under `provenance serve` every worker of the instance reloads.",
                security=[{"bearer": []}],
            )
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Provenance Lens",
            "version": version,
            "description": "Scores how traceable a news article is: who publishes it, who wrote "
            "it, and what it rests on. The score measures traceability, not truth.",
        },
        "paths": paths,
        "components": {
            "schemas": derived_schemas(),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }
