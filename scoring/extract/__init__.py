"""Extractors: one module per family of facts. They read the Document and never score."""

from __future__ import annotations

from datetime import date

from scoring.data import OUTLETS
from scoring.document import Document, nfc
from scoring.extract.article import classify_page
from scoring.extract.authorship import extract_authorship
from scoring.extract.dates import extract_dates
from scoring.extract.headline import extract_title
from scoring.extract.lead_image import extract_lead_image
from scoring.extract.outlet import extract_outlet
from scoring.extract.sourcing import (
    extract_anonymous,
    extract_citations,
    extract_named_sources,
    extract_quotes,
    extract_wire_credits,
)
from scoring.facts import Facts
from scoring.stages import Stage, untimed


def extract_facts(doc: Document, today: date | None = None, stage: Stage = untimed) -> Facts:
    with stage("outlet"):
        outlet = extract_outlet(doc)
    with stage("page kind"):
        body_words = doc.body_words
        is_article, why = classify_page(doc, body_words)
    with stage("headline"):
        # A name guessed from the title cannot tell which part of the title is the site's.
        stated_name = outlet.name if outlet.name_source != "title" else None
        title, title_source = extract_title(doc, stated_name)
    outlet.name = nfc(outlet.name)
    facts = Facts(
        url=doc.url,
        canonical_url=doc.canonical_url,
        title=nfc(title),
        title_source=title_source,
        outlet=outlet,
        is_article=is_article,
        not_article_reason=why,
        body_words=body_words,
        now=(today or date.today()).isoformat(),
    )
    with stage("authors"):
        authorship = extract_authorship(doc)
        facts.authors = authorship.authors
        facts.byline_disagrees = authorship.byline_disagrees
    with stage("dates"):
        facts.dates = extract_dates(doc)
    with stage("links"):
        facts.citations = extract_citations(doc)
    with stage("sourcing"):
        own = OUTLETS.for_domain(doc.domain)
        facts.named_sources = extract_named_sources(doc, facts.citations, own)
        facts.wire_credits = extract_wire_credits(doc, facts.authors)
        facts.anonymous_sourcing = extract_anonymous(doc)
        facts.quoted_speakers = extract_quotes(doc)
    with stage("lead image"):
        facts.lead_image = extract_lead_image(doc)
    return facts
