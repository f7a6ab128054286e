"""Publication and modification dates. Strongest source first: JSON-LD, meta tags, time markup,
the URL, then dates written in the byline area.

A date read from the page's address is inferred, not stated: it keeps source "url" and only the
precision the address gives ("/2019/06/" is a month). Where the metadata and the date the page
shows its reader differ by more than a day, both are kept and the shown one is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.utils import parsedate_tz
from typing import Any

from scoring.data import load_toml
from scoring.document import Document, class_pattern, classes_of, element_text, make_quote
from scoring.extract.authorship import article_objects
from scoring.facts import Dates
from scoring.report import Quote

_MONTHS: dict[str, int] = {
    name.casefold(): number
    for number, names in enumerate(load_toml("dates.toml")["months"], start=1)
    for name in names
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2}))?(?!\d)")
_DMY_NUM = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_SLASHED = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_MDY_SLASH = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_TEXT_MDY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_TEXT_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)")
_URL_MONTH = re.compile(rf"/((?:19|20)\d{{2}})/({_MONTH_ALT})/(\d{{1,2}})(?:/|$)", re.I)
_URL_COMPACT = re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)")
# "/2019/06/": a month, not a day; the address says nothing finer.
_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})/")
# Seconds (or milliseconds) since 1970, as some templates write article:published_time.
_UNIX_TIME = re.compile(r"\d{10}|\d{13}")
# RFC 2822 and Unix `date` output: "Sun, 23 Nov 2014 16:00:00 -0400",
# "Sun Nov 23 16:00:00 EDT 2014".
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},?\s+)?(?:\d{1,2}\s+[A-Za-z]{3}|[A-Za-z]{3}\s+\d{1,2})\s")
_RAIL = class_pattern(
    r"header|masthead|site-header|topbar|top-bar|navbar|menu|footer|sidebar|most-read|"
    r"most-popular|popular|related|trending|teaser|recommend"
)
_MODIFIED_CLASS = class_pattern(r"updated?|modified|last-modified|dateupdated|date-updated")

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "sailthru.date",
    "parsely-pub-date",
    "published_time",
    "article.published",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "date.release",
    "displaydate",
    "release_date",
    "og:article:published_time",
    "citation_publication_date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "modified_time",
    "og:article:modified_time",
)
MIN_YEAR = 1990
MAX_SHOWN_CANDIDATES = 10
MAX_SHOWN_CHARS = 80
_MODIFIED_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in load_toml("dates.toml")["modified_words"]) + r")",
)


def extract_dates(doc: Document) -> Dates:
    dates = Dates()
    metadata = _first(
        _json_ld(doc, "datePublished"),
        _json_ld(doc, "dateCreated"),
        _meta(doc, PUBLISHED_META),
        _itemprop(doc, "datePublished"),
    )
    url_date = _first(_url(doc))
    published = metadata or _first(_time_elements(doc))
    if published is None:
        text = _first(_text(doc))
        if url_date and text and text[0][:10] == url_date[0][:10]:
            url_date = text  # the page states the day its address carries
        published = url_date or text or _first(_htmldate(doc))
    shown = _shown_in_header(doc) if metadata else None
    if metadata and shown and min(_days_apart(metadata[0], d) for d in shown[1]) > 1:
        # The page tells its reader one date and its metadata another: keep both. The metadata
        # stays the published date: a date shown near the headline is as often an update.
        dates.metadata_published, dates.shown_published = metadata[0], shown[1][0]
        dates.shown_quote = shown[0]
    elif metadata and url_date and _days_apart(metadata[0], url_date[0]) == 1:
        # Metadata in UTC can fall a day off the local date the URL (and the reader) sees.
        published = (url_date[0], metadata[1], metadata[2])
    if published is None and (month := _first(_url_month(doc))):
        published = month
    if published:
        dates.published, dates.published_source, dates.published_quote = published
        dates.published_precision = _precision(published[0])
    modified = _first(
        _json_ld(doc, "dateModified"),
        _meta(doc, MODIFIED_META),
        _itemprop(doc, "dateModified"),
        _time_modified(doc),
    )
    if modified:
        dates.modified, dates.modified_source, _ = modified
    return dates


Found = tuple[str, str, Quote | None]


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return -1


def _first(*candidates: Iterable[Found]) -> Found | None:
    for group in candidates:
        for found in group:
            return found
    return None


def _json_ld(doc: Document, prop: str) -> Iterable[Found]:
    for obj in article_objects(doc) or doc.json_ld:
        value = obj.get(prop)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str) and (d := parse_date(value)):
            yield d, "json-ld", None


def _meta(doc: Document, keys: tuple[str, ...]) -> Iterable[Found]:
    for key in keys:
        for value in doc.meta.get(key, ()):
            if d := parse_date(value):
                yield d, "meta", None


def _itemprop(doc: Document, prop: str) -> Iterable[Found]:
    for el in doc.tree.iterfind(f".//*[@itemprop='{prop}']"):
        value = el.get("content") or el.get("datetime") or element_text(el)
        if value and (d := parse_date(value)):
            yield d, "markup", None


def _time_elements(doc: Document) -> Iterable[Found]:
    # Times near the article (its container), not the page header's clock or a related rail.
    region = doc.body.getparent() if doc.body.getparent() is not None else doc.body
    times = list(region.iter("time")) or list(doc.tree.iter("time"))
    # A <time> marked as the publication time wins over the first one on the page.
    times = [t for t in times if not _MODIFIED_CLASS.search(classes_of(t))] or times
    times.sort(key=lambda t: 0 if t.get("pubdate") is not None or "publish" in classes_of(t) else 1)
    for t in times[:5]:
        value = t.get("datetime") or element_text(t)
        if value and (d := parse_date(value)):
            yield d, "time", _quote(t)


def _time_modified(doc: Document) -> Iterable[Found]:
    """<time class="updated"> and the like, as most blog themes print under the headline."""
    for t in doc.tree.iter("time"):
        if _MODIFIED_CLASS.search(classes_of(t)):
            value = t.get("datetime") or element_text(t)
            if value and (d := parse_date(value)):
                yield d, "time", _quote(t)


def _url(doc: Document) -> Iterable[Found]:
    for url in (doc.url, doc.canonical_url or ""):
        m = _URL_DATE.search(url) or _URL_COMPACT.search(url)
        if m and (d := _ymd(m.group(1), m.group(2), m.group(3))):
            yield d, "url", None
        m = _URL_MONTH.search(url)
        if m and (d := _ymd(m.group(1), str(_MONTHS.get(m.group(2).casefold(), 0)), m.group(3))):
            yield d, "url", None


def _shown_in_header(doc: Document) -> tuple[Quote | None, list[str]] | None:
    """The date the page shows between its headline and its body, with every reading of it:
    "03/05/2022" is March 5th or May 3rd.
    """
    body = _position(doc.body)
    h1 = doc.tree.find(".//h1")
    after = _position(h1) if h1 is not None else ()
    region = doc.body.getparent() if doc.body.getparent() is not None else doc.body
    candidates = [*region.iter("time"), *doc.marked("date")]
    for el in candidates[:MAX_SHOWN_CANDIDATES]:
        if _MODIFIED_CLASS.search(classes_of(el)) or not after < _position(el) < body:
            continue
        if any(a.tag in ("nav", "aside", "footer") for a in el.iterancestors()):
            continue
        text = element_text(el)
        value = el.get("datetime") or text
        if not value or len(value) > MAX_SHOWN_CHARS:
            continue
        if _MODIFIED_WORDS.search(text.casefold()):
            continue  # "Updated March 14": not the publication date
        readings = _readings(value)
        if readings:
            return _quote(el), readings
    return None


def _position(el: Any) -> tuple[int, ...]:
    """An element's place in document order, comparable between elements."""
    path: list[int] = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    return tuple(reversed(path))


def _readings(value: str) -> list[str]:
    """Every date a written value can mean: day and month swapped where both are 12 or less."""
    d = parse_date(value)
    if not d:
        return []
    m = _DMY_NUM.search(value) or _MDY_SLASH.search(value)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12:
        swapped = _ymd(d[:4], d[8:10], d[5:7])
        return [d, swapped] if swapped else [d]
    return [d]


def _url_month(doc: Document) -> Iterable[Found]:
    for url in (doc.url, doc.canonical_url or ""):
        m = _URL_YEAR_MONTH.search(url)
        if m and (d := _ymd(m.group(1), m.group(2), "1")):
            yield d[:7], "url", None


def _text(doc: Document) -> Iterable[Found]:
    """Dates written in elements marked as date or byline, near the top of the page."""
    seen = 0
    for el in doc.marked("date"):
        if _away_from_article(el):
            continue
        text = element_text(el)
        if not text or len(text) > 200:
            continue
        seen += 1
        if (d := parse_date(text, text_only=True)) is not None:
            yield d, "text", _quote(el)
        if seen > 20:
            return


def _htmldate(doc: Document) -> Iterable[Found]:
    """Last resort, on the few pages the cascade above leaves undated: htmldate's heuristics.

    It runs only where neither the metadata, the markup nor the address gave a day, so what it
    finds is a date written somewhere on the page.
    """
    from htmldate import find_date

    try:
        value = find_date(doc.source, url=doc.url or None, original_date=True)
    except Exception:  # a heuristic library must not take the engine down on an odd page
        return
    # A bare year found in running text comes back as January 1st: that is a guess, not a date.
    if value and not value.endswith("-01-01") and (d := parse_date(value)):
        yield d, "htmldate", None


def _away_from_article(el: Any) -> bool:
    """In a site header's clock, a menu, a footer or a most-read rail: not this article's date."""
    node = el
    while node is not None:
        tag = node.tag
        if tag in ("article", "main"):
            return False
        if tag in ("nav", "aside", "footer", "header") or _RAIL.search(classes_of(node)):
            return True
        node = node.getparent()
    return False


def _quote(el: Any) -> Quote | None:
    text = element_text(el)
    return make_quote(text, 0, len(text)) if text else None


def parse_date(value: str, text_only: bool = False) -> str | None:
    """An ISO date (with time where the source gives one) from the common ways pages write it."""
    s = value.strip()[:200]
    if not s:
        return None
    if not text_only:
        m = _ISO.search(s)
        if m:
            d = _ymd(m.group(1), m.group(2), m.group(3))
            if d and m.group(4):
                tz = m.group(7) or ""
                if tz and tz != "Z" and ":" not in tz:
                    tz = tz[:3] + ":" + tz[3:]
                sec = m.group(6) or "00"
                return (
                    f"{d}T{int(m.group(4)):02d}:{m.group(5)}:{sec}{'+00:00' if tz == 'Z' else tz}"
                )
            if d:
                return d
        if _UNIX_TIME.fullmatch(s):
            seconds = int(s) / (1000 if len(s) == 13 else 1)
            return _ymd(*datetime.fromtimestamp(seconds, UTC).strftime("%Y %m %d").split())
        m = _COMPACT.fullmatch(s)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3))
        if _RFC_2822.match(s) and (parts := parsedate_tz(s)):
            return _ymd(str(parts[0]), str(parts[1]), str(parts[2]))
    for pattern, order in (
        (_ISO, "ymd"),
        (_CJK_DATE, "ymd"),
        (_TEXT_MDY, "mdy-text"),
        (_TEXT_DMY, "dmy-text"),
        (_DMY_NUM, "dmy"),
        (_SLASHED, "ymd"),
        (_MDY_SLASH, "mdy"),
    ):
        m = pattern.search(s)
        if not m:
            continue
        a, b, c = m.group(1), m.group(2), m.group(3)
        if order == "ymd":
            d = _ymd(a, b, c)
        elif order == "mdy-text":
            d = _ymd(c, str(_MONTHS.get(a.casefold().rstrip("."), 0)), b)
        elif order == "dmy-text":
            d = _ymd(c, str(_MONTHS.get(b.casefold().rstrip("."), 0)), a)
        elif order == "dmy":
            d = _ymd(c, b, a)
        else:
            d = _ymd(c, a, b) or _ymd(c, b, a)
        if d:
            return d
    return None


def _ymd(y: str, m: str, d: str) -> str | None:
    try:
        value = date(int(y), int(m), int(d))
    except ValueError:
        return None
    if value.year < MIN_YEAR or value.year > 2100:
        return None
    return value.isoformat()
