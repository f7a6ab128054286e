"""Words a reader uses: sources, dates, lists and plurals in findings."""

from __future__ import annotations

import pytest

from scoring import score_html
from scoring.wording import from_source, names, readable_date


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
