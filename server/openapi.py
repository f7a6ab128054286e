"""The OpenAPI 3.1 document: every endpoint, the Report and the problem schemas."""

from __future__ import annotations

from typing import Any

from server.problems import CODES


def _nullable(kind: str | list[str], **extra: Any) -> dict[str, Any]:
    kinds = [kind] if isinstance(kind, str) else kind
    return {"type": [*kinds, "null"], **extra}


_STR = {"type": "string"}
_URL = {
    "type": "string",
    "description": "The article's http(s) URL",
    "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
    "maxLength": 2048,
}
_NUM = {"type": "number"}
_QUOTE = {
    "type": "object",
    "description": "W3C TextQuoteSelector: finds the evidence in the live page",
    "required": ["exact"],
    "properties": {"exact": _STR, "prefix": _STR, "suffix": _STR},
}
_EVIDENCE = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": _STR, "quote": _QUOTE, "url": _STR},
}
_FINDING = {
    "type": "object",
    "required": ["rule", "group", "points", "description", "evidence"],
    "properties": {
        "rule": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        "group": _STR,
        "points": _NUM,
        "description": _STR,
        "evidence": {"type": "array", "items": _EVIDENCE},
    },
}
_GROUP = {
    "type": "object",
    "required": ["id", "label", "score", "max"],
    "properties": {"id": _STR, "label": _STR, "score": _NUM, "max": _NUM},
}
_AUTHOR = {
    "type": "object",
    "required": ["name", "kind", "source"],
    "properties": {
        "name": _STR,
        "kind": {"enum": ["person", "organization", "generic"]},
        "source": _STR,
        "profile_url": _STR,
        "bio": _STR,
    },
}
_CITATION = {
    "type": "object",
    "required": ["url", "domain", "kind", "text"],
    "properties": {
        "url": _STR,
        "domain": _STR,
        "kind": {
            "enum": [
                "news",
                "wire",
                "government",
                "academic",
                "court",
                "social",
                "archive",
                "document",
                "self",
                "other",
            ]
        },
        "text": _STR,
    },
}
_OUTLET = {
    "type": "object",
    "required": ["domain", "name", "name_source", "transparency"],
    "properties": {
        "domain": _STR,
        "name": _nullable("string"),
        "name_source": _nullable("string"),
        "known": {"type": "boolean"},
        "known_name": _nullable("string"),
        "kind": _nullable("string"),
        "country": _nullable("string"),
        "state_affiliation": _nullable("string"),
        "state_affiliation_source": {
            "enum": ["known-outlets", "admin-list", None],
            "description": "The engine's curated table, or an outlet list of this server's admin",
        },
        "lookalike_of": _nullable(
            "object",
            description="The known outlet whose name the domain borrows, and its real domains",
            properties={"name": _STR, "domains": {"type": "array", "items": _STR}},
        ),
        "transparency": {
            "type": "object",
            "description": "about, contact, corrections, ethics, ownership, masthead ...",
            "additionalProperties": {
                "type": "object",
                "required": ["url"],
                "properties": {"url": _STR, "text": _STR, "source": _STR},
            },
        },
        "ratings": {
            "type": "array",
            "description": "External ratings the admin supplies, every source side by side, "
            "never averaged; they change the score only if the admin gives them a weight",
            "items": {
                "type": "object",
                "required": ["source", "rating"],
                "properties": {"source": _STR, "rating": {"enum": ["high", "mixed", "low"]}},
            },
        },
        "ratings_disagree": {"type": "boolean"},
        "lists": {
            "type": "array",
            "description": "The admin's outlet lists this outlet is on, with the admin's note",
            "items": {
                "type": "object",
                "required": ["list", "note"],
                "properties": {
                    "list": {"enum": ["trusted", "watch", "state_affiliated"]},
                    "note": _STR,
                    "type": {"type": "string", "description": "State Media Matrix type"},
                },
            },
        },
    },
}
_FACTS = {
    "type": "object",
    "description": "What the engine extracted; every fact says where it came from.",
    "required": ["outlet", "authors", "dates", "citations", "named_sources"],
    "properties": {
        "title": _nullable("string"),
        "title_source": {"enum": ["json-ld", "meta", "h1", "title", None]},
        "outlet": _OUTLET,
        "authors": {"type": "array", "items": _AUTHOR},
        "dates": {
            "type": "object",
            "properties": {
                "published": _nullable("string"),
                "modified": _nullable("string"),
                "published_source": _nullable(
                    "string", description='"url" when only the address gives a date: inferred'
                ),
                "published_precision": {"enum": ["day", "month", "year", None]},
                "metadata_published": {
                    "type": "string",
                    "description": "Present when the metadata and the shown date differ",
                },
                "shown_published": _STR,
            },
        },
        "citations": {"type": "array", "items": _CITATION},
        "named_sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "linked"],
                "properties": {
                    "name": _STR,
                    "domain": _nullable("string"),
                    "linked": {"type": "boolean"},
                    "state_affiliated": _nullable("string"),
                    "wire": {"type": "boolean"},
                    "dateline_only": {
                        "type": "boolean",
                        "description": "Named only in a wire dateline: a credit, not a citation.",
                    },
                    "quote": _nullable("string"),
                },
            },
        },
    },
}
_CHECKED_PAGE = {
    "type": "object",
    "required": ["url", "status"],
    "properties": {
        "url": _STR,
        "status": {
            "enum": [
                "ok",
                "missing",
                "soft_404",
                "home_redirect",
                "not_html",
                "unreachable",
                "not_checked",
            ],
            "description": "ok: there and readable. missing, soft_404, home_redirect: not "
            "really there. not_html, unreachable, not_checked: not read (no finding either way).",
        },
        "final_url": _STR,
        "reason": _STR,
        "corrections": {"type": "array", "items": _STR, "description": "ISO dates listed"},
        "people": {"type": "array", "items": _STR, "description": "names on a masthead"},
        "owners": {"type": "array", "items": _STR, "description": "sentences naming them"},
    },
}
OUTLET_CHECKS = {
    "type": "object",
    "description": "What checking the outlet's own policy pages found. `pending`: not checked "
    "yet (poll `poll` after `retry_after` seconds, then score again for the findings).",
    "required": ["state", "domain", "poll"],
    "properties": {
        "state": {"enum": ["pending", "ready", "failed"]},
        "domain": _STR,
        "poll": {"type": "string", "description": "GET this path for the outlet's state"},
        "retry_after": {"type": "integer"},
        "checked_at": _STR,
        "reason": _nullable("string"),
        "home_url": _STR,
        "fetches": {"type": "integer"},
        "pages": {
            "type": "object",
            "description": "about, contact, corrections, ethics, ownership, masthead",
            "additionalProperties": _CHECKED_PAGE,
        },
    },
}
REPORT = {
    "type": "object",
    "description": "How traceable the article is. It is not a verdict on whether it is true.",
    "required": [
        "url",
        "canonical_url",
        "score",
        "rating",
        "rating_label",
        "not_scored",
        "groups",
        "findings",
        "facts",
        "rules_version",
        "engine_version",
    ],
    "properties": {
        "url": _STR,
        "canonical_url": _nullable("string"),
        "score": _nullable("integer", minimum=0, maximum=100),
        "rating": _nullable("string"),
        "rating_label": _nullable("string"),
        "not_scored": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": _STR, "message": _STR},
                },
            ]
        },
        "groups": {"type": "array", "items": _GROUP},
        "findings": {"type": "array", "items": _FINDING},
        "facts": _FACTS,
        "rules_version": _STR,
        "engine_version": _STR,
        "note": _STR,
        "outlet_checks": {"$ref": "#/components/schemas/OutletChecks"},
    },
}
SCORE_RESPONSE = {
    "allOf": [
        {"$ref": "#/components/schemas/Report"},
        {
            "type": "object",
            "required": ["cached"],
            "properties": {"cached": {"type": "boolean"}},
        },
    ]
}
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
        "groups": {"type": "array", "items": _GROUP | {"required": ["id", "label", "max"]}},
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "group", "weight", "description", "example"],
                "properties": {
                    "id": _STR,
                    "group": _STR,
                    "weight": _NUM,
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
                "Report": REPORT,
                "ScoreResponse": SCORE_RESPONSE,
                "ScoreRequest": SCORE_REQUEST,
                "Problem": PROBLEM,
                "Rules": RULES,
                "Reload": RELOAD,
                "OutletChecks": OUTLET_CHECKS,
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
