"""The report: what the engine returns, and its two renderings (JSON dict and text table).

The JSON is these dataclasses serialized as they are (scoring.schema): no field is renamed on
the way out, so the published JSON Schema is derived from the same types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoring.facts import Facts

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


@dataclass(frozen=True)
class Finding:
    rule: str
    group: str
    points: int
    description: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class GroupScore:
    id: str
    label: str
    score: int
    max: int
    raw: int  # the sum of the group's findings before it was clamped to 0..max


@dataclass(frozen=True)
class NotScored:
    code: str  # "not_an_article"
    message: str


@dataclass
class Report:
    """How traceable the article is. It is not a verdict on whether it is true."""

    url: str
    canonical_url: str | None
    score: int | None
    rating: str | None
    rating_label: str | None
    not_scored: NotScored | None
    groups: list[GroupScore]
    findings: list[Finding]
    facts: Facts
    rules_version: str
    engine_version: str
    note: str = TRACEABILITY_NOTE

    def to_dict(self) -> dict[str, Any]:
        from scoring.schema import fast_to_json

        return fast_to_json(self)

    def as_text(self) -> str:
        """A points table in the manner of a mail filter's report."""
        lines = [f"URL:     {self.url}"]
        if self.not_scored:
            lines.append(f"Not scored: {self.not_scored.message}")
        else:
            lines.append(f"Score:   {self.score}/100  ({self.rating_label})")
            for g in self.groups:
                clamped = f"  (findings add up to {g.raw})" if g.raw != g.score else ""
                lines.append(f"  {g.label:<12} {g.score:>5} / {g.max}{clamped}")
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


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
