"""The report: what the engine returns, and its two renderings (JSON dict and text table)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TRACEABILITY_NOTE = (
    "This score measures how traceable the article is (who publishes it, who wrote it, when, "
    "and whether its claims can be followed back to their sources). It is not a verdict on "
    "whether the article is true."
)


@dataclass(frozen=True)
class Quote:
    """A W3C TextQuoteSelector: enough context to find the evidence in the live page."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Evidence:
    text: str
    quote: Quote | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.quote is not None:
            out["quote"] = asdict(self.quote)
        if self.url is not None:
            out["url"] = self.url
        return out


@dataclass(frozen=True)
class Finding:
    rule: str
    group: str
    points: float
    description: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "group": self.group,
            "points": _number(self.points),
            "description": self.description,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class GroupScore:
    id: str
    label: str
    score: float
    max: float
    raw: float  # the sum of the group's findings before it was clamped to 0..max

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": _number(self.score),
            "max": _number(self.max),
            "raw": _number(self.raw),
        }


@dataclass
class Report:
    url: str
    canonical_url: str | None
    score: int | None
    rating: str | None
    rating_label: str | None
    not_scored: dict[str, str] | None
    groups: list[GroupScore]
    findings: list[Finding]
    facts: dict[str, Any]
    rules_version: str
    engine_version: str
    note: str = TRACEABILITY_NOTE
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "score": self.score,
            "rating": self.rating,
            "rating_label": self.rating_label,
            "not_scored": self.not_scored,
            "groups": [g.to_dict() for g in self.groups],
            "findings": [f.to_dict() for f in self.findings],
            "facts": self.facts,
            "rules_version": self.rules_version,
            "engine_version": self.engine_version,
            "note": self.note,
        }
        out.update(self.extra)
        return out

    def as_text(self) -> str:
        """A points table in the manner of a mail filter's report."""
        lines = [f"URL:     {self.url}"]
        if self.not_scored:
            lines.append(f"Not scored: {self.not_scored['message']}")
        else:
            lines.append(f"Score:   {self.score}/100  ({self.rating_label})")
            for g in self.groups:
                clamped = f"  (findings add up to {_number(g.raw)})" if g.raw != g.score else ""
                lines.append(f"  {g.label:<12} {_number(g.score):>5} / {_number(g.max)}{clamped}")
        lines.append("")
        lines.append(f"{'pts':>6}  {'rule':<28} description")
        lines.append(f"{'-' * 6}  {'-' * 28} {'-' * 44}")
        for f in sorted(self.findings, key=lambda f: (f.group, -abs(f.points), f.rule)):
            lines.append(f"{_signed(f.points):>6}  {f.rule:<28} {f.description}")
            for e in f.evidence[:5]:
                lines.append(f"{'':>6}  {'':<28}   - {_clip(e.text, 100)}")
            if len(f.evidence) > 5:
                lines.append(f"{'':>6}  {'':<28}   - ... and {len(f.evidence) - 5} more")
        lines.append("")
        lines.append(f"rules_version {self.rules_version}, engine {self.engine_version}")
        lines.append(self.note)
        return "\n".join(lines)


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 2)


def _signed(x: float) -> str:
    n = _number(x)
    return f"+{n}" if n > 0 else str(n)


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
