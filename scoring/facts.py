"""Facts: what the extractors found on the page, each with where it came from.

Extractors fill these; rules read them; nothing here parses or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.data import load_toml
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
class CreditAgency:
    """An agency a photo credit names, resolved against the known outlets."""

    name: str
    domain: str | None
    wire: bool
    state_affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domain": self.domain,
            "wire": self.wire,
            "state_affiliated": self.state_affiliation,
        }


@dataclass
class ImageCredit:
    """Who the page says made its lead image ("Photo: Jane Doe/Reuters")."""

    text: str  # the credit as printed, its prefix ("Photo:") left out
    source: str  # "json-ld" | "markup" | "caption" | "alt"
    photographers: list[str] = field(default_factory=list)
    agencies: list[CreditAgency] = field(default_factory=list)
    quote: Quote | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "source": self.source,
            "photographers": list(self.photographers),
            "agencies": [a.to_dict() for a in self.agencies],
        }


# IPTC digital source types of a camera capture (data: scoring/data/image_credits.toml).
CAPTURE_SOURCE_TYPES = frozenset(load_toml("image_credits.toml")["capture_source_types"])


@dataclass
class CredentialSigner:
    issuer: str | None = None  # the organization in the signing certificate
    common_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "common_name": self.common_name}


@dataclass
class ImageCredentials:
    """What the lead image's Content Credentials (a C2PA manifest) say, read off the page by
    the server (scoring/image_credentials.py); the engine only reads this."""

    state: str = "pending"  # pending | ready | failed (the image could not be had)
    present: bool = False  # the image carries a manifest
    validation: str | None = None  # "valid" | "invalid" | None (nothing to validate)
    trusted: bool = False  # the signer chains to the admin's trust list
    signer: CredentialSigner = field(default_factory=CredentialSigner)
    claim_generator: str | None = None  # the tool that signed, e.g. "Camera App 2.1"
    signed_at: str | None = None  # from a time-stamp, when the signer had one
    actions: list[str] = field(default_factory=list)  # c2pa.created, c2pa.edited, ...
    digital_source_type: str | None = None  # IPTC digital source type URI
    generated_by_ai: bool = False
    problems: list[str] = field(default_factory=list)  # validation codes that failed
    reason: str | None = None  # why the check failed, for people
    checked_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "present": self.present,
            "validation": self.validation,
            "trusted": self.trusted,
            "signer": self.signer.to_dict(),
            "claim_generator": self.claim_generator,
            "signed_at": self.signed_at,
            "actions": list(self.actions),
            "digital_source_type": self.digital_source_type,
            "generated_by_ai": self.generated_by_ai,
            "problems": list(self.problems),
            "reason": self.reason,
            "checked_at": self.checked_at,
            "summary": self.summary(),
        }

    def summary(self) -> str:
        """The line a reader sees, in words; clients show it as it is."""
        if self.state == "pending":
            return "Content Credentials: being checked"
        if self.state == "failed":
            return f"Content Credentials: not checked ({self.reason or 'the image was not had'})"
        if not self.present:
            return "No Content Credentials"
        if self.validation != "valid":
            return "Content Credentials do not match the image (altered after signing or damaged)"
        who = self.signer.issuer or self.signer.common_name or "an unnamed signer"
        tool = f" with {self.claim_generator}" if self.claim_generator else ""
        trust = "a trusted signer" if self.trusted else "signer not on a trust list"
        made = f", {self.origin()}" if self.origin() else ""
        return f"Content Credentials: signed by {who}{tool} ({trust}){made}"

    def origin(self) -> str | None:
        """What the credentials say the image is: generated by AI, captured, or edited."""
        if self.generated_by_ai:
            return "generated by AI"
        kind = (self.digital_source_type or "").rstrip("/").rsplit("/", 1)[-1]
        if kind in CAPTURE_SOURCE_TYPES:
            return "captured by a camera"
        if any(a not in ("c2pa.created", "c2pa.opened") for a in self.actions):
            return "edited"
        return None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageCredentials:
        signer = data.get("signer") or {}
        return cls(
            state=str(data.get("state", "ready")),
            present=bool(data.get("present")),
            validation=data.get("validation"),
            trusted=bool(data.get("trusted")),
            signer=CredentialSigner(signer.get("issuer"), signer.get("common_name")),
            claim_generator=data.get("claim_generator"),
            signed_at=data.get("signed_at"),
            actions=[str(a) for a in data.get("actions", ())],
            digital_source_type=data.get("digital_source_type"),
            generated_by_ai=bool(data.get("generated_by_ai")),
            problems=[str(p) for p in data.get("problems", ())],
            reason=data.get("reason"),
            checked_at=data.get("checked_at"),
        )


@dataclass
class LeadImage:
    """The article's lead image, what the page says about it, and (checked off the page) its
    Content Credentials."""

    url: str
    url_source: str  # "og:image" | "twitter:image" | "json-ld" | "body"
    caption: str | None = None
    caption_source: str | None = None  # "figcaption" | "json-ld" | "alt"
    credit: ImageCredit | None = None
    alt: str | None = None
    in_page: bool = False  # the image was found as an element on the page
    quote: Quote | None = None  # the caption or credit text, to find the image's figure
    credentials: ImageCredentials | None = None  # None: not checked (no server behind it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "url_source": self.url_source,
            "caption": self.caption,
            "caption_source": self.caption_source,
            "credit": self.credit.to_dict() if self.credit else None,
            "alt": self.alt,
            "in_page": self.in_page,
            "credentials": self.credentials.to_dict() if self.credentials else None,
        }


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
    dates: Dates = field(default_factory=Dates)
    citations: list[Citation] = field(default_factory=list)
    named_sources: list[NamedSource] = field(default_factory=list)
    wire_credits: list[Mention] = field(default_factory=list)
    anonymous_sourcing: list[Mention] = field(default_factory=list)
    attributed_quotes: list[AttributedQuote] = field(default_factory=list)
    now: str | None = None  # ISO date the page was scored on (for "date in the future")
    outlet_profile: OutletProfile | None = None  # the outlet's pages, checked off the page
    lead_image: LeadImage | None = None

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
            "lead_image": self.lead_image.to_dict() if self.lead_image else None,
        }
