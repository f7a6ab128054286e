"""Shared test material: the seed article and corpus next to the repository (tests skip
without them), and neutral filler text for the pages tests build."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_HTML = SHARED / "seeds" / "al-sahawat-times.html"
SEED_URL = "https://www.alsahawat-times.com/world/russia-venezuela-military-exit-impossible/"
CORPUS = SHARED / "corpus"

# Neutral running text: no names, dates, links, quotes or sources, and enough words (about 170)
# to count as an article and to reach the NO_LINKED_SOURCES threshold.
FILLER = (
    "The city council voted on Tuesday evening to approve the long delayed harbour bridge, "
    "ending nearly a decade of argument over the cost, the route and the effect on the fishing "
    "fleet that still works from the old quay.",
    "The bridge will carry two traffic lanes, a protected cycle path and a wide footway across "
    "the estuary, and engineers expect the first piles to be driven next spring once the "
    "tender has been awarded and the final survey of the riverbed is complete.",
    "Residents on both banks have waited years for a crossing that does not depend on the ferry, "
    "which stops running in strong winds and during the lowest tides of the winter months, "
    "leaving commuters with a detour of more than forty minutes by road.",
    "The approved budget includes money for new bus stops at each end of the bridge, a small "
    "park on the southern bank, and a study of how the extra traffic will change the streets "
    "around the market square during the busiest hours of the week.",
)


# Under every bound of the engine, yet about a second of work (five times a 0.2 s budget): what
# a scoring budget is for. 9,000 paragraphs, each with names, a quote, a date, two links and an
# unnamed source for the extractors to read.
SLOW_PARAGRAPH = (
    "<p>According to the Daily News and the New York Times, Jane Smith of the Ministry said on"
    " 3 May 2021 that \u201cthe harbour will close\u201d, as"
    " <a href='https://gov.example/r'>the report</a> and"
    " <a href='https://news.example/b'>an earlier story</a> said; officials who asked not to be"
    " named agreed.</p>"
)
SLOW_PAGE = f"<article><h1>A title for the slow page</h1>{SLOW_PARAGRAPH * 9_000}</article>"


def seed_html() -> bytes:
    if not SEED_HTML.is_file():
        pytest.skip("the seed article is not available next to the repository")
    return SEED_HTML.read_bytes()
