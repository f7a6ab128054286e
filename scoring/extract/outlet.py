"""Outlet facts: who publishes the page, and which transparency pages it points to."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from scoring import patterns
from scoring.data import OUTLETS, TRANSPARENCY, load_toml, lookalike_of
from scoring.document import (
    Document,
    element_text,
    make_quote,
    normalize_space,
)
from scoring.domains import domain_label, domain_of
from scoring.extract.elements import page_elements
from scoring.facts import Lookalike, OutletFacts, TransparencyLink
from scoring.patterns import pieces, trie_pattern

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|•)\s+")
# Punctuation a link text may carry around its words ("About us »", "Qui sommes-nous ?"),
# mapped to spaces in one C-level pass; the typographic apostrophe becomes a plain one.
_PUNCTUATION = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~«»‹›“”„·•–—…|'
_FOLD = str.maketrans({c: " " for c in _PUNCTUATION} | {"’": "'"})
MAX_LINK_TEXT = 60
MAX_PATH_ONLY_WORDS = 4  # a longer link text says itself what the link is
MAX_POLICY_DEPTH = 2  # /about-us, /en/impressum; deeper pages sit beneath a policy page
_INDEX_PAGES = frozenset(("index", "default", "home"))
_DOMAIN_WORDS = load_toml("domains.toml")
_PLATFORMS = frozenset(_DOMAIN_WORDS["platform_names"])
_GENERIC_SEGMENTS = frozenset(_DOMAIN_WORDS["generic_site_segments"])
MAX_NAME_WORDS = 5
MIN_LABEL_CHARS = 3
_LISTING_SEGMENTS = frozenset(TRANSPARENCY["listing_segments"])
_COMMERCIAL_SEGMENTS = frozenset(TRANSPARENCY["commercial_segments"])
_LISTING_HREF = re.compile(
    r"^(?:https?:)?(?://[^/]*)?/(?:" + "|".join(_LISTING_SEGMENTS) + r")/", re.I
)

# Kinds in the order a link is tested against them: specific before general.
_KINDS = ("corrections", "ownership", "ethics", "masthead", "about", "contact")


# Link text -> kind; earlier kinds win where a text names two.
def _fold(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD).split())


_TEXT_KIND = {_fold(t): k for k in reversed(_KINDS) for t in TRANSPARENCY[k]["text"]}
_PATH_EXT = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$")
_PATH_KIND = {seg: k for k in reversed(_KINDS) for seg in TRANSPARENCY[k]["path"]}
_SCHEMA = {prop: k for k in _KINDS for prop in TRANSPARENCY[k]["schema"]}


_SITE_META = ("og:site_name", "application-name", "al:android:app_name")
_PUBLISHER_META = ("article:publisher", "publisher", "dc.publisher", "dc:publisher")
_ADDRESS = re.compile(r"://|^\s*www\.|\.(?:com|org|net)\b|^\s*@", re.I)
_WEB_ADDRESS = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*://|www\.)", re.I)


def extract_outlet(doc: Document) -> OutletFacts:
    facts = OutletFacts(domain=doc.domain)
    known = OUTLETS.for_domain(doc.domain)
    if known:
        facts.known_name = known.name
        facts.kind = known.kind
        facts.country = known.country
        facts.state_affiliation = known.state_affiliation
        facts.state_affiliation_source = "known-outlets" if known.state_affiliation else None
    else:
        look = _lookalike(doc.domain)
        if look:
            facts.lookalike_of = Lookalike(look.name, list(look.domains))
    facts.name, facts.name_source = (
        _from_meta(doc)
        or _from_json_ld(doc)
        # article:publisher is usually the publisher's Facebook page: an address is no name.
        or _from_meta(doc, _PUBLISHER_META, unlike=_ADDRESS)
        or _from_title(doc)
        or _from_table(facts)
    )
    facts.transparency = _schema_links(doc)
    for kind, link in _link_pages(doc).items():
        facts.transparency.setdefault(kind, link)
    return facts


def _lookalike(domain: str) -> Any:
    """lookalike_of, answered at once for a plain domain none of whose labels is, or has a part
    that is, a known outlet's brand label (most domains): the domain's own label is one of its
    labels, whose parts lookalike_of reads."""
    low = domain.lower()
    if _PLAIN_DOMAIN.fullmatch(low):
        brands = OUTLETS.brand_labels
        labels = low.split(".")
        if all(part not in brands for part in (low, *labels, *_LABEL_PARTS.split(low))):
            return None
    return lookalike_of(domain)


# Where lookalike_of splits a label into parts, and a dot; in a domain of plain characters only,
# which the public suffix reader splits at its dots and nowhere else.
_LABEL_PARTS = re.compile(r"[-_.]|(?<=\D)(?=\d)|(?<=\d)(?=\D)")
_PLAIN_DOMAIN = re.compile(r"[a-z0-9._-]*")


def publisher_objects(doc: Document) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for obj in doc.json_ld:
        pub = obj.get("publisher") or obj.get("sourceOrganization")
        for p in pub if isinstance(pub, list) else [pub]:
            if isinstance(p, dict):
                found.append(p)
        if doc.json_ld_types & {"NewsMediaOrganization", "Organization"} and obj.get("@type") in (
            "NewsMediaOrganization",
            "Organization",
        ):
            found.append(obj)
    return found


def _from_json_ld(doc: Document) -> tuple[str, str] | None:
    sites = [o for o in doc.json_ld if o.get("@type") == "WebSite"]
    for p in [*publisher_objects(doc), *sites]:
        for key in ("name", "legalName"):
            name = p.get(key)
            # A web address given as the name ("https://www.example.com") names no one.
            if isinstance(name, str) and _usable_name(name) and not _WEB_ADDRESS.match(name):
                return normalize_space(name), "json-ld"
    return None


def _from_meta(
    doc: Document, keys: tuple[str, ...] = _SITE_META, unlike: re.Pattern[str] | None = None
) -> tuple[str, str] | None:
    """The first usable name under one of `keys` that `unlike` does not find."""
    for key in keys:
        for name in doc.meta.get(key, ()):
            if _usable_name(name) and not (unlike and unlike.search(name)):
                return normalize_space(name), "meta"
    return None


def _usable_name(name: str) -> bool:
    """A site's own name: not empty, not a generic word, not the hosting platform's name
    ("Blogger" and "Medium" publish every blog they host; the publication is the outlet)."""
    key = normalize_space(name).casefold()
    return bool(key) and key not in _PLATFORMS and key not in _GENERIC_SEGMENTS


def _from_title(doc: Document) -> tuple[str, str] | None:
    title = doc.html_title
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    # The part that spells the site's address ("Aktuálně.cz" on aktualne.cz) is its name; a
    # tagline beside it ("Víte, co se právě děje") is not.
    label = _ascii_fold(domain_label(doc.domain)) if doc.domain else ""
    if len(label) >= MIN_LABEL_CHARS:
        for part in parts:
            if label in _ascii_fold(part) and len(part.split()) <= MAX_NAME_WORDS:
                return part, "title"
    h1 = next(iter(page_elements(doc, "h1")), None)
    headlines = {
        normalize_space(t).casefold()
        for t in (doc.title or "", element_text(h1) if h1 is not None else "")
        if t
    }
    for candidate in (parts[-1], parts[0]):
        if (
            0 < len(candidate.split()) <= MAX_NAME_WORDS
            and candidate.casefold() not in headlines
            and _usable_name(candidate)
        ):
            return candidate, "title"
    return None


def _ascii_fold(text: str) -> str:
    """Lowercase letters and digits without accents: "Aktuálně.cz" -> "aktualnecz"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _from_table(facts: OutletFacts) -> tuple[str, str] | tuple[None, None]:
    return (facts.known_name, "known-outlets") if facts.known_name else (None, None)


def _schema_links(doc: Document) -> dict[str, TransparencyLink]:
    found: dict[str, TransparencyLink] = {}
    for obj in [*doc.json_ld, *publisher_objects(doc)]:
        for prop, kind in _SCHEMA.items():
            value = obj.get(prop)
            if isinstance(value, dict):
                value = value.get("url") or value.get("@id") or value.get("email")
            if isinstance(value, list):
                value = next((v for v in value if isinstance(v, str)), None)
            if isinstance(value, str) and value.strip() and kind not in found:
                found[kind] = TransparencyLink(doc.absolute(value), prop, "json-ld")
    return found


def _link_pages(doc: Document) -> dict[str, TransparencyLink]:
    """Links anywhere on the page (footers and menus included) to the outlet's own policy pages."""
    found: dict[str, TransparencyLink] = {}
    _, hrefs, texts, _ = doc.links
    for i in _candidates(hrefs, texts):
        href = hrefs[i].strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        if href.startswith("mailto:"):
            # A newsroom address, not a "share by email" link (mailto:?subject=...).
            if "@" in href.split("?")[0] and "contact" not in found:
                text = normalize_space(texts[i]) or href[7:].split("?")[0]
                found["contact"] = TransparencyLink(href, text, "link")
            continue
        if "//" in href[:8] and not _host_of(href).endswith(doc.domain):
            continue  # another site's policy page says nothing about this outlet
        raw = texts[i]
        kind = _kind_of(raw, href)
        if kind is None or kind in found:
            continue
        raw_text = normalize_space(raw)
        url = doc.absolute(href)
        if domain_of(url) not in ("", doc.domain):
            continue  # a look-alike host such as notexample.com passed the quick test above
        quote = make_quote(raw_text, 0, len(raw_text)) if raw_text else None
        found[kind] = TransparencyLink(url, raw_text or url, "link", quote)
        if len(found) == len(_KINDS):
            break
    return found


# What a policy link can be, looked for in every link's address and text at once (in C): an
# address that is an email address or has a path segment that starts with a policy page's name,
# or a text that folds (_fold) to one. Only the links found are read one by one. Each pattern
# starts with a fixed character, which the search skips to in C, and branches letter by letter.
# A segment starts after a "/" or at the start of an address ("\x00", then the white space that
# the address is stripped of): one pattern for each, as a pattern that starts with either is
# searched character by character. "mailto:" after a "/" as well is a candidate too many, never
# one too few.
_ADDRESS_WORDS = trie_pattern([*map(pieces, _PATH_KIND), pieces("mailto:")])
_POLICY_ADDRESS = (re.compile("/" + _ADDRESS_WORDS), re.compile("\x00\\s*" + _ADDRESS_WORDS))
_GAP = "[\\s" + re.escape(_PUNCTUATION) + "]"
_POLICY_TEXT = re.compile(
    rf"\x00{_GAP}*"
    + trie_pattern(pieces(t, {" ": f"{_GAP}+", "'": "['’]"}) for t in _TEXT_KIND)
    + rf"{_GAP}*(?=\x00|$)"
)


def _candidates(hrefs: list[str], texts: list[str]) -> list[int]:
    """Which links may be policy links or addresses: a superset of those _kind_of names. The
    links whose address and text are ASCII (most) are read in C, where it was built; the
    searches below read the rest, and every link without it."""
    if patterns.scans is None:
        return _candidates_by_search(hrefs, texts)
    found, odd_hrefs, odd_texts = patterns.scans.policy_candidates(
        hrefs, texts, _ADDRESS_KEYS, _TEXT_KEYS, _PUNCTUATION
    )
    if not (odd_hrefs or odd_texts):
        return found
    more = _matching([hrefs[i] for i in odd_hrefs], str.lower, *_POLICY_ADDRESS)
    rest = _matching([texts[i] for i in odd_texts], str.casefold, _POLICY_TEXT)
    return sorted({*found, *(odd_hrefs[j] for j in more), *(odd_texts[j] for j in rest)})


def _candidates_by_search(hrefs: list[str], texts: list[str]) -> list[int]:
    """_candidates in Python: the searches over every link's address and text."""
    return sorted(
        _matching(hrefs, str.lower, *_POLICY_ADDRESS) | _matching(texts, str.casefold, _POLICY_TEXT)
    )


# The same test in C (patterns.scans): an address that a policy page's name or "mailto:"
# starts, at its start or after a "/", or a text that folds (_fold) to a policy page's name,
# read where they are ASCII. The names are looked up by the hash of the characters read.
if patterns.scans is not None:
    _ADDRESS_KEYS = patterns.scans.index(frozenset([*_PATH_KIND, "mailto:"]))
    _TEXT_KEYS = patterns.scans.index(frozenset(_TEXT_KIND))


def _matching(items: list[str], fold: Callable[[str], str], *searches: re.Pattern[str]) -> set[int]:
    """The indexes of the items that a search finds in, folded: one search over all of them,
    joined, each preceded by "\x00". An item's index is the count of "\x00" up to its match:
    lxml's strings never hold one, and folding, which may lengthen an item ("ß" -> "ss"), makes
    none."""
    folded = fold("\x00" + "\x00".join(items))
    found: set[int] = set()
    for search in searches:
        index, counted = -1, 0
        for m in search.finditer(folded):
            index += folded.count("\x00", counted, m.start() + 1)
            counted = m.start() + 1
            found.add(index)
    return found


def _host_of(href: str) -> str:
    """The host of an absolute or scheme-relative href, cheaply (no URL parsing)."""
    host = href.partition("//")[2].partition("/")[0].partition("?")[0].rpartition("@")[2]
    host = host.partition("]")[0].lstrip("[") if host.startswith("[") else host.partition(":")[0]
    return host.lower()


def _kind_of(text: str, href: str) -> str | None:
    if _LISTING_HREF.search(href):
        return None
    # Headlines and other long link texts never name a policy page: not worth folding.
    if text and len(text) <= 4 * MAX_LINK_TEXT:
        kind = _TEXT_KIND.get(_fold(text))
        if kind:
            return kind
    # A link text of its own that names no policy page is what the link is, whatever its
    # path: "Keyboard shortcuts for audio player" under /contact/ is a help article.
    if len(text.split()) > MAX_PATH_ONLY_WORDS:
        return None
    # The policy page's name as the last segment of a short path: a page beneath it
    # (/staff/jane-doe/, /contact/help/article) is a person's page or an article.
    path = href.partition("#")[0].partition("?")[0]
    if "//" in path:
        path = path.partition("//")[2].partition("/")[2]
    segments = [s for s in path.lower().split("/") if s]
    if segments and _PATH_EXT.sub("", segments[-1]) in _INDEX_PAGES:
        segments.pop()
    if not segments or len(segments) > MAX_POLICY_DEPTH or segments[0] in _LISTING_SEGMENTS:
        return None  # /tag/ethics/ lists stories about ethics; it is no policy
    if any(s in _COMMERCIAL_SEGMENTS for s in segments):
        return None  # /contact/advertise sells space; /about/cookies is about cookies
    last = segments[-1]
    return _PATH_KIND.get(_PATH_EXT.sub("", last) if "." in last else last)
