"""What a config change does to a corpus: every page scored under two configs, compared.

Each page is parsed and its facts extracted once; only the scoring runs twice, so a diff costs
little more than one pass of the engine over the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scoring.config import Config
from scoring.document import Document
from scoring.engine import score_facts
from scoring.extract import extract_facts
from scoring.report import Report
from scoring.rules import all_rules
from scoring.tools.corpus import Page

BAR_WIDTH = 40


@dataclass(frozen=True)
class PageChange:
    corpus: str
    id: str
    url: str
    before: int
    after: int
    band_before: str
    band_after: str

    @property
    def delta(self) -> int:
        return self.after - self.before

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "id": self.id,
            "url": self.url,
            "before": self.before,
            "after": self.after,
            "change": self.delta,
            "band_before": self.band_before,
            "band_after": self.band_after,
        }


@dataclass
class ConfigDiff:
    base: str  # how the configs were named on the command line
    new: str
    base_version: str
    new_version: str
    settings_changed: list[str]
    pages: int = 0
    not_scored: int = 0
    deltas: list[int] = field(default_factory=list)  # one per scored page, after - before
    changes: list[PageChange] = field(default_factory=list)  # pages whose score changed
    scores_before: list[int] = field(default_factory=list)
    scores_after: list[int] = field(default_factory=list)
    bands_before: Counter[str] = field(default_factory=Counter)
    bands_after: Counter[str] = field(default_factory=Counter)
    band_order: list[str] = field(default_factory=list)
    hits_before: Counter[str] = field(default_factory=Counter)
    hits_after: Counter[str] = field(default_factory=Counter)
    weights_before: dict[str, float] = field(default_factory=dict)
    weights_after: dict[str, float] = field(default_factory=dict)

    @property
    def band_changes(self) -> list[PageChange]:
        moved = [c for c in self.changes if c.band_before != c.band_after]
        return sorted(moved, key=lambda c: (c.delta, c.url))

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": {"config": self.base, "rules_version": self.base_version},
            "new": {"config": self.new, "rules_version": self.new_version},
            "settings_changed": self.settings_changed,
            "pages": self.pages,
            "scored": len(self.deltas),
            "not_scored": self.not_scored,
            "scores_changed": len(self.changes),
            "mean_before": _mean(self.scores_before),
            "mean_after": _mean(self.scores_after),
            "bands": [
                {"id": b, "before": self.bands_before[b], "after": self.bands_after[b]}
                for b in self.band_order
            ],
            "band_changes": [c.to_dict() for c in self.band_changes],
            "score_changes": dict(sorted(Counter(self.deltas).items())),
            "rules": [
                {
                    "id": rid,
                    "weight_before": self.weights_before.get(rid, 0.0),
                    "weight_after": self.weights_after.get(rid, 0.0),
                    "hits_before": self.hits_before[rid],
                    "hits_after": self.hits_after[rid],
                }
                for rid in all_rules()
            ],
            "changed_pages": [c.to_dict() for c in self.changes],
        }


def diff_configs(
    pages: Iterable[tuple[str, Page]],
    base: Config,
    new: Config,
    *,
    base_name: str = "base",
    new_name: str = "new",
    today: date | None = None,
) -> ConfigDiff:
    """Score every (corpus, page) under `base` and under `new`, extracting its facts once."""
    today = today or date.today()
    result = ConfigDiff(
        base=base_name,
        new=new_name,
        base_version=base.rules_version,
        new_version=new.rules_version,
        settings_changed=settings_changed(base, new),
        band_order=_band_order(base, new),
        weights_before=dict(base.weights),
        weights_after=dict(new.weights),
    )
    for corpus, page in pages:
        result.pages += 1
        facts = extract_facts(Document.parse(page.html, page.url), today)
        a, b = score_facts(facts, base), score_facts(facts, new)
        if a.score is None or b.score is None:
            result.not_scored += 1
            continue
        _count(result.hits_before, a)
        _count(result.hits_after, b)
        result.scores_before.append(a.score)
        result.scores_after.append(b.score)
        result.bands_before[a.rating or ""] += 1
        result.bands_after[b.rating or ""] += 1
        result.deltas.append(b.score - a.score)
        if a.score != b.score or a.rating != b.rating:
            result.changes.append(
                PageChange(
                    corpus, page.id, page.url, a.score, b.score, a.rating or "", b.rating or ""
                )
            )
    return result


def _band_order(base: Config, new: Config) -> list[str]:
    """Band ids of both configs, highest minimum first (the new config's where both have one)."""
    lows = {b.id: b.min for b in base.bands} | {b.id: b.min for b in new.bands}
    return sorted(lows, key=lambda b: -lows[b])


def _count(counter: Counter[str], report: Report) -> None:
    counter.update(f.rule for f in report.findings)


def settings_changed(base: Config, new: Config) -> list[str]:
    """Each weight, cap, threshold, band and data file that differs, as "key: old -> new"."""
    out: list[str] = []
    for rid in all_rules():
        a, b = base.weights.get(rid, 0.0), new.weights.get(rid, 0.0)
        if a != b:
            out.append(f"rules.{rid}: {a:+g} -> {b:+g}")
    for gid in dict.fromkeys([*base.groups, *new.groups]):
        ga, gb = (c.groups[gid].max if gid in c.groups else None for c in (base, new))
        if ga != gb:
            out.append(f"groups.{gid}.max: {_g(ga)} -> {_g(gb)}")
    for key in dict.fromkeys([*base.thresholds, *new.thresholds]):
        ta, tb = base.thresholds.get(key), new.thresholds.get(key)
        if ta != tb:
            out.append(f"thresholds.{key}: {_g(ta)} -> {_g(tb)}")
    bands_a = ", ".join(f"{b.id} >= {b.min:g}" for b in base.bands)
    bands_b = ", ".join(f"{b.id} >= {b.min:g}" for b in new.bands)
    if bands_a != bands_b:
        out.append(f"bands: {bands_a} -> {bands_b}")
    if base.data.fingerprint() != new.data.fingerprint():
        out.append(f"data: {_data_summary(base)} -> {_data_summary(new)}")
    return out


def _data_summary(config: Config) -> str:
    s = config.data.summary()
    lists = ", ".join(f"{n} {k}" for k, n in s["outlet_lists"].items() if n)
    ratings = ", ".join(f"{n} from {src}" for src, n in s["rating_sources"].items())
    parts = [
        p
        for p in (f"lists: {lists}" if lists else "", f"ratings: {ratings}" if ratings else "")
        if p
    ]
    return "; ".join(parts) or "none"


def _g(x: float | None) -> str:
    return "unset" if x is None else f"{x:g}"


def _mean(xs: list[int]) -> float | None:
    return round(sum(xs) / len(xs), 1) if xs else None


# --- rendering ------------------------------------------------------------------------------


def histogram_bins(deltas: list[int], max_bins: int = 21) -> list[tuple[int, int, int]]:
    """(low, high, pages) bins of score changes, zero in a bin of its own, empty bins kept."""
    if not deltas:
        return []
    lo, hi = min(min(deltas), 0), max(max(deltas), 0)
    width = max(1, math.ceil(max(-lo, hi) / max(1, (max_bins - 1) // 2)))
    counts = Counter(deltas)
    bins: list[tuple[int, int, int]] = []
    start = -math.ceil(-lo / width) * width if lo < 0 else 0
    for low in range(start, 0, width):
        high = min(low + width - 1, -1)
        bins.append((low, high, sum(counts[d] for d in range(low, high + 1))))
    bins.append((0, 0, counts[0]))
    for low in range(1, hi + 1, width):
        high = low + width - 1
        bins.append((low, high, sum(counts[d] for d in range(low, high + 1))))
    return bins


def text_histogram(deltas: list[int]) -> list[str]:
    bins = histogram_bins(deltas)
    if not bins:
        return []
    peak = max(n for _, _, n in bins)
    lines = []
    for low, high, n in bins:
        label = f"{low:+d}" if low == high else f"{low:+d}..{high:+d}"
        if low == 0:
            label = "0"
        bar = "#" * (math.ceil(BAR_WIDTH * n / peak) if n else 0)
        lines.append(f"  {label:>9} | {bar:<{BAR_WIDTH}} {n}")
    return lines


def format_diff(d: ConfigDiff) -> str:
    out = [
        f"base: {d.base} (rules_version {d.base_version})",
        f"new:  {d.new} (rules_version {d.new_version})",
    ]
    if d.settings_changed:
        out.append("changed:")
        out += [f"  {s}" for s in d.settings_changed]
    else:
        out.append("changed: nothing that affects scores")
    scored = len(d.deltas)
    out += [
        "",
        f"pages: {d.pages} read, {scored} scored, {d.not_scored} not scored (not articles)",
        f"scores: {len(d.changes)} changed, {scored - len(d.changes)} unchanged; "
        f"mean {_mean(d.scores_before)} -> {_mean(d.scores_after)}",
        "",
        f"{'rating band':<20} {'before':>7} {'after':>7}",
    ]
    for b in d.band_order:
        out.append(f"{b:<20} {d.bands_before[b]:>7} {d.bands_after[b]:>7}")
    moved = d.band_changes
    out += ["", f"pages whose rating band changes: {len(moved)}"]
    if moved:
        out.append(f"  {'before':>6} {'after':>6}  {'band':<26} url")
        for c in moved:
            band = f"{c.band_before} -> {c.band_after}"
            out.append(f"  {c.before:>6} {c.after:>6}  {band:<26} {c.url or c.id}")
    out += ["", "score change (new - base), pages:"]
    out += text_histogram(d.deltas) or ["  (no scored pages)"]
    out += ["", "rule hits (scored pages), base -> new:"]
    out.append(f"  {'rule':<28} {'weight':>13} {'hits':>13}")
    quiet = 0
    for rid in all_rules():
        wa, wb = d.weights_before.get(rid, 0.0), d.weights_after.get(rid, 0.0)
        ha, hb = d.hits_before[rid], d.hits_after[rid]
        if not (ha or hb or wa != wb):
            quiet += 1
            continue
        mark = "*" if (wa, ha) != (wb, hb) else " "
        weight = f"{wa:+g}" if wa == wb else f"{wa:+g} -> {wb:+g}"
        hits = f"{ha}" if ha == hb else f"{ha} -> {hb}"
        out.append(f"{mark} {rid:<28} {weight:>13} {hits:>13}")
    if quiet:
        out.append(f"  ({quiet} rules hit no page under either config)")
    return "\n".join(out)
