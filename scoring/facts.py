"""Facts: what the extractors found on the page, each with where it came from.

Extractors fill these; rules read them; nothing here parses or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from pydantic import Field, computed_field

from scoring.report import Quote

T = TypeVar("T")
# A field the engine uses (rules, evidence) that the JSON report leaves out.
Internal = Annotated[T, Field(exclude=True)]


@dataclass
class Mention:
    """A piece of text on the page and a selector to find it again."""

    text: str
    quote: Internal[Quote | None] = None


@dataclass
class TransparencyLink:
    url: str
    text: str
    source: str  # "json-ld" | "link"
    quote: Internal[Quote | None] = None


@dataclass(frozen=True)
class OutletRating:
    """One external source's rating of the outlet, from a ratings file the admin supplies."""

    source: str
    rating: str  # "high" | "mixed" | "low"


@dataclass(frozen=True)
class OutletListing:
    """The outlet's entry on one of the admin's lists, with the admin's note."""

    list: str  # "trusted" | "watch" | "state_affiliated"
    note: str
    type: str | None = None  # State Media Matrix type, state_affiliated only


@dataclass
class OutletFacts:
    domain: str
    name: str | None = None
    name_source: str | None = None
    known_name: str | None = None  # canonical name of the matching known outlet
    kind: str | None = None
    country: str | None = None
    state_affiliation: str | None = None
    state_affiliation_source: str | None = None  # "known-outlets" | "admin-list"
    lookalike_of: str | None = None
    transparency: dict[str, TransparencyLink] = field(default_factory=dict)
    ratings: list[OutletRating] = field(default_factory=list)
    lists: list[OutletListing] = field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def known(self) -> bool:
        """The outlet is in the curated table of known outlets."""
        return self.known_name is not None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratings_disagree(self) -> bool:
        """Every source side by side, never averaged: readers see where they disagree."""
        return len({r.rating for r in self.ratings}) > 1


@dataclass
class Author:
    name: str
    kind: str  # "person" | "organization" | "generic"
    source: str
    profile_url: str | None = None
    bio: str | None = None
    same_as: list[str] = field(default_factory=list)
    quote: Internal[Quote | None] = None


@dataclass
class Dates:
    published: str | None = None
    modified: str | None = None
    published_source: str | None = None
    modified_source: str | None = None
    published_quote: Internal[Quote | None] = None


@dataclass
class Citation:
    url: str
    domain: str
    kind: str
    text: str
    quote: Internal[Quote | None] = None
    outlet: str | None = None  # the known outlet the link goes to
    state_affiliated: str | None = None


@dataclass
class NamedSource:
    name: str
    domain: str | None
    linked: bool
    state_affiliated: str | None
    wire: bool
    mentions: Internal[list[Mention]] = field(default_factory=list)
    dateline_only: bool = False  # named only in a wire dateline ("MOSCOW (TASS) -"): a credit

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quote(self) -> str | None:
        """The first sentence that names the source."""
        return self.mentions[0].text if self.mentions else None


@dataclass
class AttributedQuote:
    speaker: str
    text: str
    quote: Internal[Quote | None] = None


ABSENT_STATUSES = ("missing", "soft_404", "home_redirect")


@dataclass
class CheckedPage:
    """One of the outlet's own pages, fetched and read (scoring/outlet_profile.py)."""

    kind: str  # about | contact | corrections | ethics | ownership | masthead
    url: str
    # ok | missing | soft_404 | home_redirect | not_html | unreachable | not_checked
    status: str
    final_url: str | None = None
    reason: str | None = None  # why the page does not count, for people
    corrections: list[str] = field(default_factory=list)  # ISO dates of listed corrections
    people: list[str] = field(default_factory=list)  # people a masthead names
    owners: list[str] = field(default_factory=list)  # sentences naming an owner or funders

    @computed_field  # type: ignore[prop-decorator]
    @property
    def absent(self) -> bool:
        """Checked and found not to be there (not merely unreachable)."""
        return self.status in ABSENT_STATUSES


@dataclass
class OutletProfile:
    """What the outlet's own home and policy pages were found to say, checked off the page.

    Built outside the engine (the server fetches); the engine only reads it.
    """

    domain: str
    home_url: str
    checked_at: str  # ISO 8601, UTC
    state: str = "ready"  # ready | failed (the home page could not be had)
    reason: str | None = None
    fetches: int = 0
    pages: dict[str, CheckedPage] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from scoring.schema import to_json

        return to_json(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutletProfile:
        from scoring.schema import from_json

        return from_json(cls, data)


@dataclass
class Facts:
    url: Internal[str]  # the report carries these two itself
    canonical_url: Internal[str | None]
    title: str | None
    outlet: OutletFacts
    is_article: Internal[bool] = True  # the report's not_scored says it
    not_article_reason: Internal[str | None] = None
    body_words: int = 0
    authors: list[Author] = field(default_factory=list)
    dates: Dates = field(default_factory=Dates)
    citations: list[Citation] = field(default_factory=list)
    named_sources: list[NamedSource] = field(default_factory=list)
    wire_credits: list[Mention] = field(default_factory=list)
    anonymous_sourcing: list[Mention] = field(default_factory=list)
    quoted_speakers: list[AttributedQuote] = field(default_factory=list)
    now: Internal[str | None] = None  # ISO date the page was scored on ("date in the future")
    # The outlet's pages, checked off the page; the server reports them as outlet_checks.
    outlet_profile: Internal[OutletProfile | None] = None
