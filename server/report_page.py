"""What the report page needs beyond the report itself: findings under their groups (as the
overlay shows them), each group's arithmetic, and evidence shown once, in readers' words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint

from scoring.wording import citation_check, from_source, names, readable_date

# Typographic and plain quotation marks a quote may already carry at its ends.
_QUOTE_MARKS = "\"'“”‘’«»„‚"


def grouped_findings(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """[{group, findings}] in the report's group order; findings of an unknown group go last,
    under a group of their own."""
    groups = [g for g in report.get("groups") or [] if isinstance(g, Mapping)]
    order = [g.get("id") for g in groups]
    out: list[dict[str, Any]] = [{"group": g, "findings": []} for g in groups]
    extra: dict[str, dict[str, Any]] = {}
    for f in report.get("findings") or []:
        if f.get("group") in order:
            out[order.index(f.get("group"))]["findings"].append(f)
            continue
        key = str(f.get("group") or "other")
        if key not in extra:
            extra[key] = {"group": {"id": key, "label": key.capitalize()}, "findings": []}
        extra[key]["findings"].append(f)
    return out + list(extra.values())


def arithmetic(group: Mapping[str, Any]) -> str | None:
    """One line when the findings' sum (raw) is not what the group counts: below 0 or over the
    cap. None when the group counts its sum as it is."""
    raw, cap = group.get("raw"), group.get("max")
    if not isinstance(raw, int | float) or not isinstance(cap, int | float):
        return None
    if raw < 0:
        return f"Its findings add up to {_number(raw)}; a group counts no less than 0."
    if raw > cap:
        return f"Its findings add up to {_number(raw)}; this group counts at most {_number(cap)}."
    return None


def evidence_quote(evidence: Mapping[str, Any]) -> str | None:
    """The quoted words to show beside an evidence's text, or None when the text already
    contains them (so nothing is said twice). Quotation marks are left to the page."""
    quote = evidence.get("quote")
    exact = quote.get("exact") if isinstance(quote, Mapping) else None
    if not isinstance(exact, str):
        return None
    words = exact.strip().strip(_QUOTE_MARKS).strip()
    text = evidence.get("text")
    if not words or (isinstance(text, str) and words in text):
        return None
    return words


def _number(x: float) -> str:
    n = int(x) if float(x).is_integer() else round(x, 2)
    return str(n).replace("-", "\u2212")


def register(bp: Blueprint) -> None:
    bp.add_app_template_global(grouped_findings)
    bp.add_app_template_global(arithmetic)
    bp.add_app_template_global(evidence_quote)
    bp.add_app_template_filter(readable_date, "readable_date")
    bp.add_app_template_filter(from_source, "from_source")
    bp.add_app_template_filter(names, "names")
    bp.add_app_template_filter(citation_check, "citation_check")
