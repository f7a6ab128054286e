"""The OpenAPI 3.1 document: paths and descriptions by hand, schemas derived from the types.

The report's schemas (and the outlet checks') are generated from the engine's dataclasses by
scoring.schema, closed all the way down: a field the server sends that the schema does not
list fails validation, so the published document cannot drift from the JSON.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from scoring.report import Report
from scoring.schema import json_schema
from server.outlets import OutletStatus
from server.problems import CODES


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


_STR = {"type": "string"}
_URL = {
    "type": "string",
    "description": "The article's http(s) URL",
    "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
    "maxLength": 2048,
}
_NUM = {"type": "number"}
_REF = "#/components/schemas/{model}"
_GROUP = {
    "type": "object",
    "required": ["id", "label", "max"],
    "properties": {"id": _STR, "label": _STR, "max": {"type": "integer"}},
}


@cache
def derived_schemas() -> dict[str, Any]:
    """Report, ScoreResponse and OutletChecks with every type they use, from the dataclasses."""
    out: dict[str, Any] = {}
    for name, cls in (("Report", Report), ("OutletChecks", OutletStatus)):
        schema = json_schema(cls, ref_template=_REF)
        out.update(schema.pop("$defs", {}))
        out[name] = schema
    report = out["Report"]
    # What the server adds to the engine's report: whether it came from the cache, and the
    # outlet checks (left out when the admin turned them off).
    added = {
        "cached": {"type": "boolean"},
        "outlet_checks": {"$ref": _REF.format(model="OutletChecks")},
        "report_url": {
            "type": ["string", "null"],
            "description": "A path on this server that shows exactly this report as a page, "
            "for as long as the cache keeps it; its random id is the only key (no API key). "
            "null when the server keeps no reports (cache_ttl 0)",
        },
    }
    out["ScoreResponse"] = report | {
        "properties": report["properties"] | added,
        "required": [*report["required"], "cached"],
    }
    return out


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `code` is stable, `detail` is for people.",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": _STR,
        "title": _STR,
        "status": {"type": "integer"},
        "detail": _STR,
        "code": {"enum": sorted(CODES)},
        "request_id": _STR,
        "rules_version": {"type": "string", "description": "invalid_config: the rules in force"},
        "problems": {
            "type": "array",
            "description": "invalid_config: every problem with the admin's files",
            "items": {
                "type": "object",
                "required": ["file", "line", "path", "message"],
                "properties": {
                    "file": _nullable("string"),
                    "line": _nullable("integer"),
                    "path": {"type": "string", "description": "TOML path, e.g. rules.AUTHOR_NAMED"},
                    "message": _STR,
                },
            },
        },
    },
}
SCORE_REQUEST = {
    "type": "object",
    "required": ["url"],
    "additionalProperties": False,
    "properties": {
        "url": _URL,
        "html": {
            "type": "string",
            "description": "The page as the reader sees it; when given, nothing is fetched",
        },
    },
}
RULES = {
    "type": "object",
    "required": ["rules_version", "groups", "rules", "thresholds", "bands", "data"],
    "properties": {
        "rules_version": _STR,
        "groups": {"type": "array", "items": _GROUP},
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "group", "weight", "description", "example"],
                "properties": {
                    "id": _STR,
                    "group": _STR,
                    "weight": {"type": "integer"},
                    "description": _STR,
                    "example": {"type": "string", "description": "What triggers it"},
                },
            },
        },
        "thresholds": {"type": "object", "additionalProperties": _NUM},
        "bands": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label", "min"],
                "properties": {"id": _STR, "label": _STR, "min": _NUM},
            },
        },
        "data": {
            "type": "object",
            "description": "The admin's own data files: outlet lists and ratings",
            "required": ["outlet_lists", "rating_sources", "files"],
            "properties": {
                "outlet_lists": {
                    "type": "object",
                    "description": "Entries per list: trusted, watch, state_affiliated",
                    "additionalProperties": {"type": "integer"},
                },
                "rating_sources": {
                    "type": "object",
                    "description": "Domains rated, per ratings source",
                    "additionalProperties": {"type": "integer"},
                },
                "files": {"type": "array", "items": _STR},
            },
        },
    },
}
RELOAD = {
    "type": "object",
    "description": "The rules now in force in the process that answered",
    "required": ["status", "rules_version", "previous_rules_version", "restart_needed"],
    "properties": {
        "status": {"enum": ["reloaded", "unchanged"]},
        "rules_version": _STR,
        "previous_rules_version": _STR,
        "restart_needed": {
            "type": "array",
            "items": _STR,
            "description": "[server] settings the file changed: they apply at the next restart",
        },
    },
}
HEALTH = {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"enum": ["ok"]}},
}
READY = {
    "type": "object",
    "required": ["status", "redis"],
    "properties": {
        "status": {"enum": ["ok", "degraded"]},
        "redis": {"enum": ["ok", "unreachable", "not_configured"]},
    },
}


def _problems(*codes: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code in codes:
        status = str(CODES[code][0])
        entry = out.setdefault(
            status,
            {
                "description": "",
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            },
        )
        entry["description"] = ", ".join(filter(None, [entry["description"], code]))
    return out


_FETCH_ERRORS = (
    "invalid_url",
    "blocked_address",
    "fetch_failed",
    "fetch_timeout",
    "too_large",
    "not_html",
)
_GUARDED = ("unauthorized", "rate_limited")
_URL_PARAM = {
    "name": "url",
    "in": "query",
    "required": True,
    "description": "The article's http(s) URL",
    "schema": _URL,
}


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def document(version: str, secured: bool, admin: bool = False) -> dict[str, Any]:
    """`secured`: API keys are required. `admin`: an admin token is set, so /v1/admin exists."""
    security: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}] if secured else []
    score_ok = {"200": _json("ScoreResponse", "The report, and whether it came from the cache")}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Provenance Lens",
            "version": version,
            "description": (
                "Scores how traceable a news article is: who publishes it, who wrote it, and "
                "what it rests on. The score measures traceability, not truth."
            ),
        },
        "paths": {
            "/v1/score": {
                "post": {
                    "operationId": "scorePage",
                    "summary": "Score a page (fetched by the server, or the HTML you send)",
                    "security": security,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ScoreRequest"}
                            }
                        },
                    },
                    "responses": score_ok
                    | _problems("invalid_request", *_FETCH_ERRORS, *_GUARDED)
                    | {"413": _problem_response("too_large: the request body is too big")},
                },
                "get": {
                    "operationId": "scoreUrl",
                    "summary": "Score the page at a URL (fetched by the server)",
                    "security": security,
                    "parameters": [_URL_PARAM],
                    "responses": score_ok | _problems("invalid_request", *_FETCH_ERRORS, *_GUARDED),
                },
            },
            "/v1/rules": {
                "get": {
                    "operationId": "getRules",
                    "summary": "The effective rules, weights, group caps, bands and rules_version",
                    "security": security,
                    "responses": {"200": _json("Rules", "The effective rules")}
                    | _problems(*_GUARDED),
                }
            },
            "/v1/outlets/{domain}": {
                "get": {
                    "operationId": "getOutlet",
                    "summary": "What checking an outlet's own policy pages found, or pending",
                    "security": security,
                    "parameters": [
                        {
                            "name": "domain",
                            "in": "path",
                            "required": True,
                            "description": "The report's outlet_checks.domain, e.g. example.com",
                            "schema": {"type": "string", "maxLength": 260},
                        }
                    ],
                    "responses": {"200": _json("OutletChecks", "The outlet's checks")}
                    | _problems("invalid_request", "not_found", *_GUARDED),
                }
            },
            "/report": {
                "get": {
                    "operationId": "reportPage",
                    "summary": "The report as a web page",
                    "security": security,
                    "parameters": [_URL_PARAM],
                    "responses": {
                        "200": {
                            "description": "The report page",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                        "default": {
                            "description": "An error page (same codes as /v1/score)",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                    },
                }
            },
            "/report/{report_id}": {
                "get": {
                    "operationId": "savedReportPage",
                    "summary": "Exactly the report a score response linked to, as a web page",
                    "description": "The path is the report's `report_url`. No API key is "
                    "needed: the random id is the key, and it expires with the cached report.",
                    "parameters": [
                        {
                            "name": "report_id",
                            "in": "path",
                            "required": True,
                            "description": "The id in the report's report_url",
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{24}$"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The report page",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                        "default": {
                            "description": "An error page; not_found: the link expired or "
                            "never existed",
                            "content": {
                                "text/html": {"schema": {"type": "string"}},
                                "application/problem+json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                },
                            },
                        },
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness: the process answers",
                    "responses": {"200": _json("Health", "Alive")},
                }
            },
            "/readyz": {
                "get": {
                    "operationId": "ready",
                    "summary": "Readiness: is Redis reachable? `degraded` means serving uncached",
                    "responses": {"200": _json("Ready", "Ready, possibly degraded")},
                }
            },
            "/metrics": {
                "get": {
                    "operationId": "metrics",
                    "summary": "Prometheus metrics",
                    "responses": {
                        "200": {
                            "description": "Prometheus text format",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        }
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/docs": {
                "get": {
                    "operationId": "docs",
                    "summary": "Human-readable API documentation",
                    "responses": {
                        "200": {
                            "description": "HTML",
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                **derived_schemas(),
                "ScoreRequest": SCORE_REQUEST,
                "Problem": PROBLEM,
                "Rules": RULES,
                "Reload": RELOAD,
                "Health": HEALTH,
                "Ready": READY,
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }
    if admin:
        doc["paths"]["/v1/admin/reload"] = ADMIN_RELOAD
    return doc


ADMIN_RELOAD = {
    "post": {
        "operationId": "reloadRules",
        "summary": "Read the admin file again and put its rules in force",
        "description": "Needs the server's admin_token, sent as a bearer token. An invalid file "
        "is refused with invalid_config and every problem; the rules in force stay. Under "
        "`provenance serve` every worker of the instance reloads.",
        "security": [{"bearer": []}],
        "responses": {"200": _json("Reload", "The new rules are in force")}
        | _problems("unauthorized", "invalid_config", "rate_limited"),
    }
}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
