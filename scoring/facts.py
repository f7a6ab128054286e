"""Facts: what the extractors found on the page, each with where it came from.

Extractors fill these; rules read them; nothing here parses or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from pydantic import Field, computed_field

from scoring.data import load_toml
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


@dataclass(frozen=True)
class Lookalike:
    """The known outlet a domain imitates, and where that outlet really is."""

    name: str
    domains: list[str]


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
    lookalike_of: Lookalike | None = None  # the known outlet the domain imitates
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
    published_precision: str | None = None  # "day" | "month" | "year"
    # Set only when the two differ by more than a day: the metadata's date and the shown one.
    metadata_published: str | None = None
    shown_published: str | None = None
    shown_quote: Internal[Quote | None] = None


# What a cited link's check found (scoring/citation_support.py): the link leads to a page;
# to none (missing, soft_404, home_redirect); the site refused us (blocked); not a web page
# (not_html); or no answer came (timeout, unreachable).
DEAD_OUTCOMES = ("missing", "soft_404", "home_redirect")
TRANSIENT_OUTCOMES = ("blocked", "timeout", "unreachable")


@dataclass
class CitationSupport:
    """Does the cited page hold what the citing sentence attributes to it?"""

    verdict: str  # quote_found | consistent | no_match | not_applicable
    matched: str | None = None  # the words found on the cited page
    score: float = 0.0  # 0-1: the quote's closeness, or the share of specifics found


@dataclass
class CitationCheck:
    """A cited link, fetched by the server and read: the report's facts.citations[i].check."""

    state: str = "pending"  # pending | ready | failed (not checked: `reason` says why)
    # ok | missing | soft_404 | home_redirect | blocked | not_html | timeout | unreachable
    outcome: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    published: str | None = None  # the cited page's own date, when it states one
    support: CitationSupport | None = None
    reason: str | None = None  # for people: why it is not ok, or not checked


@dataclass
class CitedPage:
    """One cited URL as the server's fetch found it, kept per URL and shared by every article
    that cites it; each article's sentence is judged against `text` when it is scored."""

    url: str
    state: str = "ready"  # ready | failed (the server would not fetch it)
    outcome: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    published: str | None = None
    text: str = ""  # the page's main text (its body region), bounded
    reason: str | None = None
    checked_at: str | None = None

    @property
    def transient(self) -> bool:
        """An answer that may change within the hour: kept an hour, not a week."""
        return self.state != "ready" or self.outcome in TRANSIENT_OUTCOMES

    def to_dict(self) -> dict[str, Any]:
        from scoring.schema import to_json

        return to_json(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CitedPage:
        from scoring.schema import from_json

        return from_json(cls, data)


@dataclass
class Citation:
    url: str
    domain: str
    kind: str
    text: str
    quote: Internal[Quote | None] = None
    outlet: str | None = None  # the known outlet the link goes to
    state_affiliated: str | None = None
    # The sentence around the link, with its selector: what the cited page is checked for.
    sentence: Internal[Mention | None] = None
    check: CitationCheck | None = None  # None: not checked (no server behind it, or not chosen)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def context(self) -> CitingSentence | None:
        """The citing sentence and its text-quote selector: what a reader is shown in the page
        for this link, and what its cited page is checked against."""
        s = self.sentence
        return CitingSentence(s.text, s.quote) if s else None


@dataclass(frozen=True)
class CitingSentence:
    text: str
    selector: Quote | None


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
class CreditAgency:
    """An agency a photo credit names, resolved against the known outlets."""

    name: str
    domain: str | None
    wire: bool
    state_affiliated: str | None = None


@dataclass
class ImageCredit:
    """Who the page says made its lead image ("Photo: Jane Doe/Reuters")."""

    text: str  # the credit as printed, its prefix ("Photo:") left out
    source: str  # "json-ld" | "markup" | "caption" | "alt"
    photographers: list[str] = field(default_factory=list)
    agencies: list[CreditAgency] = field(default_factory=list)
    quote: Internal[Quote | None] = None


# IPTC digital source types of a camera capture (data: scoring/data/image_credits.toml).
CAPTURE_SOURCE_TYPES = frozenset(load_toml("image_credits.toml")["capture_source_types"])


@dataclass
class CredentialSigner:
    issuer: str | None = None  # the organization in the signing certificate
    common_name: str | None = None


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

    @computed_field  # type: ignore[prop-decorator]
    @property
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
        origin = self.origin()
        made = f", {origin}" if origin else ""
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

    def to_dict(self) -> dict[str, Any]:
        from scoring.schema import to_json

        return to_json(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageCredentials:
        from scoring.schema import from_json

        return from_json(cls, {k: v for k, v in data.items() if k != "summary"})


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
    quote: Internal[Quote | None] = None  # the caption or credit text, to find the image's figure
    credentials: ImageCredentials | None = None  # None: not checked (no server behind it)


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
    # The visible byline, when it names other people than the JSON-LD/meta author does.
    byline_disagrees: list[Author] = field(default_factory=list)
    dates: Dates = field(default_factory=Dates)
    citations: list[Citation] = field(default_factory=list)
    named_sources: list[NamedSource] = field(default_factory=list)
    wire_credits: list[Mention] = field(default_factory=list)
    anonymous_sourcing: list[Mention] = field(default_factory=list)
    quoted_speakers: list[AttributedQuote] = field(default_factory=list)
    now: Internal[str | None] = None  # ISO date the page was scored on ("date in the future")
    # The outlet's pages, checked off the page; the server reports them as outlet_checks.
    outlet_profile: Internal[OutletProfile | None] = None
    lead_image: LeadImage | None = None
    title_source: str | None = None  # "json-ld" | "meta" | "h1" | "title" | "title-class" | "h2"
