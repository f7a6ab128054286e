"""score_html(): page -> Document -> Facts -> Findings -> Report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from scoring.citation_support import check_of
from scoring.config import Config, load_config
from scoring.document import Document
from scoring.extract import extract_facts
from scoring.extract.lists_and_ratings import with_admin_data
from scoring.facts import CitationCheck, CitedPage, Facts, ImageCredentials, OutletProfile
from scoring.limits import TooComplex
from scoring.report import Finding, GroupScore, NotScored, Report
from scoring.rules import Applies
from scoring.version import ENGINE_VERSION


@lru_cache(maxsize=1)
def default_config() -> Config:
    return load_config()


def score_html(
    html: str | bytes,
    url: str,
    config: Config | None = None,
    *,
    today: date | None = None,
    outlet_profile: OutletProfile | None = None,
    image_credentials: Mapping[str, ImageCredentials] | None = None,
    cited_pages: Mapping[str, CitedPage | None] | None = None,
) -> Report:
    """Score a page's provenance. Never raises on any page content.

    `outlet_profile` is what the outlet's own pages were found to say when they were fetched
    and read (scoring.outlet_profile); `image_credentials` maps image URLs to what their
    Content Credentials were found to say (scoring.image_credentials); `cited_pages` maps the
    URLs of cited links to what fetching them found (scoring.citation_support), None for one
    whose check is under way. The engine itself never fetches.
    """
    config = config or default_config()
    try:
        doc = Document.parse(html, url)
    except TooComplex as e:
        return too_complex(url, str(e), config)
    facts = extract_facts(doc, today)
    with_checks(facts, outlet_profile, image_credentials, cited_pages, config.thresholds)
    return score_facts(facts, config)


def with_checks(
    facts: Facts,
    outlet_profile: OutletProfile | None,
    image_credentials: Mapping[str, ImageCredentials] | None,
    cited_pages: Mapping[str, CitedPage | None] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> Facts:
    """The facts with what the server's own checks found off the page, where it has them.
    A cited page is judged against its citing sentence here, under `thresholds` (the config's
    citation_* thresholds)."""
    facts.outlet_profile = outlet_profile
    if facts.lead_image is not None and image_credentials is not None:
        facts.lead_image.credentials = image_credentials.get(facts.lead_image.url)
    if cited_pages:
        t = default_config().thresholds if thresholds is None else thresholds
        for c in facts.citations:
            if c.url not in cited_pages:
                continue
            page = cited_pages[c.url]
            c.check = CitationCheck("pending") if page is None else check_of(c, page, t)
    return facts


def too_complex(url: str, reason: str, config: Config) -> Report:
    """The report for a page over one of the engine's bounds (scoring.limits)."""
    report = score_facts(extract_facts(Document.parse("", url)), config)
    report.not_scored = NotScored("too_complex", f"Not read: {reason}.")
    report.score = report.rating = report.rating_label = None
    report.groups, report.findings = [], []
    return report


def score_facts(facts: Facts, config: Config) -> Report:
    """Score extracted facts under a config; the same facts may be scored under several."""
    facts = with_admin_data(facts, config.data)
    report = Report(
        url=facts.url,
        canonical_url=facts.canonical_url,
        score=None,
        rating=None,
        rating_label=None,
        not_scored=None,
        groups=[],
        findings=[],
        facts=facts,
        rules_version=config.rules_version,
        engine_version=ENGINE_VERSION,
    )
    if not facts.is_article:
        report.not_scored = NotScored(
            "not_an_article", facts.not_article_reason or "This page is not an article."
        )
        return report
    findings: list[Finding] = []
    raw = {g.id: 0 for g in config.groups.values()}
    thresholds = config.thresholds
    applying: dict[Applies, bool] = {}
    for fn, rule_id, group, weight, description, applies in config.scored_rules:
        if applies is not None:
            ok = applying.get(applies)
            if ok is None:
                ok = applying[applies] = applies(facts)
            if not ok:
                continue
        hit = fn(facts, thresholds)
        if hit is None:
            continue
        findings.append(
            Finding(rule_id, group, weight, hit.description or description, hit.evidence)
        )
        if group in raw:
            raw[group] += weight
    groups = [
        GroupScore(g.id, g.label, min(max(raw[g.id], 0), g.max), g.max, raw[g.id])
        for g in config.groups.values()
    ]
    total = min(max(sum(g.score for g in groups), 0), 100)
    band = config.band_for(total)
    report.score = total
    report.rating = band.id
    report.rating_label = band.label
    report.groups = groups
    report.findings = findings
    return report
