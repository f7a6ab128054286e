"""`provenance evaluate`: extraction accuracy against a corpus's gold labels, next to a reference
extractor (trafilatura) run on the same pages in the same process, and how the score relates to
outlet ratings (reported, never targeted: the score measures traceability, not truth).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from scoring.engine import score_html
from scoring.tools.corpus import Page, progress, read_corpus

_STOP = frozenset("by von and und & par et por y".split())
_TOKENS = re.compile(r"\w+")
FIELDS = ("author", "date", "sitename", "title")


def name_tokens(names: list[str]) -> set[str]:
    return {t for n in names for t in _TOKENS.findall(n.casefold()) if t not in _STOP}


def author_correct(gold: Any, people: list[str], orgs: list[str]) -> bool | None:
    """The corpus rule: token sets of persons; "none" is right only with no person."""
    if gold is None:
        return None
    if gold == "none":
        return not people
    extracted = people or orgs
    return bool(extracted) and name_tokens(extracted) == name_tokens(list(gold))


AUTHOR_ERRORS = ("extra names", "missed", "wrong name", "named when the page has none")


def author_error(gold: Any, people: list[str], orgs: list[str]) -> str | None:
    """What kind of mistake a wrong author answer is (None when it is right or unlabelled)."""
    if gold is None or author_correct(gold, people, orgs):
        return None
    if gold == "none":
        return "named when the page has none"
    extracted = name_tokens(people or orgs)
    if not extracted:
        return "missed"
    return "extra names" if extracted > name_tokens(list(gold)) else "wrong name"


def date_correct(gold: str | None, found: str | None) -> bool | None:
    if not gold:
        return None
    return found is not None and found[:10] == gold


def _fold(s: str) -> str:
    """Letters and digits only, in any script, case folded."""
    return "".join(_TOKENS.findall(s.casefold())).replace("_", "")


def site_correct(gold: str | None, found: str | None) -> bool | None:
    if not gold:
        return None
    return found is not None and _fold(found) == _fold(gold)


def title_correct(gold: str | None, found: str | None) -> bool | None:
    """The headline after folding case, spacing and punctuation."""
    if not gold:
        return None
    return found is not None and _fold(found) == _fold(gold)


def _ours(page: Page) -> dict[str, Any]:
    report = score_html(page.html, page.url)
    facts = report.to_dict()["facts"]
    authors = facts["authors"]
    return {
        "people": [a["name"] for a in authors if a["kind"] == "person"],
        "orgs": [a["name"] for a in authors if a["kind"] == "organization"],
        "date": facts["dates"]["published"],
        "site": facts["outlet"]["name"],
        "title": facts["title"],
        "score": report.score,
    }


def _reference(page: Page) -> dict[str, Any]:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(page.html, url=page.url or None, with_metadata=True)
        except Exception:  # the reference may fail on odd pages; that counts as nothing found
            doc = None
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    author = meta.get("author") or ""
    names = [a.strip() for a in re.split(r";|,| and ", author) if a.strip()]
    return {
        "people": names,
        "orgs": [],
        "date": meta.get("date"),
        "site": meta.get("sitename"),
        "title": meta.get("title"),
    }


def evaluate(path: Path, limit: int | None = None, reference: bool = True) -> dict[str, Any]:
    pages = read_corpus(path, limit)
    tallies: dict[str, dict[str, list[bool]]] = {
        who: {field: [] for field in FIELDS} for who in ("ours", "reference")
    }
    errors: dict[str, dict[str, int]] = {
        who: dict.fromkeys(AUTHOR_ERRORS, 0) for who in ("ours", "reference")
    }
    scored: list[tuple[float, dict[str, Any]]] = []
    not_scored = 0
    for page in progress(pages, "evaluate"):
        gold = page.labels.get("gold") or {}
        results = {"ours": _ours(page)}
        if reference:
            results["reference"] = _reference(page)
        for who, r in results.items():
            for field, ok in (
                ("author", author_correct(gold.get("author"), r["people"], r["orgs"])),
                ("date", date_correct(gold.get("date_published"), r["date"])),
                ("sitename", site_correct(gold.get("sitename"), r["site"])),
                ("title", title_correct(gold.get("title"), r["title"])),
            ):
                if ok is not None:
                    tallies[who][field].append(ok)
            kind = author_error(gold.get("author"), r["people"], r["orgs"])
            if kind:
                errors[who][kind] += 1
        if results["ours"]["score"] is None:
            not_scored += 1
        else:
            scored.append((results["ours"]["score"], page.labels.get("outlet") or {}))

    def summary(values: list[bool]) -> dict[str, Any]:
        return {"correct": sum(values), "pages": len(values), "accuracy": _ratio(values)}

    out: dict[str, Any] = {
        "corpus": str(path),
        "pages": len(pages),
        "not_scored": not_scored,
        "extraction": {
            who: {field: summary(vals) for field, vals in fields.items()}
            for who, fields in tallies.items()
            if who == "ours" or reference
        },
        "author_errors": {who: e for who, e in errors.items() if who == "ours" or reference},
    }
    high = [s for s, o in scored if o.get("factuality_3class") == "high"]
    low = [s for s, o in scored if o.get("factuality_3class") in ("mixed", "low")]
    pc1 = [(s, o["lin2023_pc1"]) for s, o in scored if o.get("lin2023_pc1") is not None]
    out["separation"] = {
        "auc_high_vs_mixed_low": auc(high, low),
        "pages_high": len(high),
        "pages_mixed_low": len(low),
        "spearman_lin2023_pc1": spearman([a for a, _ in pc1], [b for _, b in pc1]),
        "pages_pc1": len(pc1),
    }
    return out


def _ratio(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def auc(positives: list[float], negatives: list[float]) -> float | None:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return None
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return round(wins / (len(positives) * len(negatives)), 4)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    if vx == 0 or vy == 0:
        return None
    return round(cov / (vx * vy), 4)


def format_evaluation(result: dict[str, Any]) -> str:
    lines = [
        f"corpus: {result['corpus']}  pages: {result['pages']}  "
        f"not scored (not an article): {result['not_scored']}",
        "",
        f"{'field':<10} {'provenance':>22} {'reference':>22}",
    ]
    ext = result["extraction"]
    for field in FIELDS:
        cells = []
        for who in ("ours", "reference"):
            s = ext.get(who, {}).get(field)
            if not s or s["accuracy"] is None:
                cells.append("-")
            else:
                cells.append(f"{s['accuracy']:.3f} ({s['correct']}/{s['pages']})")
        lines.append(f"{field:<10} {cells[0]:>22} {cells[1]:>22}")
    errors = result["author_errors"]
    lines += ["", "Author errors by kind:"]
    for kind in AUTHOR_ERRORS:
        cells = [str(errors[who][kind]) if who in errors else "-" for who in ("ours", "reference")]
        lines.append(f"  {kind:<30} {cells[0]:>10} {cells[1]:>10}")
    sep = result["separation"]
    lines += [
        "",
        "Score vs outlet ratings (reported, not targeted: the score measures traceability):",
        f"  AUC high vs mixed/low factuality: {sep['auc_high_vs_mixed_low']} "
        f"({sep['pages_high']} high, {sep['pages_mixed_low']} mixed/low pages)",
        f"  Spearman with Lin et al. 2023 pc1: {sep['spearman_lin2023_pc1']} "
        f"({sep['pages_pc1']} pages)",
    ]
    return "\n".join(lines)
