"""The article this project started from must score low, and say why."""

from __future__ import annotations

from datetime import date

import pytest
from material import SEED_URL, seed_html

from scoring import score_html
from scoring.report import Report


@pytest.fixture(scope="module")
def report() -> Report:
    return score_html(seed_html(), SEED_URL, today=date(2026, 11, 28))


def finding(report: Report, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert found, f"{rule} not among {[f.rule for f in report.findings]}"
    return found[0]


def evidence_text(f) -> str:
    return " | ".join(e.text for e in f.evidence)


def test_scores_in_the_lowest_band(report: Report) -> None:
    assert report.not_scored is None
    assert report.score is not None and report.score < 35
    assert report.rating == "very_weak"
    assert report.rating_label == "Very weak provenance"


def test_names_wsj_and_tass_as_sources_named_without_links(report: Report) -> None:
    f = finding(report, "NAMED_SOURCES_UNLINKED")
    assert "The Wall Street Journal" in f.description and "TASS" in f.description
    quotes = [e.quote.exact for e in f.evidence if e.quote]
    assert any("Wall Street Journal" in q for q in quotes)
    assert "TASS" in quotes
    named = {s["name"]: s for s in report.to_dict()["facts"]["named_sources"]}
    assert named["The Wall Street Journal"]["linked"] is False
    assert named["TASS"]["linked"] is False


def test_flags_tass_as_state_affiliated(report: Report) -> None:
    f = finding(report, "STATE_MEDIA_CITED")
    assert "TASS" in f.description
    assert "state-controlled" in evidence_text(f)
    named = {s["name"]: s for s in report.to_dict()["facts"]["named_sources"]}
    assert named["TASS"]["state_affiliated"] == "SC"
    assert named["The Wall Street Journal"]["state_affiliated"] is None


def test_says_there_is_no_publication_date(report: Report) -> None:
    finding(report, "DATE_MISSING")
    assert report.to_dict()["facts"]["dates"]["published"] is None


def test_names_the_author_without_a_profile(report: Report) -> None:
    f = finding(report, "AUTHOR_NO_PROFILE")
    assert "Michael Al-Said" in f.description
    people = [a for a in report.to_dict()["facts"]["authors"] if a["kind"] == "person"]
    assert [a["name"] for a in people] == ["Michael Al-Said"]
    assert people[0]["profile_url"] is None


def test_says_the_outlet_discloses_nothing(report: Report) -> None:
    f = finding(report, "OUTLET_DISCLOSES_NOTHING")
    text = evidence_text(f)
    for page in ("About", "Corrections", "Ethics", "Ownership", "Masthead"):
        assert page in text
    transparency = report.to_dict()["facts"]["outlet"]["transparency"]
    assert not {"about", "corrections", "ethics", "ownership", "masthead"} & set(transparency)


def test_donation_share_and_follow_links_are_not_cited_sources(report: Report) -> None:
    citations = report.to_dict()["facts"]["citations"]
    urls = " ".join(c["url"] for c in citations)
    for marker in (
        "donate",
        "sharer",
        "intent/tweet",
        "whatsapp",
        "t.me",
        "instagram",
        "linkedin",
        "facebook",
        "youtube",
        "apple.news",
        "flipboard",
        "mailto:",
    ):
        assert marker not in urls
    finding(report, "NO_LINKED_SOURCES")


def test_every_point_is_explained(report: Report) -> None:
    for f in report.findings:
        assert f.description and len(f.description) <= 60
        assert f.evidence, f"{f.rule} has no evidence"
    data = report.to_dict()
    assert data["rules_version"] and data["engine_version"]
    assert "not a verdict" in data["note"]
