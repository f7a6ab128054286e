"""Words a reader uses for what the engine records: where a fact came from, dates, lists."""

from __future__ import annotations

from datetime import date
from functools import cache

from scoring.data import load_toml


@cache
def _wording() -> dict[str, dict[str, object]]:
    return load_toml("wording.toml")


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
