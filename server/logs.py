"""Structured JSON logs, one object per line, each with the request id.

Only fields named here are written: page HTML, request bodies and API keys never reach a log.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")
# Extra fields a log call may attach; anything else is dropped.
FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "cache",
    "code",
    "client",
    "key_id",
    "host",
    "error",
    "outcome",
    "trigger",
    "rules_version",
    "previous_rules_version",
    "problems",
    "restart_needed",
    "pid",
)


def new_request_id(incoming: str | None) -> str:
    """The caller's X-Request-ID when it is sane (so ids join up across services), else new."""
    if incoming and _INCOMING_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        for name in FIELDS:
            if name in record.__dict__:
                out[name] = record.__dict__[name]
        if record.exc_info:
            # The exception type only: a traceback can quote page content or secrets.
            out["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "Exception"
        return json.dumps(out, ensure_ascii=False, default=str)


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (test capture swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def configure(level: str) -> None:
    logger = logging.getLogger("provenance")
    logger.setLevel(level.upper())
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
