"""The passes in C change how fast the engine reads a page, never what it reports: every
report is the same with all of them as with none (an install without a compiler)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from material import SEED_HTML, SEED_URL

from scoring import document, limits, patterns
from scoring.engine import score_html
from scoring.tools.corpus import read_corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "corpus"
TODAY = date(2026, 12, 1)


def _pages() -> list[tuple[str, str, bytes]]:
    pages = [(p.id, p.url, p.html) for p in read_corpus(EXAMPLES)]
    if SEED_HTML.is_file():  # beside the repository where it was checked out with it
        pages.append(("seed", SEED_URL, SEED_HTML.read_bytes()))
    return pages


def _reports(pages: list[tuple[str, str, bytes]]) -> dict[str, str]:
    return {
        page_id: json.dumps(score_html(html, url, today=TODAY).to_dict(), sort_keys=True)
        for page_id, url, html in pages
    }


def test_every_report_is_the_same_without_the_passes_in_c(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert patterns.scans is not None and document._compiled_tree is not None
    assert limits._compiled is not None
    pages = _pages()
    with_c = _reports(pages)
    monkeypatch.setattr(patterns, "scans", None)
    monkeypatch.setattr(document, "_compiled_tree", None)
    monkeypatch.setattr(limits, "_compiled", None)
    assert _reports(pages) == with_c
