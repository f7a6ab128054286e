"""How often the support judge would call an unrelated page "consistent" or a quote "found".

    python -m scoring.tools.citation_calibration CORPUS

The corpus has no cited pages, so this measures the judge's false matches, the side a wrong
"consistent" or "quote found" comes from: every body-link sentence with something checkable
is judged against the main text of another article of the same outlet (the hardest case: the
same names, the same beat) and of another outlet, at each threshold. Judged against its own
page, the sentence's specifics should all be found; that row shows the matching loses nothing
to normalisation. `citation_specifics_share` in defaults.toml is the lowest share with at most
2% false matches against another article of the same outlet; no quote of one article was
"found" on another at a ratio of 80 or more, so `citation_quote_min_ratio` (90) has room.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from scoring.citation_support import (
    Words,
    find_quote,
    main_text,
    quotations,
    share_found,
    specifics,
)
from scoring.config import load_config
from scoring.document import Document
from scoring.extract import extract_facts
from scoring.limits import TooComplex
from scoring.tools.corpus import progress, read_corpus

SHARES = (0.5, 0.6, 0.66, 0.75, 0.8, 0.9, 1.0)
RATIOS = (80, 85, 90, 95, 100)
PAIRS = ("own page", "same outlet", "other outlet")


def measure(corpus: Path, limit: int | None = None) -> dict[str, dict[str, list[float]]]:
    """pair -> "shares" | "quotes" -> the share of specifics found, or a quote's best ratio."""
    t: Mapping[str, float] = load_config(env={}).thresholds
    pages: list[tuple[str, str, list[str]]] = []  # domain, main text, citing sentences
    for page in progress(read_corpus(corpus, limit), "reading"):
        try:
            doc = Document.parse(page.html, page.url)
        except TooComplex:
            continue
        facts = extract_facts(doc)
        if not facts.is_article:
            continue
        sentences = sorted({c.sentence.text for c in facts.citations if c.sentence})
        pages.append((facts.outlet.domain, main_text(doc), sentences))
    by_domain: dict[str, list[int]] = defaultdict(list)
    for i, (domain, _, _) in enumerate(pages):
        by_domain[domain].append(i)
    found: dict[str, dict[str, list[float]]] = {p: {"shares": [], "quotes": []} for p in PAIRS}
    words = [set(text.casefold().split()) for _, text, _ in pages]
    for i, (domain, _, sentences) in enumerate(progress(pages, "judging")):
        # Another article of the outlet: not a copy of this one (the corpus has some pages
        # twice, from two benchmarks or two snapshots).
        same = [j for j in by_domain[domain] if j != i and _overlap(words[i], words[j]) < 0.5]
        other = (i + len(pages) // 2) % len(pages)
        targets = {"own page": i, "same outlet": same[0] if same else None}
        targets["other outlet"] = other if pages[other][0] != domain else None
        for pair, j in targets.items():
            if j is None:
                continue
            cited = Words(pages[j][1])
            have = cited.specifics
            for sentence in sentences:
                wanted = specifics(sentence)
                if len(wanted) >= t["citation_min_specifics"]:
                    found[pair]["shares"].append(share_found(wanted, have)[0])
                for q in quotations(sentence):
                    found[pair]["quotes"].append(find_quote(q, cited).score * 100)
    return found


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a | b) or 1)


def table(found: dict[str, dict[str, list[float]]]) -> str:
    return "\n\n".join(
        [
            _rates(found, "shares", "sentences", [(f"share >= {v:g}", v) for v in SHARES]),
            _rates(found, "quotes", "quotes", [(f"ratio >= {v}", v) for v in RATIOS]),
        ]
    )


def _rates(
    found: dict[str, dict[str, list[float]]], key: str, what: str, columns: list[tuple[str, float]]
) -> str:
    """A Markdown table: per pair, how many were judged, and the share at or over each value."""
    lines = [
        f"| judged against | {what} | " + " | ".join(name for name, _ in columns) + " |",
        "|---|---:|" + "---:|" * len(columns),
    ]
    for pair in PAIRS:
        values = found[pair][key]
        rates = [sum(v >= at for v in values) / len(values) if values else 0.0 for _, at in columns]
        lines.append(f"| {pair} | {len(values)} | " + " | ".join(f"{r:.1%}" for r in rates) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, help="a folder with labels.jsonl and pages/")
    p.add_argument("--limit", type=int, help="read at most this many pages")
    args = p.parse_args(argv)
    print(table(measure(args.corpus, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
