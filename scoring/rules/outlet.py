"""Rules about the outlet: who publishes the page and what it discloses about itself."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.data import STATE_MEDIA
from scoring.facts import Facts
from scoring.report import Evidence
from scoring.rules import Hit, hit, rule

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
    if link is None:
        return None
    return hit([Evidence(f"{link.text} ({link.source})", link.quote, link.url)])


@rule(GROUP, "OUTLET_NAMED", "The publisher names itself")
def outlet_named(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.name:
        return None
    return hit(
        [Evidence(f"{o.name} (from {o.name_source})")], f"The publisher names itself: {o.name}"
    )


@rule(GROUP, "OUTLET_KNOWN", "The outlet is in the table of known news outlets")
def outlet_known(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.known:
        return None
    return hit([Evidence(f"{o.domain} is {o.known}")])


@rule(GROUP, "OUTLET_ABOUT_PAGE", "Links to an About page")
def about_page(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "about")


@rule(GROUP, "OUTLET_CONTACT_PAGE", "Gives readers a way to contact the newsroom")
def contact_page(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "contact")


@rule(GROUP, "OUTLET_CORRECTIONS_POLICY", "Publishes a corrections policy")
def corrections_policy(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "corrections")


@rule(GROUP, "OUTLET_ETHICS_POLICY", "Publishes ethics or editorial standards")
def ethics_policy(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "ethics")


@rule(GROUP, "OUTLET_OWNERSHIP_DISCLOSED", "Discloses who owns or funds it")
def ownership_disclosed(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "ownership")


@rule(GROUP, "OUTLET_MASTHEAD", "Links to a masthead or staff page")
def masthead(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    return _page(facts, "masthead")


@rule(
    GROUP, "OUTLET_DISCLOSES_NOTHING", "No About, Corrections, Ethics, Ownership or Masthead page"
)
def discloses_nothing(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if any(k in facts.outlet.transparency for k in DISCLOSURE_KINDS):
        return None
    missing = ", ".join(DISCLOSURE_KINDS.values())
    return hit([Evidence(f"The page links to none of these pages: {missing}")])


@rule(GROUP, "OUTLET_STATE_CONTROLLED", "The outlet is state-controlled media")
def state_controlled(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    code = o.state_affiliation
    if not code or not STATE_MEDIA.is_controlled(code):
        return None
    return hit([Evidence(f"{o.known or o.domain}: {STATE_MEDIA.describe(code)}")])


@rule(GROUP, "OUTLET_LOOKALIKE_DOMAIN", "The domain imitates a known outlet's")
def lookalike(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    o = facts.outlet
    if not o.lookalike_of:
        return None
    return hit(
        [Evidence(f"{o.domain} borrows the name of {o.lookalike_of}, which it is not")],
        f"The domain imitates {o.lookalike_of}"[:60],
    )
