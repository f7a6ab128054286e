"""Facts: what the extractors found on the page, each with where it came from.

Extractors fill these; rules read them; nothing here parses or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.report import Quote


@dataclass
class Mention:
    """A piece of text on the page and a selector to find it again."""

    text: str
    quote: Quote | None = None


@dataclass
class TransparencyLink:
    url: str
    text: str
    source: str  # "json-ld" | "link"
    quote: Quote | None = None


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
    known: str | None = None  # canonical name of the matching known outlet
    kind: str | None = None
    country: str | None = None
    state_affiliation: str | None = None
    state_affiliation_source: str | None = None  # "known-outlets" | "admin-list"
    lookalike_of: str | None = None
    transparency: dict[str, TransparencyLink] = field(default_factory=dict)
    ratings: list[OutletRating] = field(default_factory=list)
    lists: list[OutletListing] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "name": self.name,
            "name_source": self.name_source,
            "known": self.known is not None,
            "known_name": self.known,
            "kind": self.kind,
            "country": self.country,
            "state_affiliation": self.state_affiliation,
            "state_affiliation_source": self.state_affiliation_source,
            "lookalike_of": self.lookalike_of,
            "transparency": {
                k: {"url": v.url, "text": v.text, "source": v.source}
                for k, v in self.transparency.items()
            },
            # Every source side by side, never averaged: readers see where they disagree.
            "ratings": [{"source": r.source, "rating": r.rating} for r in self.ratings],
            "ratings_disagree": len({r.rating for r in self.ratings}) > 1,
            "lists": [
                {"list": e.list, "note": e.note} | ({"type": e.type} if e.type else {})
                for e in self.lists
            ],
        }


@dataclass
class Author:
    name: str
    kind: str  # "person" | "organization" | "generic"
    source: str
    profile_url: str | None = None
    bio: str | None = None
    same_as: list[str] = field(default_factory=list)
    quote: Quote | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "source": self.source}
        if self.profile_url:
            out["profile_url"] = self.profile_url
        if self.bio:
            out["bio"] = self.bio
        if self.same_as:
            out["same_as"] = self.same_as
        return out


@dataclass
class Dates:
    published: str | None = None
    modified: str | None = None
    published_source: str | None = None
    modified_source: str | None = None
    published_quote: Quote | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "modified": self.modified,
            "published_source": self.published_source,
            "modified_source": self.modified_source,
        }


@dataclass
class Citation:
    url: str
    domain: str
    kind: str
    text: str
    quote: Quote | None = None
    known: str | None = None
    state_affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "url": self.url,
            "domain": self.domain,
            "kind": self.kind,
            "text": self.text,
        }
        if self.known:
            out["outlet"] = self.known
        if self.state_affiliation:
            out["state_affiliated"] = self.state_affiliation
        return out


@dataclass
class NamedSource:
    name: str
    domain: str | None
    linked: bool
    state_affiliation: str | None
    wire: bool
    mentions: list[Mention] = field(default_factory=list)
    dateline_only: bool = False  # named only in a wire dateline ("MOSCOW (TASS) -"): a credit

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domain": self.domain,
            "linked": self.linked,
            "state_affiliated": self.state_affiliation,
            "wire": self.wire,
            "dateline_only": self.dateline_only,
            "quote": self.mentions[0].text if self.mentions else None,
        }


@dataclass
class AttributedQuote:
    speaker: str
    text: str
    quote: Quote | None = None


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

    @property
    def absent(self) -> bool:
        """Checked and found not to be there (not merely unreachable)."""
        return self.status in ABSENT_STATUSES

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "status": self.status}
        if self.final_url and self.final_url != self.url:
            out["final_url"] = self.final_url
        if self.reason:
            out["reason"] = self.reason
        for name in ("corrections", "people", "owners"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        return out

    @classmethod
    def from_dict(cls, kind: str, data: dict[str, Any]) -> CheckedPage:
        return cls(
            kind=kind,
            url=str(data["url"]),
            status=str(data["status"]),
            final_url=data.get("final_url"),
            reason=data.get("reason"),
            corrections=list(data.get("corrections", ())),
            people=list(data.get("people", ())),
            owners=list(data.get("owners", ())),
        )


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
        return {
            "domain": self.domain,
            "state": self.state,
            "reason": self.reason,
            "checked_at": self.checked_at,
            "home_url": self.home_url,
            "fetches": self.fetches,
            "pages": {k: p.to_dict() for k, p in self.pages.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutletProfile:
        return cls(
            domain=str(data["domain"]),
            home_url=str(data["home_url"]),
            checked_at=str(data["checked_at"]),
            state=str(data.get("state", "ready")),
            reason=data.get("reason"),
            fetches=int(data.get("fetches", 0)),
            pages={k: CheckedPage.from_dict(k, v) for k, v in data.get("pages", {}).items()},
        )


@dataclass
class Facts:
    url: str
    canonical_url: str | None
    title: str | None
    outlet: OutletFacts
    is_article: bool = True
    not_article_reason: str | None = None
    body_words: int = 0
    authors: list[Author] = field(default_factory=list)
    # The visible byline, when it names other people than the JSON-LD/meta author does.
    byline_disagrees: list[Author] = field(default_factory=list)
    dates: Dates = field(default_factory=Dates)
    citations: list[Citation] = field(default_factory=list)
    named_sources: list[NamedSource] = field(default_factory=list)
    wire_credits: list[Mention] = field(default_factory=list)
    anonymous_sourcing: list[Mention] = field(default_factory=list)
    attributed_quotes: list[AttributedQuote] = field(default_factory=list)
    now: str | None = None  # ISO date the page was scored on (for "date in the future")
    outlet_profile: OutletProfile | None = None  # the outlet's pages, checked off the page

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "outlet": self.outlet.to_dict(),
            "authors": [a.to_dict() for a in self.authors],
            "dates": self.dates.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
            "named_sources": [s.to_dict() for s in self.named_sources],
            "wire_credits": [m.text for m in self.wire_credits],
            "anonymous_sourcing": [m.text for m in self.anonymous_sourcing],
            "quoted_speakers": sorted({q.speaker for q in self.attributed_quotes}),
            "body_words": self.body_words,
        }
