"""Rules about the outlet: who publishes the page and what it discloses about itself."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.data import STATE_MEDIA
from scoring.facts import CheckedPage, Facts
from scoring.report import Evidence
from scoring.rules import Hit, hit, rule
from scoring.wording import from_source

GROUP = "outlet"

# Transparency page kinds and the words a reader would use for them.
DISCLOSURE_KINDS = {
    "about": "About",
    "corrections": "Corrections",
    "ethics": "Ethics",
    "ownership": "Ownership",
    "masthead": "Masthead",
}


def _page(facts: Facts, kind: str) -> Hit | None:
    link = facts.outlet.transparency.get(kind)
    if link is None or _checked_absent(facts, kind, link.url):
        return None
    return hit([Evidence(f"{link.text} ({link.source})", link.quote, link.url)])


@rule(
    GROUP,
    "OUTLET_NAMED",
    "The publisher names itself",
    example='<meta property="og:site_name" content="Riverside Chronicle">',
)
def outlet_named(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.name:
        return None
    return hit(
        [Evidence(f"{o.name}, {from_source(o.name_source)}" if o.name_source else o.name)],
        f"The publisher names itself: {o.name}",
    )


@rule(
    GROUP,
    "OUTLET_KNOWN",
    "The outlet is in the table of known news outlets",
    example="A page on reuters.com or news.bbc.co.uk",
)
def outlet_known(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.known_name:
        return None
    return hit([Evidence(f"{o.domain} is {o.known_name}")])


@rule(
    GROUP,
    "OUTLET_ABOUT_PAGE",
    "Links to an About page",
    example='A footer link "About us" to /about-us on the outlet\'s own site',
)
def about_page(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "about")


@rule(
    GROUP,
    "OUTLET_CONTACT_PAGE",
    "Gives readers a way to contact the newsroom",
    example='A link "Contact us" to /contact, or a mailto: newsroom address',
)
def contact_page(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "contact")


@rule(
    GROUP,
    "OUTLET_CORRECTIONS_POLICY",
    "Publishes a corrections policy",
    example='A link "Corrections", or JSON-LD publisher correctionsPolicy',
)
def corrections_policy(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "corrections")


@rule(
    GROUP,
    "OUTLET_ETHICS_POLICY",
    "Publishes ethics or editorial standards",
    example='A link "Editorial standards", or JSON-LD publishingPrinciples',
)
def ethics_policy(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "ethics")


@rule(
    GROUP,
    "OUTLET_OWNERSHIP_DISCLOSED",
    "Discloses who owns or funds it",
    example='A link "Who funds us", or JSON-LD ownershipFundingInfo',
)
def ownership_disclosed(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "ownership")


@rule(
    GROUP,
    "OUTLET_MASTHEAD",
    "Links to a masthead or staff page",
    example='A link "Masthead" to /masthead, or JSON-LD publisher masthead',
)
def masthead(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "masthead")


@rule(
    GROUP,
    "OUTLET_DISCLOSES_NOTHING",
    "No About, Corrections, Ethics, Ownership or Masthead page",
    example="Footer links only to Home, Sport and Contact: no policy pages",
)
def discloses_nothing(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if any(k in facts.outlet.transparency for k in DISCLOSURE_KINDS):
        return None
    missing = ", ".join(DISCLOSURE_KINDS.values())
    return hit([Evidence(f"The page links to none of these pages: {missing}")])


@rule(
    GROUP,
    "OUTLET_STATE_CONTROLLED",
    "The outlet is state-controlled media",
    example="A page on tass.com (State Media Matrix type SC)",
)
def state_controlled(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    code = o.state_affiliation
    if not code or not STATE_MEDIA.is_controlled(code):
        return None
    evidence = [Evidence(f"{o.known_name or o.domain}: {STATE_MEDIA.describe(code)}")]
    if o.state_affiliation_source == "admin-list":
        evidence += _listed(facts, "state_affiliated")
    return hit(evidence)


@rule(
    GROUP,
    "OUTLET_LOOKALIKE_DOMAIN",
    "The domain imitates a known outlet's",
    example="A page on wsj.com.co or cnn-news24.com",
)
def lookalike(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.lookalike_of:
        return None
    real = " and ".join(o.lookalike_of.domains) or "elsewhere"
    return hit(
        [Evidence(f"{o.domain} imitates {o.lookalike_of.name}, whose site is {real}")],
        f"The domain imitates {o.lookalike_of.name}"[:60],
    )


# The admin's lists and ratings files. Their rules weigh 0 in the shipped defaults: they add
# points only where an admin gives them a weight.


def _listed(facts: Facts, kind: str) -> list[Evidence]:
    label = kind.replace("_", "-")
    return [
        Evidence(f"{facts.outlet.domain} is on the admin's {label} list: {e.note}")
        for e in facts.outlet.lists
        if e.list == kind
    ]


@rule(
    GROUP,
    "OUTLET_TRUSTED",
    "The outlet is on the admin's trusted list",
    example='The admin\'s list file has [[trusted]] domain = "example.org"',
)
def trusted(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    evidence = _listed(facts, "trusted")
    return hit(evidence) if evidence else None


@rule(
    GROUP,
    "OUTLET_ON_WATCH_LIST",
    "The outlet is on the admin's watch list",
    example='The admin\'s list file has [[watch]] domain = "example.com"',
)
def watch_list(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    evidence = _listed(facts, "watch")
    return hit(evidence) if evidence else None


def _rated(facts: Facts, level: str) -> Hit | None:
    """Every source that gives `level`, and what the others say: disagreement stays visible."""
    ratings = facts.outlet.ratings
    agree = [r.source for r in ratings if r.rating == level]
    if not agree:
        return None
    evidence = [Evidence(f"{r.source} rates {facts.outlet.domain} {r.rating}") for r in ratings]
    others = [r for r in ratings if r.rating != level]
    described = f"Rated {level} by {', '.join(agree)}"
    if others:
        described += "; " + ", ".join(f"{r.source}: {r.rating}" for r in others)
    return hit(evidence, described)


@rule(
    GROUP,
    "OUTLET_RATED_HIGH",
    "A ratings source rates the outlet high",
    example='A ratings file has the row "example.org,high,Source A"',
)
def rated_high(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _rated(facts, "high")


@rule(
    GROUP,
    "OUTLET_RATED_MIXED",
    "A ratings source rates the outlet mixed",
    example='A ratings file has the row "example.org,mixed,Source B"',
)
def rated_mixed(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _rated(facts, "mixed")


@rule(
    GROUP,
    "OUTLET_RATED_LOW",
    "A ratings source rates the outlet low",
    example='A ratings file has the row "example.com,low,Source A"',
)
def rated_low(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _rated(facts, "low")


# The outlet's own pages, fetched and read off the page (Facts.outlet_profile). Without a
# profile these rules stay silent: the server fills it in once the outlet has been checked.


def _checked(facts: Facts, kind: str) -> CheckedPage | None:
    profile = facts.outlet_profile
    if profile is None or profile.state != "ready":
        return None
    page = profile.pages.get(kind)
    return page if page is not None and page.status == "ok" else None


def profile_ready(facts: Facts) -> bool:
    """The outlet's own pages were checked: without that, the rules on them say nothing."""
    profile = facts.outlet_profile
    return profile is not None and profile.state == "ready"


def _checked_absent(facts: Facts, kind: str, url: str) -> bool:
    """A link to a page the outlet check found not to be there earns no credit."""
    profile = facts.outlet_profile
    page = profile.pages.get(kind) if profile is not None else None
    return page is not None and page.absent and page.url == url


@rule(
    GROUP,
    "OUTLET_CORRECTIONS_VERIFIED",
    "Its corrections page lists dated corrections",
    example="/corrections lists 12 March 2024: an earlier version misstated...",
    thresholds={"min_dated_corrections": "dated entries on the page"},
    applies=profile_ready,
)
def corrections_verified(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    page = _checked(facts, "corrections")
    if page is None or len(page.corrections) < t["min_dated_corrections"]:
        return None
    dates = page.corrections
    return hit(
        [Evidence(f"{len(dates)} dated corrections, the latest of {dates[0]}", url=page.url)],
        f"Its corrections page lists {len(dates)} dated corrections",
    )


@rule(
    GROUP,
    "OUTLET_MASTHEAD_NAMES_PEOPLE",
    "Its masthead or staff page names the people behind it",
    example="/masthead lists Jane Doe, Editor; Tom Baker, Managing Editor",
    thresholds={"min_masthead_people": "people named on the page"},
    applies=profile_ready,
)
def masthead_names_people(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    page = _checked(facts, "masthead")
    if page is None or len(page.people) < t["min_masthead_people"]:
        return None
    shown = ", ".join(page.people[:5]) + (" ..." if len(page.people) > 5 else "")
    return hit([Evidence(f"{len(page.people)} people named: {shown}", url=page.url)])


@rule(
    GROUP,
    "OUTLET_OWNER_NAMED",
    "Its own pages name its owner or funders",
    example='/ownership says "The Gazette is owned by Coastal Media Ltd."',
    applies=profile_ready,
)
def owner_named(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    for kind in ("ownership", "about"):
        page = _checked(facts, kind)
        if page is not None and page.owners:
            return hit([Evidence(s, url=page.url) for s in page.owners[:3]])
    return None


@rule(
    GROUP,
    "OUTLET_PAGE_MISSING",
    "A policy page it links to is not really there",
    example='/corrections answers 200 but says "Page not found"',
    applies=profile_ready,
)
def page_missing(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    profile = facts.outlet_profile
    if profile is None or profile.state != "ready":
        return None
    absent = [p for p in profile.pages.values() if p.absent]
    if not absent:
        return None
    evidence = [
        Evidence(f"{p.kind.capitalize()} page: {p.reason or p.status}", url=p.url) for p in absent
    ]
    kinds = ", ".join(p.kind for p in absent)
    return hit(evidence, f"Linked policy pages not really there: {kinds}")
