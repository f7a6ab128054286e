"""Rules about what the cited links were found to lead to, checked off the page.

They score in the sourcing group. The server fetches the cited pages in the background
(scoring/citation_support.py says how a page is judged); until a citation's check is in, or
when no server checks them, these rules say nothing about it. A quote found on the cited page
means that page contains those words, not that the claim is true.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from scoring.facts import DEAD_OUTCOMES, Citation, CitationCheck, CitationSupport, Facts
from scoring.report import Evidence
from scoring.rules import Hit, hit, rule

GROUP = "sourcing"
MAX_EVIDENCE = 10
LEADS = ("ok", "not_html")  # a page, or a file such as a PDF: the link leads somewhere

OUTCOME_WORDS = {
    "ok": "the page is there",
    "missing": "the site says the page does not exist",
    "soft_404": "the page says it was not found",
    "home_redirect": "it now leads to the site's home page",
    "blocked": "the site refused to show it",
    "not_html": "it is a file, not a web page",
    "timeout": "the site did not answer in time",
    "unreachable": "the site could not be reached",
}


def _checked(facts: Facts) -> list[tuple[Citation, CitationCheck]]:
    return [(c, c.check) for c in facts.citations if c.check and c.check.state == "ready"]


def any_checked(facts: Facts) -> bool:
    """A cited link's check is in: without one, none of these rules hits."""
    return any(c.check and c.check.state == "ready" for c in facts.citations)


def _judged(facts: Facts, verdict: str) -> list[tuple[Citation, CitationSupport]]:
    """The checked citations whose sentence got this verdict, with what was found."""
    return [
        (c, k.support) for c, k in _checked(facts) if k.support and k.support.verdict == verdict
    ]


def _evidence(c: Citation, text: str) -> Evidence:
    """Points at the citing sentence on the page, and at the cited address."""
    quote = c.sentence.quote if c.sentence and c.sentence.quote else c.quote
    return Evidence(f"{c.text or c.url} -> {c.domain}: {text}", quote, c.url)


def _plural(n: int, one: str) -> str:
    return f"{n} {one}{'s' if n != 1 else ''}"


@rule(
    GROUP,
    "CITATIONS_RESOLVE",
    "Its cited links lead to the pages they name",
    example="Every checked body link answers with a page that is there",
    thresholds={"citations_resolve_share": "share of checked links that must lead to a page"},
    applies=any_checked,
)
def citations_resolve(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    # A link the site refused to show us, or that did not answer, says nothing either way.
    answered = [(c, k) for c, k in _checked(facts) if k.outcome in (*LEADS, *DEAD_OUTCOMES)]
    ok = [(c, k) for c, k in answered if k.outcome in LEADS]
    if not ok or len(ok) < t["citations_resolve_share"] * len(answered):
        return None
    return hit(
        [_evidence(c, OUTCOME_WORDS[k.outcome or "ok"]) for c, k in ok[:MAX_EVIDENCE]],
        f"{len(ok)} of {_plural(len(answered), 'checked link')} lead to their pages",
    )


@rule(
    GROUP,
    "CITATION_DEAD",
    "A cited link leads to a missing page",
    example="A body link whose page answers 404, says 'page not found' or goes home",
    applies=any_checked,
)
def citation_dead(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    dead = [(c, k) for c, k in _checked(facts) if k.outcome in DEAD_OUTCOMES]
    if not dead:
        return None
    return hit(
        [_evidence(c, OUTCOME_WORDS[k.outcome or ""]) for c, k in dead[:MAX_EVIDENCE]],
        f"{_plural(len(dead), 'cited link')} lead{'s' if len(dead) == 1 else ''} nowhere",
    )


@rule(
    GROUP,
    "CITATION_QUOTE_VERIFIED",
    "A quote is found on the page it cites",
    example='"We expect delays," the report says, linked; the report has those words',
    thresholds={"citation_quote_min_ratio": "closeness (0-100) a quote needs to count as found"},
    applies=any_checked,
)
def quote_verified(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    found = [(c, k) for c, k in _checked(facts) if k.support and k.support.verdict == "quote_found"]
    if not found:
        return None
    return hit(
        [
            _evidence(c, f'the cited page says "{k.support.matched}"' if k.support else "")
            for c, k in found[:MAX_EVIDENCE]
        ],
        f"{_plural(len(found), 'quote')} found on the cited pages",
    )


@rule(
    GROUP,
    "CITATION_CONSISTENT",
    "A cited page holds the figures and names cited",
    example="A sentence citing 4.5% from a linked page that gives 4.5 per cent",
    thresholds={
        "citation_min_specifics": "figures, dates or names a sentence needs to be checked",
        "citation_specifics_share": "share of them the cited page must hold (figures x2)",
    },
    applies=any_checked,
)
def citation_consistent(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    found = _judged(facts, "consistent")
    if not found:
        return None
    return hit([_evidence(c, f"the cited page has {s.matched}") for c, s in found[:MAX_EVIDENCE]])


@rule(
    GROUP,
    "CITATION_NOT_SUPPORTED",
    "A cited page does not hold what it is cited for",
    example="A sentence quoting a linked report that has neither the quote nor the figure",
    applies=any_checked,
)
def not_supported(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    missing = _judged(facts, "no_match")
    if not missing:
        return None
    return hit(
        [
            _evidence(c, "the cited page has neither its quote nor its figures and names")
            for c, _ in missing[:MAX_EVIDENCE]
        ],
    )


@rule(
    GROUP,
    "CITATION_AFTER_ARTICLE",
    "A cited page is dated after the article",
    example="An article of 3 March citing a page published on 20 March",
    thresholds={"citation_after_grace_days": "days a cited page may be dated after the article"},
    applies=any_checked,
)
def after_article(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    published = _day(facts.dates.published)
    if published is None:
        return None
    limit = published + timedelta(days=t["citation_after_grace_days"])
    later = [
        (c, k, day)
        for c, k in _checked(facts)
        if (day := _day(k.published)) is not None and day > limit
    ]
    if not later:
        return None
    return hit(
        [
            _evidence(c, f"the cited page is dated {day.isoformat()}, the article {published}")
            for c, _, day in later[:MAX_EVIDENCE]
        ],
    )


def _day(value: str | None) -> date | None:
    """A date to the day, or None (a month or a year alone cannot be compared)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
