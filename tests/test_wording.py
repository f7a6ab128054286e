"""Words a reader uses: sources, dates, lists and plurals in findings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scoring import score_html
from scoring.data import load_toml
from scoring.wording import citation_check, from_source, names, readable_date


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2018-10-23T08:00:00Z", "23 October 2018"),
        ("2018-10-23", "23 October 2018"),
        ("2018-10", "October 2018"),
        ("2018", "2018"),
        ("not a date", "not a date"),
        ("2018-13-40", "2018-13-40"),
        ("", ""),
    ],
)
def test_dates_read_as_people_write_them(value: str, shown: str) -> None:
    assert readable_date(value) == shown


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("byline", "from the byline"),
        ("meta", "from the page's metadata"),
        ("json-ld", "from the page's structured data"),
        ("something-new", "from something-new"),
        (None, ""),
    ],
)
def test_sources_in_words(source: str | None, shown: str) -> None:
    assert from_source(source) == shown


def test_lists_of_names() -> None:
    assert names([]) == ""
    assert names(["A"]) == "A"
    assert names(["A", "B"]) == "A and B"
    assert names(["A", "B", "C"]) == "A, B and C"


PAGE = """<html><head><title>Harbour works - Gazette</title></head><body><article>
<h1>Harbour works</h1><p class="byline">By {byline}</p>
<p>{body}</p></article></body></html>"""


@pytest.mark.parametrize(
    ("byline", "description"),
    [
        ("Ann Lee", "The author Ann Lee has no profile page"),
        ("Ann Lee and Tom Baker", "The authors Ann Lee and Tom Baker have no profile page"),
        (
            "Annabelle Leeward-Smith, Thomas Bakerfield and Christopher Long",
            "3 authors have no profile page",
        ),
    ],
)
def test_a_finding_about_several_authors_speaks_of_them_all(byline: str, description: str) -> None:
    html = PAGE.format(byline=byline, body="The council said the work would start soon. " * 30)
    report = score_html(html, "https://gazette.example/news/harbour-works")
    found = {f.rule: f for f in report.findings}
    assert found["AUTHOR_NO_PROFILE"].description == description
    assert "…" not in description


def test_groups_carry_their_raw_sum_and_the_text_report_shows_clamping() -> None:
    html = PAGE.format(byline="Ann Lee", body="The council said the work would start soon. " * 30)
    report = score_html(html, "https://gazette.example/news/harbour-works")
    for group in report.to_dict()["groups"]:
        hits = [f.points for f in report.findings if f.group == group["id"]]
        assert group["raw"] == sum(hits)
        assert group["score"] == min(max(group["raw"], 0), group["max"])
    clamped = [g for g in report.groups if g.raw != g.score]
    assert clamped, "the page should have a group whose findings add up below 0"
    text = report.as_text().splitlines()
    for g in report.groups:
        line = next(t for t in text if t.startswith(f"  {g.label} "))
        assert line.endswith(f"(findings add up to {g.raw:g})") == (g in clamped), line


CHECKS = [
    ({"state": "pending"}, None, "Checking this link…"),
    (
        {"state": "failed", "reason": "over the budget"},
        None,
        "This link could not be checked: over the budget",
    ),
    ({"state": "failed"}, None, "This link could not be checked."),
    (
        {"state": "ready", "outcome": "missing", "support": {"verdict": "no_match"}},
        None,
        "This link leads to a missing page.",
    ),
    (
        {"state": "ready", "outcome": "ok", "support": {"verdict": "quote_found"}},
        None,
        "The quote was found on the cited page.",
    ),
    ({"state": "ready", "outcome": "ok", "support": None}, None, "The link works."),
    ({"state": "ready", "outcome": "strange"}, None, "This link was checked."),
    (
        {
            "state": "ready",
            "outcome": "ok",
            "published": "2026-04-02T10:00:00Z",
            "support": {"verdict": "consistent"},
        },
        "2026-03-01",
        "The cited page contains the figures, names and dates this sentence gives."
        " The cited page is dated after this article.",
    ),
    (
        {
            "state": "ready",
            "outcome": "ok",
            "published": "2026-02-02",
            "support": {"verdict": "no_match"},
        },
        "2026-03-01",
        "The cited page does not contain what it is cited for.",
    ),
    (None, None, ""),
]


@pytest.mark.parametrize(("check", "published", "said"), CHECKS)
def test_a_citation_check_in_words(check: Any, published: str | None, said: str) -> None:
    assert citation_check(check, published) == said


def test_the_report_page_and_the_overlay_use_the_same_words_for_checks() -> None:
    overlay = (Path(__file__).parent.parent / "extension" / "overlay.js").read_text()
    block = overlay[overlay.index("const CITATION_WORDS = {") :]
    words = load_toml("wording.toml")["citations"]
    string = r'"((?:[^"\\]|\\.)*)"'  # a JS string literal; its escapes are JSON's

    def js(found: str) -> str:
        return str(json.loads(f'"{found}"'))

    for table in ("outcome", "verdict"):
        start = block.index(f"{table}: {{")
        inner = block[start : block.index("}", start)]
        assert {k: js(v) for k, v in re.findall(rf"(\w+): {string}", inner)} == words[table]
    for key in ("pending", "failed", "checked", "after"):
        m = re.search(rf"\n    {key}: {string}", block)
        assert m is not None and js(m.group(1)) == words[key], key
