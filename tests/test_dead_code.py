"""No dead code: vulture finds nothing unused in the engine, the backend or the tools."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Registered by decorator and called through the registry, the app or pydantic.
DECORATORS = [
    "@rule",
    "@computed_field",
    "@bp.*",
    "@app.*",
    "@*.route",
    "@*.get",
    "@*.post",
    "@*.errorhandler",
    "@*.before_request",
    "@*.after_request",
]
# Used by name from outside Python's view, each for the reason given.
USED_ELSEWHERE = {
    "exact": "Quote fields: serialized into the JSON report",
    "prefix": "Quote fields: serialized into the JSON report",
    "poll": "OutletStatus field: serialized into outlet_checks",
    "retry_after": "OutletStatus field: serialized into outlet_checks",
    "sort_keys": "Flask's JSON provider setting",
    "problem_code": "read back with g.get('problem_code') for the access log",
    "check_outlet_job": "enqueued on RQ by its dotted name",
    "check_image_job": "enqueued on RQ by its dotted name",
    "check_citations_job": "enqueued on RQ by its dotted name",
    "signed_at": "ImageCredentials field: serialized into facts.lead_image",
    "caption_source": "LeadImage field: serialized into facts.lead_image",
    "in_page": "LeadImage field: serialized into facts.lead_image",
    "selector": "CitingSentence field: serialized into facts.citations[i].context",
    "trust_list": "ImageStatus field: serialized into image_checks",
    "handle_hup": "gunicorn's arbiter calls it on SIGHUP",
    "must_close": "gunicorn's request reads it to close the connection after the answer",
    "do_GET": "http.server calls it",
    "log_message": "http.server calls it",
    "daemon_threads": "socketserver reads it",
    "__pydantic_config__": "pydantic reads it",
    "outlet_lists": "a key of GET /v1/rules, typed for its OpenAPI schema",
    "rating_sources": "a key of GET /v1/rules, typed for its OpenAPI schema",
    "previous_rules_version": "a key of the reload answer, typed for its OpenAPI schema",
}


def test_vulture_finds_nothing_unused() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vulture",
            "scoring",
            "server",
            "--min-confidence",
            "60",
            "--ignore-decorators",
            ",".join(DECORATORS),
            "--ignore-names",
            ",".join(USED_ELSEWHERE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
