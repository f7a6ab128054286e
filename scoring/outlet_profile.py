"""Read an outlet's own pages: does each policy page exist, and what does it show?

Pure functions of HTML the caller fetched (the server does the fetching, with its safe
fetcher). The results are facts (CheckedPage, OutletProfile) that the outlet rules read.

A page "exists" when it came back 2xx as HTML and is not a soft 404: its title or heading says
"not found", it looks like what a random nonexistent path returns, or it landed on the home page.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scoring.data import load_toml
from scoring.document import Document, element_text, normalize_space
from scoring.domains import domain_of, host_of, public_suffix
from scoring.extract.authorship import classify_name
from scoring.extract.dates import parse_date
from scoring.extract.outlet import extract_outlet
from scoring.facts import CheckedPage

# The order pages are checked in when the fetch budget runs short: what the rules read first.
KINDS = ("corrections", "ownership", "masthead", "ethics", "about", "contact")
MAX_LISTED = 20  # names, dates or sentences kept per page
MAX_WORDS = 3000  # of a page's text compared with the probe's

_WORDS = load_toml("outlet_pages.toml")
NEAR_IDENTICAL = float(_WORDS["near_identical"])
_NOT_FOUND = re.compile(
    "|".join(
        r"(?<!\w)" + re.escape(p) + r"(?!\w)"
        for p in sorted(_WORDS["not_found"], key=len, reverse=True)
    ),
    re.I,
)
_CORRECTION = re.compile(
    "|".join(r"(?<!\w)" + re.escape(w) for w in _WORDS["correction_words"]), re.I
)
_NOT_NAME = frozenset(w.casefold() for w in _WORDS["not_name_words"])
_OWNER = re.compile(
    r"(?<!\w)(?i:"
    + "|".join(re.escape(p) for p in sorted(_WORDS["owner_phrases"], key=len, reverse=True))
    + r")\s+(?i:(?:the|la|le|les|el|los|der|die|das|o|a|il|lo|l')\s*)?[A-ZÀ-Ý0-9][\w&'’.-]+"
)
_FUNDER_HEADING = frozenset(h.casefold() for h in _WORDS["funder_headings"])
_NAME_SPLIT = re.compile(r"\s*(?:[,;|·•:()\[\]/]|\s[-–—]\s|\n)\s*")
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_TEXT_TAGS = frozenset("p li dd td blockquote".split())
_ENTRY_TAGS = frozenset("p li tr dd dt h2 h3 h4 h5 article".split())
_NAME_TAGS = ("li", "p", "td", "dd", "dt", "h2", "h3", "h4", "h5", "strong", "b", "a", "span")
_CHROME = frozenset(("nav", "header", "footer", "aside", "form", "script", "style"))
DATE_WINDOW = 200  # parse_date reads this many characters
DATE_STRIDE = 150


def profile_key(url: str) -> str:
    """The outlet a URL belongs to: its registrable domain, or host:port for a host that has
    none (a numeric address, a name without a public suffix such as localhost)."""
    domain = domain_of(url)
    if not domain:
        return ""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return domain
    # Without a registrable domain, the port is what tells two sites on one host apart.
    if domain == host_of(url) and not public_suffix(domain) and port:
        return f"[{domain}]:{port}" if ":" in domain else f"{domain}:{port}"
    return domain


def home_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}/"


def home_candidates(key: str) -> list[str]:
    """Where an outlet's home page is looked for, in order, from its key alone: never from
    the address a client asked about, whose scheme, host and port a client chooses."""
    if ":" in key or not public_suffix(key):  # no registrable domain: no www. either
        return [f"https://{key}/", f"http://{key}/"]
    return [f"https://{key}/", f"https://www.{key}/", f"http://{key}/", f"http://www.{key}/"]


def probe_url(home: str) -> str:
    """A path no site has: what the site serves there is what "not found" looks like."""
    return f"{home.rstrip('/')}/provenance-check-{secrets.token_hex(8)}"


def pages_to_check(key: str, home_doc: Document, home: str) -> dict[str, str]:
    """kind -> URL of the outlet's own policy pages, as its home page links them: only http(s)
    pages of the same outlet, never the home page. What a client sent plays no part."""
    links = {k: link.url for k, link in extract_outlet(home_doc).transparency.items()}
    found: dict[str, str] = {}
    for kind in KINDS:
        link = links.get(kind)
        if (
            link
            and link.startswith(("http://", "https://"))
            and profile_key(link) == key
            and not same_page(link, home)
        ):
            found[kind] = link
    return found


@dataclass(frozen=True)
class Signature:
    """What a page looks like, for "is this the same page as that one?"."""

    title: str
    shingles: frozenset[tuple[str, ...]]

    def similarity(self, other: Signature) -> float:
        if not self.shingles or not other.shingles:
            empty = not self.shingles and not other.shingles
            return 1.0 if empty and self.title == other.title else 0.0
        inter = len(self.shingles & other.shingles)
        return inter / len(self.shingles | other.shingles)


def signature(doc: Document) -> Signature:
    words = _visible_text(doc).casefold().split()[:MAX_WORDS]
    shingles = frozenset(tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 0)))
    return Signature(normalize_space(doc.html_title or ""), shingles)


def check_page(
    kind: str,
    url: str,
    doc: Document,
    final_url: str,
    *,
    home: Document | None = None,
    home_final_url: str | None = None,
    probe: Signature | None = None,
) -> CheckedPage:
    """A fetched policy page: is it really there, and what does it show?"""
    if (
        home_final_url
        and same_page(final_url, home_final_url)
        and not same_page(url, home_url(url))
    ):
        return CheckedPage(kind, url, "home_redirect", final_url, "it leads to the home page")
    said = not_found_text(doc)
    if said:
        return CheckedPage(kind, url, "soft_404", final_url, f'the page says "{said}"')
    mine = signature(doc)
    if probe is not None and mine.similarity(probe) >= NEAR_IDENTICAL:
        return CheckedPage(
            kind, url, "soft_404", final_url, "it is the page the site shows for any address"
        )
    if home is not None and mine.similarity(signature(home)) >= NEAR_IDENTICAL:
        return CheckedPage(kind, url, "soft_404", final_url, "it shows the home page")
    page = CheckedPage(kind, url, "ok", final_url)
    if kind == "corrections":
        page.corrections = dated_corrections(doc)
    elif kind == "masthead":
        page.people = masthead_people(doc)
    elif kind in ("ownership", "about"):
        page.owners = named_owners(doc)
    return page


def not_found_text(doc: Document) -> str | None:
    """The "not found" phrase a page's title or main heading shows, if any."""
    for text in _headings(doc):
        m = _NOT_FOUND.search(text)
        if m:
            return text if len(text) <= 80 else m.group(0)
    return None


def dated_corrections(doc: Document) -> list[str]:
    """ISO dates of the corrections a page lists: dated entries on a page about corrections."""
    about_corrections = any(_CORRECTION.search(t) for t in _headings(doc))
    dates: list[str] = []
    for el in _content_elements(doc, _ENTRY_TAGS):
        text = element_text(el)
        if not text or len(text) > 3000:
            continue
        found = _date_in(text) or _time_attr(el)
        if found and (about_corrections or _CORRECTION.search(text)) and found not in dates:
            dates.append(found)
    return sorted(dates, reverse=True)[:MAX_LISTED]


def masthead_people(doc: Document) -> list[str]:
    """Names of people a masthead or staff page lists ("Jane Doe, Editor")."""
    outlet = (doc.meta_first("og:site_name") or "").casefold()
    names: list[str] = []
    seen: set[str] = set()
    for el in _content_elements(doc, frozenset(_NAME_TAGS)):
        text = element_text(el)
        if not text or len(text) > 300:
            continue
        for part in _NAME_SPLIT.split(text):
            part = part.strip(" .")
            if not (3 <= len(part) <= 40) or part.casefold() in seen:
                continue
            tokens = part.split()
            if not 2 <= len(tokens) <= 4 or part.casefold() == outlet:
                continue
            if any(t.casefold().strip(".,") in _NOT_NAME for t in tokens):
                continue
            if classify_name(part, doc, None) == "person":
                seen.add(part.casefold())
                names.append(part)
                if len(names) >= MAX_LISTED:
                    return names
    return names


def named_owners(doc: Document) -> list[str]:
    """Sentences that name who owns or funds the outlet, or the items of a funders list."""
    found: list[str] = []
    for el in _content_elements(doc, _TEXT_TAGS):
        text = element_text(el)
        for m in _OWNER.finditer(text):
            sentence = _sentence_around(text, m.start())
            if sentence not in found:
                found.append(sentence)
            if len(found) >= MAX_LISTED:
                return found
    for heading in _content_elements(doc, frozenset(("h2", "h3", "h4", "strong"))):
        label = normalize_space(element_text(heading)).casefold().rstrip(":")
        if label not in _FUNDER_HEADING:
            continue
        items = [element_text(li) for li in _list_after(heading)]
        items = [i for i in items if i and i[:1].isupper() and len(i) <= 120]
        if len(items) >= 2:
            found.append(f"{element_text(heading)}: {', '.join(items[:10])}")
    return found[:MAX_LISTED]


def same_page(a: str, b: str) -> bool:
    """Same host (less www.) and path (less a trailing slash); query and fragment ignored."""
    try:
        pa, pb = urlsplit(a), urlsplit(b)
    except ValueError:
        return False

    def norm(p: Any) -> tuple[str, str]:
        host = (p.netloc or "").lower()
        return host.removeprefix("www."), (p.path or "/").rstrip("/") or "/"

    return norm(pa) == norm(pb)


# --- helpers ----------------------------------------------------------------------------------


def _headings(doc: Document) -> Iterable[str]:
    if doc.html_title:
        yield normalize_space(doc.html_title)
    for tag in ("h1", "h2"):
        el = next(doc.tree.iter(tag), None)
        if el is not None:
            text = element_text(el)
            if text:
                yield text


def _in_chrome(el: Any) -> bool:
    node = el
    while node is not None:
        if isinstance(node.tag, str) and node.tag in _CHROME:
            return True
        node = node.getparent()
    return False


def _content_elements(doc: Document, tags: frozenset[str]) -> Iterable[Any]:
    for el in doc.tree.iter(*tags):
        if not _in_chrome(el):
            yield el


def _visible_text(doc: Document) -> str:
    body = next(doc.tree.iter("body"), None)
    return element_text(body) if body is not None else ""


def _date_in(text: str) -> str | None:
    for start in range(0, max(len(text), 1), DATE_STRIDE):
        found = parse_date(text[start : start + DATE_WINDOW], text_only=True)
        if found:
            return found[:10]
    return None


def _time_attr(el: Any) -> str | None:
    for t in el.iter("time"):
        value = t.get("datetime")
        if value and (found := parse_date(value)):
            return found[:10]
    return None


def _sentence_around(text: str, pos: int) -> str:
    for m in _SENTENCE.finditer(text):
        if m.start() <= pos < m.end():
            s = normalize_space(m.group(0))
            return s if len(s) <= 200 else s[:199] + "…"
    return text[pos : pos + 200]


def _list_after(heading: Any) -> list[Any]:
    """The <li> items of the list that follows a heading (as a sibling, or its parent's)."""
    node = heading
    for _ in range(2):
        sibling = node.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None and sibling.tag in ("ul", "ol"):
            return list(sibling.iter("li"))
        node = node.getparent()
        if node is None:
            break
    return []
