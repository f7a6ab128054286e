"""Rules about sourcing: what the article rests on, linked or only named."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.data import STATE_MEDIA
from scoring.facts import Citation, Facts
from scoring.report import Evidence
from scoring.rules import Hit, hit, rule

GROUP = "sourcing"

PRIMARY_KINDS = ("government", "academic", "court", "document")
MAX_EVIDENCE = 10


def _external(facts: Facts) -> list[Citation]:
    return [c for c in facts.citations if c.kind != "self"]


def _link_evidence(c: Citation) -> Evidence:
    return Evidence(f"{c.text or c.url} -> {c.domain} ({c.kind})", c.quote, c.url)


@rule(
    GROUP,
    "LINKS_EXTERNAL_SOURCES",
    "Links to external sources in the article body",
    example='Body text: "Prices rose, <a href=https://www.ons.gov.uk/...>figures</a> show"',
)
def links_external(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    ext = _external(facts)
    if not ext:
        return None
    n = len(ext)
    return hit(
        [_link_evidence(c) for c in ext[:MAX_EVIDENCE]],
        f"Links to {n} external source{'s' if n != 1 else ''} in the body",
    )


@rule(
    GROUP,
    "LINKS_SEVERAL_DOMAINS",
    "Its links reach several independent sites",
    example="Body links to ons.gov.uk, bankofengland.co.uk and ifs.org.uk",
    thresholds={"several_source_domains": "distinct external sites linked"},
)
def links_several(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    domains = sorted({c.domain for c in _external(facts)})
    if len(domains) < t["several_source_domains"]:
        return None
    return hit(
        [Evidence(d) for d in domains[:MAX_EVIDENCE]], f"Its links reach {len(domains)} sites"
    )


@rule(
    GROUP,
    "LINKS_PRIMARY_DOCUMENTS",
    "Links to primary documents or official sources",
    example="A body link to a government, court, academic or PDF document",
)
def links_primary(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    primary = [c for c in facts.citations if c.kind in PRIMARY_KINDS]
    if not primary:
        return None
    return hit([_link_evidence(c) for c in primary[:MAX_EVIDENCE]])


@rule(
    GROUP,
    "WIRE_CREDITED",
    "Credits a news agency for its reporting",
    example='"LONDON (Reuters) - Ministers backed the plan on Wednesday."',
)
def wire_credited(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if not facts.wire_credits:
        return None
    return hit([Evidence(m.text, m.quote) for m in facts.wire_credits[:MAX_EVIDENCE]])


@rule(
    GROUP,
    "QUOTES_NAMED_PEOPLE",
    "Quotes people by name",
    example='Two people quoted by name: "We expect cars by spring," said Maria Lopez.',
    thresholds={"min_named_speakers": "distinct people quoted by name"},
)
def quotes_named(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    speakers: dict[str, Evidence] = {}
    for q in facts.quoted_speakers:
        speakers.setdefault(q.speaker, Evidence(f"{q.speaker}: {q.text}", q.quote))
    if len(speakers) < t["min_named_speakers"]:
        return None
    return hit(list(speakers.values())[:MAX_EVIDENCE], f"Quotes {len(speakers)} people by name")


@rule(
    GROUP,
    "NO_LINKED_SOURCES",
    "The article body links to no outside source",
    example="A 400-word body whose only links point to the outlet's own pages",
    thresholds={"no_links_min_words": "only bodies at least this long"},
)
def no_linked_sources(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if _external(facts) or facts.body_words < t["no_links_min_words"]:
        return None
    return hit([Evidence(f"{facts.body_words} words of body text and no outbound link")])


@rule(
    GROUP,
    "NAMED_SOURCES_UNLINKED",
    "Names outlets as sources without linking them",
    example='"The cost has doubled, according to Reuters." with no link',
)
def named_unlinked(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    unlinked = [s for s in facts.named_sources if not s.linked and not s.dateline_only]
    if not unlinked:
        return None
    names = ", ".join(s.name for s in unlinked)
    evidence = [Evidence(f"{s.name}: {m.text}", m.quote) for s in unlinked for m in s.mentions[:3]]
    return hit(evidence[:MAX_EVIDENCE], f"Sources named, not linked: {names}")


@rule(
    GROUP,
    "STATE_MEDIA_CITED",
    "Relies on state-controlled media as a source",
    example='"..., according to TASS." or a body link to tass.com',
)
def state_media_cited(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    evidence: list[Evidence] = []
    names: list[str] = []
    for s in facts.named_sources:
        if s.state_affiliated and STATE_MEDIA.is_controlled(s.state_affiliated):
            names.append(s.name)
            why = STATE_MEDIA.describe(s.state_affiliated)
            evidence += [Evidence(f"{s.name} ({why}): {m.text}", m.quote) for m in s.mentions[:2]]
    for c in facts.citations:
        if c.state_affiliated and STATE_MEDIA.is_controlled(c.state_affiliated):
            name = c.outlet or c.domain  # the admin's list names domains, not outlets
            if name not in names:
                names.append(name)
            evidence.append(_link_evidence(c))
    if not evidence:
        return None
    return hit(evidence[:MAX_EVIDENCE], f"Cites state-controlled media: {', '.join(names)}")


@rule(
    GROUP,
    "ANONYMOUS_SOURCING",
    "Relies on anonymous sources",
    example='"..., said a person familiar with the talks."',
    thresholds={"anonymous_min_mentions": "phrases needed to fire"},
)
def anonymous(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    found = facts.anonymous_sourcing
    if len(found) < t["anonymous_min_mentions"]:
        return None
    return hit([Evidence(m.text, m.quote) for m in found[:MAX_EVIDENCE]])
