"""Words a reader uses for what the engine records: where a fact came from, dates, lists."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from scoring.data import load_toml


@cache
def _wording() -> dict[str, dict[str, object]]:
    return load_toml("wording.toml")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def from_source(source: str | None) -> str:
    """ "from the byline" for source "byline"; "" when the source is unknown."""
    if not source:
        return ""
    words = _wording()["sources"].get(source, source)
    return f"from {words}"


def readable_date(value: str | None) -> str:
    """ "23 October 2018" for "2018-10-23T08:00:00Z"; "October 2018", "2018" for partial
    dates; anything that is not an ISO date comes back as it was."""
    if not value:
        return ""
    months = _wording()["dates"]["months"]
    assert isinstance(months, list)
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            d = date.fromisoformat(value[:10])
            return f"{d.day} {months[d.month - 1]} {d.year}"
        if len(parts) == 2 and 1 <= int(parts[1]) <= 12:
            return f"{months[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 1 and len(parts[0]) == 4:
            return str(int(parts[0]))
    except ValueError:
        pass
    return value


def names(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def citation_check(check: Mapping[str, Any] | None, article_published: str | None = None) -> str:
    """What checking a cited link found, in a reader's words (the overlay's words for it):
    a problem with the link first, else whether the cited page holds what it is cited for,
    and whether it is dated after the article. "" when the link was not chosen for checking."""
    if not isinstance(check, Mapping):
        return ""
    words: dict[str, Any] = _wording()["citations"]
    if check.get("state") == "pending":
        return str(words["pending"])
    if check.get("state") == "failed":
        reason = check.get("reason")
        return f"{words['failed']}: {reason}" if reason else f"{words['failed']}."
    outcomes, verdicts = words["outcome"], words["verdict"]
    outcome = check.get("outcome")
    support = check.get("support")
    verdict = support.get("verdict") if isinstance(support, Mapping) else None
    said = [str(words["checked"])]
    if outcome in outcomes and outcome != "ok":
        said = [outcomes[outcome]]
    elif verdict in verdicts:
        said = [verdicts[verdict]]
    elif outcome in outcomes:
        said = [outcomes["ok"]]
    cited, own = str(check.get("published") or "")[:10], str(article_published or "")[:10]
    if _ISO_DAY.match(cited) and _ISO_DAY.match(own) and cited > own:
        said.append(str(words["after"]))
    return " ".join(said)
