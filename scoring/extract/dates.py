"""Publication and modification dates. Strongest source first: JSON-LD, meta tags, time markup,
the URL, then dates written in the byline area.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
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


def extract_dates(doc: Document) -> Dates:
    dates = Dates()
    published = _first(
        _json_ld(doc, "datePublished"),
        _json_ld(doc, "dateCreated"),
        _meta(doc, PUBLISHED_META),
        _itemprop(doc, "datePublished"),
        _time_elements(doc),
        _url(doc),
        _text(doc),
        _htmldate(doc),
    )
    if published:
        dates.published, dates.published_source, dates.published_quote = published
        url_date = next(iter(_url(doc)), None)
        if (
            url_date
            and published[1] in ("json-ld", "meta")
            and _days_apart(published[0], url_date[0]) == 1
        ):
            # Metadata in UTC can fall a day off the local date the URL (and the reader) sees.
            dates.published, dates.published_source = url_date[0], "url"
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
    """Last resort, on the few pages the cascade above leaves undated: htmldate's heuristics."""
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
        m = _COMPACT.fullmatch(s)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3))
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
