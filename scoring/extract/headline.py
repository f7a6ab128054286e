"""The article's headline, and which source gave it.

Pages name their headline several times: the JSON-LD headline, og:title, the main <h1> and
<title>. The metadata copies usually carry the site's name ("My Title | Site", "My Title »
Site"); the <h1> is the headline the reader sees. Where the <h1> is one of the metadata titles
with the site name trimmed, it is the headline; otherwise the strongest title, trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from html import unescape
from typing import Any

from lxml import etree

from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    is_below,
    normalize_space,
    without_markup,
)
from scoring.domains import public_suffix
from scoring.extract.authorship import article_objects
from scoring.extract.dates import parse_date
from scoring.extract.elements import page_elements

# Separators between a headline and the site's name in a title.
TITLE_SEPARATORS = re.compile(
    r"\s+(?:\||–|—|-{1,2}|::?|·|•|»|«|›|‹|/|~|_)\s+|\s*(?:\||»|«|::|：|｜)\s*"
)
_WORDS = re.compile(r"\w+")
# Classes that name an entry's title: hAtom's "entry-title" and its common kin.
_TITLE_CLASS = class_pattern(r"entry-title|post-title|article-title|story-title|headline")
_CLASSED = etree.XPath("/html/body//*[@class or @id]")
# Classes of a kicker: the label set above a headline, inside its element ("Politics", "Ten
# years on"), which is no part of the headline.
_KICKER_CLASS = class_pattern(
    r"kicker|overline|topline|dachzeile|spitzmarke|eyebrow|supertitle|roofline|label|rubric|"
    r"flag|category"
)
# What separates a kicker from the headline after it.
_KICKER_GAP = " :-–—|·•/"
# A kicker before a colon at the start of a title: a few words, the colon right after the
# last ("Analysis: ", "Press release: ").
_LABEL = re.compile(r"((?:[^\s:]+\s){0,2}[^\s:]+):\s+(?=\S)")
_HOST_NAME = re.compile(r"(?:www\.)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
_DATE_ONLY = re.compile(r"[\d\s.,:/-]+(?:uhr|h|am|pm)?", re.I)
MIN_HEADLINE_WORDS = 2
# Separators between a headline and a site's name that headlines themselves do not use.
_SITE_SEPARATORS = frozenset(("|", "»", "›", "•", "·", "::", "｜"))
MAX_SITE_WORDS = 4  # the longest last part taken for a site's name not known as the site's
SITE_SHARE = 0.6  # the share of a title part the site's name must cover to be that name
MAX_HEADLINE_CHARS = 300
# Titles in metadata other than Open Graph's: Dublin Core, microdata, analytics tags.
_OTHER_META_TITLES = (
    "dc.title",
    "fb_title",
    "dc:title",
    "dcterms.title",
    "headline",
    "parsely-title",
    "sailthru.title",
    "title",
)


def extract_title(doc: Document, site_name: str | None) -> tuple[str | None, str | None]:
    """(headline, source): source is "json-ld", "meta", "h1", "title", "title-class" or
    "h2"."""
    names = _site_names(doc, site_name)
    metadata = [
        (title, source)
        for value, source in (
            (_json_ld_headline(doc), "json-ld"),
            (unescape(doc.meta_first("og:title", "twitter:title") or ""), "meta"),
            (unescape(doc.meta_first(*_OTHER_META_TITLES) or ""), "meta"),
            (doc.html_title, "title"),
        )
        if value and (title := normalize_space(without_markup(value)))
    ]
    h1, headline = _main_h1(doc, names)
    if h1:
        # The <h1> as a title writes it, with its kicker or without.
        keys = {_fold(h1), _fold(headline)}
        for value, _ in metadata:
            folded = _fold(value)
            if any(k in folded for k in keys) and any(_fold(p) in keys for p in _parts(value)):
                return headline, "h1"
    site_only: tuple[str | None, str | None] = (None, None)
    for value, source in metadata:
        trimmed = trim_site_name(value, names)
        if trimmed and _is_address(trimmed):
            continue  # an address for a title ("example.com") is no headline at all
        if trimmed and _is_site(trimmed, names):
            # A title that only names the site is the last resort, after any headline.
            site_only = site_only if site_only[0] else (trimmed, source)
        elif trimmed:
            return trimmed, source
    if h1:
        return headline, "h1"
    # A title that only names the site comes next; a page with no title at all has its first
    # heading, of even one word, for its headline: the first <h1>, else the first <h2>.
    return site_only if site_only[0] else _first_heading(doc, names) or site_only


def trim_site_name(title: str, names: set[str]) -> str | None:
    """The title without the site's name at either end ("My Title | Site" -> "My Title")."""
    title = normalize_space(title)
    # Each part with where it starts, so that parts are rejoined where they stand.
    every, start = [], 0
    seps = list(TITLE_SEPARATORS.finditer(title))
    for sep in [*seps, None]:
        end = sep.start() if sep else len(title)
        if title[start:end].strip():
            every.append((title[start:end], start))
        start = sep.end() if sep else end
    if len(every) < 2:
        return title or None
    parts = list(every)
    # The site's name and whatever follows it (a tagline, a section) close the title ...
    site = next((i for i in range(1, len(parts)) if _is_site(parts[i][0], names)), None)
    if site is not None:
        parts = parts[:site]
    # ... or open it.
    while len(parts) > 1 and _is_site(parts[0][0], names):
        parts.pop(0)
    if len(parts) == len(every):
        # Nothing recognisably the site's. A short last part after a separator that headlines
        # do not use ("My Title » My Website", "My Title | Site") is still the site's name
        # (a dash or a colon may be the headline's own), where a headline is left before it.
        rest = title[: seps[-1].start()].strip()
        if (
            seps[-1].group(0).strip() in _SITE_SEPARATORS
            and len(every[-1][0].split()) <= MAX_SITE_WORDS
            and not every[-1][0].rstrip().endswith(("?", "!"))  # a question is no site's name
            and len(rest.split()) >= MIN_HEADLINE_WORDS
        ):
            return rest
        return title  # the separators belong to the headline
    # Rejoin what is left with the separators the title used between them.
    (last, last_start) = parts[-1]
    return title[parts[0][1] : last_start + len(last)].strip() or None


def _is_site(part: str, names: set[str]) -> bool:
    """The site's name (or any host name), or a bare date and time stamped on every title
    ("31.10.2023, 10.19")."""
    stripped = part.strip()
    if _DATE_ONLY.fullmatch(stripped):
        return True
    if _is_address(stripped):
        return True  # a host name alone ("example.com") names a site, whichever it is
    key = _fold(part)
    # "Site.com" and "Site Online" are the site; "Site ideas for spring" is a headline.
    return bool(key) and any(n in key and len(n) >= SITE_SHARE * len(key) for n in names)


def _is_address(text: str) -> bool:
    """A host name alone ("example.com", "www.example.co.uk")."""
    return bool(_HOST_NAME.fullmatch(text)) and bool(public_suffix(text.lower()))


def _site_names(doc: Document, site_name: str | None) -> set[str]:
    """Folded forms of the site's name: the outlet name, og:site_name and the domain's label."""
    names = {site_name or "", doc.meta_first("og:site_name", "application-name") or ""}
    label = doc.domain.split(".")[0] if doc.domain else ""
    names |= {label, doc.domain}
    return {n for n in (_fold(x) for x in names) if n}


def _json_ld_headline(doc: Document) -> str | None:
    for obj in article_objects(doc):
        for prop in ("headline", "name"):
            value = obj.get(prop)
            if isinstance(value, str) and normalize_space(value):
                return normalize_space(unescape(value))  # templates often escape it twice
    return None


def _main_h1(doc: Document, names: set[str]) -> tuple[str | None, str | None]:
    """The page's one headline: the first <h1> in the article's region, else the page's only
    <h1>; its whole text, and the headline in it without a kicker. A logo's <h1> (the site's
    name) is no headline."""
    region = doc.body.getparent() if doc.body.getparent() is not None else doc.body
    every = page_elements(doc, "h1")
    h1s: list[Any] = [h for h in every if h is region or is_below(h, region)]
    if not h1s:
        h1s = every
        if len(h1s) != 1:
            return None, None
    for el in h1s[:3]:
        text = normalize_space(element_text(el))
        if (
            text
            and len(text) <= MAX_HEADLINE_CHARS
            and len(_WORDS.findall(text)) >= MIN_HEADLINE_WORDS
            and not _is_site(text, names)
        ):
            return text, _without_stamp(_without_kicker(el, text))
    return None, None


def _without_stamp(headline: str) -> str:
    """The headline without a full date stamped before or after it ("23.01.2022 - Title"):
    the date the page carries, not part of what it is called. A year alone ("2024 - ...") or
    a number that is no date ("9/11 - ...") is the headline's own."""
    seps = list(TITLE_SEPARATORS.finditer(headline))
    if not seps:
        return headline
    first, last = seps[0], seps[-1]
    for stamp, rest in (
        (headline[: first.start()], headline[first.end() :]),
        (headline[last.end() :], headline[: last.start()]),
    ):
        stamp = stamp.strip()
        if (
            _DATE_ONLY.fullmatch(stamp)
            and parse_date(stamp, text_only=True)
            and len(_WORDS.findall(rest)) >= MIN_HEADLINE_WORDS
        ):
            return rest.strip()
    return headline


def _without_kicker(h1: Any, text: str) -> str:
    """The headline in an <h1> (whose text is `text`) without the kicker that opens it: a
    first child marked as a kicker, overline or label, or a <small> line ended by a <br>
    ("<small>Week in review</small><br>Council approves ..."). Wrappers around the whole
    headline (a lone <span>) are looked through."""
    node = h1
    for _ in range(3):
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or (node.text or "").strip():
            return text
        first = children[0]
        if len(children) == 1 and not (first.tail or "").strip():
            node = first  # a wrapper: the headline is inside it
            continue
        second = first.getnext()
        if not (
            _KICKER_CLASS.search(classes_of(first))
            or (first.tag == "small" and second is not None and second.tag == "br")
        ):
            return text
        kicker = normalize_space(element_text(first))
        if not kicker or not text.startswith(kicker):
            return text
        rest = text[len(kicker) :].lstrip(_KICKER_GAP)
        return rest if len(_WORDS.findall(rest)) >= MIN_HEADLINE_WORDS else text
    return text


def _first_heading(doc: Document, names: set[str]) -> tuple[str, str] | None:
    """The first <h1> with text that is not the site's name, else the first such element
    classed as the entry's title (hAtom's "entry-title", "post-title" ...), else <h2>."""
    candidates: dict[str, Callable[[], Iterable[Any]]] = {
        "h1": lambda: page_elements(doc, "h1"),
        "title-class": lambda: (
            el for el in _CLASSED(doc.tree) if _TITLE_CLASS.search(classes_of(el))
        ),
        "h2": lambda: doc.tree.iter("h2"),
    }
    for source, elements in candidates.items():
        for el in elements():
            text = normalize_space(element_text(el))
            if text and len(text) <= MAX_HEADLINE_CHARS and not _is_site(text, names):
                return text, source
    return None


def _parts(title: str) -> list[str]:
    """The title whole, and every run of its separated parts. What follows a short label and
    a colon at the start ("Press release: Title", "SCIENCE: Title") is a part too, with the
    runs it starts: a kicker that the title puts before the headline the page shows. (The
    label alone is no part: a blog's title "Blog Name: Post" names the blog there.)"""
    title = normalize_space(title)
    parts = TITLE_SEPARATORS.split(title)
    runs = [title, *_runs(parts)]
    label = _LABEL.match(parts[0])
    if label:
        runs += _runs([parts[0][label.end() :], *parts[1:]])
    return runs


def _runs(parts: list[str]) -> list[str]:
    """Every run of consecutive parts, joined."""
    return [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]


@lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    """Casefolded word characters only. A page's titles are folded part by part, several times
    over (each part on its own and in every run of parts): each text once."""
    return "".join(_WORDS.findall(text.casefold()))
