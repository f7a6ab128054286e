"""Saved reports behind `report_url`: the page that shows a reader exactly the report they got.

Every report the API computes is also saved, for as long as the report cache keeps it, under
a fresh random id; `report_url` is `/report/<id>`. The id is the only way to the saved copy:
it is unguessable (144 random bits), expires with the cache entry, and needs no API key, so a
link can be opened in a browser without putting a key in the address. A report of HTML that a
client sent is reachable through its id alone, never through its page's URL (DESIGN section 5).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from server.cache import ReportCache

PATH_PREFIX = "/report/"
_ID = re.compile(r"^[A-Za-z0-9_-]{24}$")


def view_key(view_id: str) -> str:
    return f"pl:view:{view_id}"


def valid_id(view_id: str) -> bool:
    return bool(_ID.match(view_id))


class ReportViews:
    def __init__(self, store: ReportCache, ttl: int):
        self.store = store
        self.ttl = ttl

    def save(self, report: dict[str, Any]) -> None:
        """Give `report` its `report_url` and save it; null when reports are not kept."""
        if self.ttl <= 0:
            report["report_url"] = None
            return
        view_id = secrets.token_urlsafe(18)
        report["report_url"] = PATH_PREFIX + view_id
        self.store.set(view_key(view_id), report, self.ttl)

    def get(self, view_id: str) -> dict[str, Any] | None:
        return self.store.get(view_key(view_id)) if valid_id(view_id) else None
