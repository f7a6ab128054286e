"""Rules about authorship: who wrote the article, and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from scoring.facts import Author, Facts
from scoring.report import Evidence
from scoring.rules import MAX_DESCRIPTION, Hit, hit, rule
from scoring.wording import from_source, names, plural, readable_date

GROUP = "authorship"


def _people(facts: Facts) -> list[Author]:
    return [a for a in facts.authors if a.kind == "person"]


def _author_evidence(a: Author) -> Evidence:
    return Evidence(_with_source(a.name, a.source), a.quote, a.profile_url)


def _with_source(what: str, source: str | None) -> str:
    where = from_source(source)
    return f"{what}, {where}" if where else what


@rule(
    GROUP,
    "AUTHOR_NAMED",
    "A named person is credited as author",
    example='A byline "By Maria Lopez", or JSON-LD author {"@type": "Person", "name": ...}',
)
def author_named(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    people = _people(facts)
    if not people:
        return None
    names = ", ".join(a.name for a in people)
    return hit([_author_evidence(a) for a in people], f"Written by {names}")


@rule(
    GROUP,
    "AUTHOR_ORGANIZATION",
    "Credited to an organization, not a person",
    example='The only byline is "By The Associated Press" or "Reuters"',
)
def author_organization(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if _people(facts):
        return None
    orgs = [a for a in facts.authors if a.kind == "organization"]
    if not orgs:
        return None
    return hit([_author_evidence(a) for a in orgs])


@rule(
    GROUP,
    "AUTHOR_GENERIC",
    "Only a generic byline such as 'Staff' or 'Admin'",
    example='The only byline is "By Staff", "Admin" or "Newsdesk"',
)
def author_generic(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if any(a.kind != "generic" for a in facts.authors) or not facts.authors:
        return None
    return hit([_author_evidence(a) for a in facts.authors])


@rule(
    GROUP,
    "AUTHOR_METADATA_MISMATCH",
    "The metadata and the visible byline name different people",
    example='JSON-LD author "Maria Lopez" above a visible byline "By John Carter"',
)
def author_metadata_mismatch(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if not facts.byline_disagrees:
        return None
    listed = [_author_evidence(a) for a in _people(facts)]
    shown = [_author_evidence(a) for a in facts.byline_disagrees]
    names = ", ".join(a.name for a in facts.byline_disagrees)
    return hit(listed + shown, f"The byline on the page names {names}")


@rule(
    GROUP,
    "AUTHOR_MISSING",
    "No author is credited",
    example="No byline, no author meta tag and no JSON-LD author",
)
def author_missing(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if facts.authors:
        return None
    return hit([Evidence("No byline, author markup or author metadata was found")])


@rule(
    GROUP,
    "AUTHOR_PROFILE_LINKED",
    "The author has a profile page",
    example="The byline links to /author/maria-lopez, or JSON-LD author sameAs",
)
def author_profile(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    linked = [a for a in _people(facts) if a.profile_url or a.same_as]
    if not linked:
        return None
    return hit(
        [
            Evidence(f"{a.name}: {a.profile_url or a.same_as[0]}", a.quote, a.profile_url)
            for a in linked
        ]
    )


@rule(
    GROUP,
    "AUTHOR_NO_PROFILE",
    "The author has no profile page",
    example='"By Maria Lopez" as plain text, with no link to an author page',
)
def author_no_profile(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    people = _people(facts)
    if not people or any(a.profile_url or a.same_as for a in people):
        return None
    who = names([a.name for a in people])
    description = plural(
        len(people),
        f"The author {who} has no profile page",
        f"The authors {who} have no profile page",
    )
    if len(description) > MAX_DESCRIPTION:  # too many names: the evidence lists them
        description = f"{len(people)} authors have no profile page"
    return hit(
        [Evidence(f"{a.name}: no link to an author page or profile", a.quote) for a in people],
        description,
    )


@rule(
    GROUP,
    "AUTHOR_BIO",
    "The author has a biography on the page",
    example='An author box: "Maria Lopez covers city hall and transport."',
)
def author_bio(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    with_bio = [a for a in _people(facts) if a.bio]
    if not with_bio:
        return None
    return hit([Evidence(f"{a.name}: {a.bio}") for a in with_bio])


@rule(
    GROUP,
    "DATE_PUBLISHED",
    "States when it was published",
    example='<meta property="article:published_time" content="2026-11-20T08:00Z">',
)
def date_published(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    d = facts.dates
    if not d.published or d.published_source == "url":
        return None
    shown = _with_source(readable_date(d.published), d.published_source)
    return hit([Evidence(shown, d.published_quote)])


@rule(
    GROUP,
    "DATE_FROM_ADDRESS",
    "Only its web address hints when it was published",
    example="No date on the page, but /2026/11/ in its address",
)
def date_from_address(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    d = facts.dates
    if not d.published or d.published_source != "url":
        return None
    precision = "" if d.published_precision == "day" else f", {d.published_precision} only"
    return hit([Evidence(f"{d.published} (inferred from the address{precision})")])


@rule(
    GROUP,
    "DATE_MISSING",
    "No publication date",
    example="No date in the metadata, a <time> element or the byline",
)
def date_missing(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    if facts.dates.published:
        return None
    return hit([Evidence("No publication date in the metadata, the markup or the text")])


@rule(
    GROUP,
    "DATE_MODIFIED",
    "Shows when it was last updated",
    example="article:modified_time two days after article:published_time",
)
def date_modified(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    d = facts.dates
    if not d.modified or not d.published or d.modified[:10] <= d.published[:10]:
        return None
    return hit([Evidence(_with_source(f"updated {readable_date(d.modified)}", d.modified_source))])


@rule(
    GROUP,
    "DATES_INCONSISTENT",
    "Its dates contradict each other or lie ahead",
    example="Modified 2026-11-18 but published 2026-11-20, or a date in the future",
    thresholds={"future_date_grace_days": "time zones can put a date a day ahead"},
)
def dates_inconsistent(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    d = facts.dates
    problems = []
    if d.published and d.modified and d.modified[:10] < d.published[:10]:
        problems.append(f"modified {d.modified[:10]} is before published {d.published[:10]}")
    if facts.now:
        grace = timedelta(days=t.get("future_date_grace_days", 1))
        limit = (date.fromisoformat(facts.now) + grace).isoformat()
        for label, value in (("published", d.published), ("modified", d.modified)):
            if value and value[:10] > limit:
                problems.append(f"{label} {value[:10]} is in the future")
    if not problems:
        return None
    return hit([Evidence(p) for p in problems])


@rule(
    GROUP,
    "DATES_METADATA_DISAGREE",
    "Its metadata gives another date than the page shows",
    example='datePublished 2026-11-10, "20 November 2026" under the headline',
)
def dates_metadata_disagree(facts: Facts, t: Mapping[str, float]) -> Hit | None:
    d = facts.dates
    if not d.metadata_published or not d.shown_published:
        return None
    return hit(
        [
            Evidence(f"metadata: published {d.metadata_published[:10]}"),
            Evidence(f"shown on the page: {d.shown_published[:10]}", d.shown_quote),
        ]
    )
