"""The one error shape: RFC 9457 problem details with a stable `code`.

Pure data (no Flask), so the fetcher can raise problems too.
"""

from __future__ import annotations

from typing import Any

# code -> (default HTTP status, title). Codes are part of the API contract: never rename one.
CODES: dict[str, tuple[int, str]] = {
    "invalid_request": (400, "Invalid request"),
    "invalid_url": (400, "Invalid URL"),
    "blocked_address": (400, "Address not allowed"),
    "unauthorized": (401, "Missing or unknown API key"),
    "not_found": (404, "Not found"),
    "method_not_allowed": (405, "Method not allowed"),
    "request_timeout": (408, "Request timeout"),
    "too_large": (422, "Page too large"),
    "not_html": (422, "Not an HTML page"),
    "too_complex": (422, "Page too complex"),
    "invalid_config": (422, "Invalid config"),
    "rate_limited": (429, "Too many requests"),
    "internal_error": (500, "Internal error"),
    "fetch_failed": (502, "Could not fetch the page"),
    "busy": (503, "Server busy"),
    "fetch_timeout": (504, "Fetching the page took too long"),
}


class Problem(Exception):
    """An error the client should see, as problem+json."""

    def __init__(
        self,
        code: str,
        detail: str,
        status: int | None = None,
        extra: dict[str, Any] | None = None,
        title: str | None = None,
    ):
        if code not in CODES:
            raise ValueError(f"unknown problem code {code}")
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status or CODES[code][0]
        self.extra = extra or {}  # RFC 9457 extension members, such as invalid_config's list
        self._title = title  # when the code's usual title would name the wrong thing

    @property
    def title(self) -> str:
        return self._title or CODES[self.code][1]

    def to_dict(self, request_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"/docs#error-{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if request_id:
            body["request_id"] = request_id
        return body | self.extra

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(data["code"], data["detail"], data["status"])
