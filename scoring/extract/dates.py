"""Publication and modification dates.

Strongest source first: the JSON-LD and meta tags, checked against the date the page shows in
the article's header zone; without metadata, <time> markup, a date the text introduces as the
publication date ("Published on ..."), date-marked elements, the article's meta line or byline,
the address, and last the page's first date line and then htmldate's fast heuristics (a date
the page shows its reader is stated; those heuristics also infer one, from an image's address).

A date read from the page's address is inferred, not stated: it keeps source "url" and only the
precision the address gives ("/2019/06/" is a month). Where the metadata and the date the page
shows its reader differ by more than a day, both are kept and the shown one is reported. An ISO
timestamp's date is the one written in its own offset, never converted to UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_tz
from itertools import takewhile
from typing import Any

from lxml import etree

from scoring.data import load_toml
from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    is_below,
    make_quote,
    normalize_space,
)
from scoring.extract.authorship import article_objects
from scoring.extract.bylines import Zone, find_zone, following, zone_elements
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
# "02.12.19": a two-digit year, only where nothing else is written around it.
_DMY_SHORT = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\w.])")
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_SLASHED = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_MDY_SLASH = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_TEXT_MDY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# What follows the month in _TEXT_MDY: where it is not in a value, the month names (tried at
# every word) need not be.
_MDY_TAIL = re.compile(r"\s\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b", re.I)
_TEXT_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?({_MONTH_ALT})\.?[,،]?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)")
_URL_MONTH = re.compile(rf"/((?:19|20)\d{{2}})/({_MONTH_ALT})/(\d{{1,2}})(?:/|$)", re.I)
# "/23-01-2022-title": a day first; where day and month could swap, the address tells neither.
_URL_DMY = re.compile(r"/(\d{1,2})[-.](\d{1,2})[-.]((?:19|20)\d{2})(?:[/_.-]|$)")
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
    "dc:date",
    "dcterms.issued",
    "dcterms:issued",
    "dc.issued",
    "dc:issued",
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
    "originalpublicationdate",
    "rnews:datepublished",
    "dc.date.publication",
    "dcterms.date",
    "dc.created",
    "dcsext.articlefirstpublished",
    "og:pubdate",
    "og:publish_date",
    "og:datepublished",
    "published-date",
    "published_date",
    "publisheddate",
    "publication_date",
    "publish_time",
    "date_published",
    "article_date_original",
    "shareaholic:article_published_time",
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
MAX_METADATA_DATES = 8
MAX_SHOWN_DATES = 3  # dates read from the header zone
MAX_ZONE_ELEMENTS = 200  # elements looked at between the headline and the body (as bylines)
MAX_SHOWN_CHARS = 100
MIN_LINE_CHARS, MAX_LINE_CHARS = 6, 52  # a date line, not a sentence
MAX_FALLBACK_CHARS = 250_000  # what the fallback reads of a page
_DIGIT = re.compile(r"\d")
MAX_MARKED = 50  # <time> and date-marked elements checked for the header zone
MAX_MARKED_CHARS = 200  # the text of a date-marked element, not a container
# Every text node of the page, as libxml2 keeps them (a removed comment leaves two nodes where
# lxml's .text/.tail joins them): the candidates for a date line. Filtering them in Python is
# several times faster than XPath string functions (translate, normalize-space) on every node.
_TEXT_NODES = etree.XPath("//text()", smart_strings=False)
_ASCII_DIGIT = re.compile(r"[0-9]")
_XML_SPACE = re.compile(r"[ \t\n\r]+")  # what XPath's normalize-space() collapses
_DATES_DATA = load_toml("dates.toml")
# The labels' first letters: a lookahead for them spares trying every label at every word start.
_LABEL_FIRSTS = "".join(
    sorted({w[0] for k in ("published_words", "date_labels") for w in _DATES_DATA[k]})
)
# "Published on 14 June 2019", "Datum: 18.10.2021": a date the text itself names as the
# publication date. The date must follow within a few words.
_LABELLED = re.compile(
    r"(?<!\w)(?=["
    + re.escape(_LABEL_FIRSTS)
    + r"])(?:(?:"
    + "|".join(re.escape(w) for w in sorted(_DATES_DATA["published_words"], key=len, reverse=True))
    + r")\s*:?|(?:"
    + "|".join(re.escape(w) for w in sorted(_DATES_DATA["date_labels"], key=len, reverse=True))
    + r")\s*:)\s*",
    re.I,
)
LABELLED_REACH = 40  # characters after the label where its date must start
_MODIFIED_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in load_toml("dates.toml")["modified_words"]) + r")",
)


def extract_dates(doc: Document) -> Dates:
    dates = Dates()
    zone = find_zone(doc)
    candidates = [
        *_json_ld(doc, "datePublished"),
        *_json_ld(doc, "dateCreated"),
        *_meta(doc, PUBLISHED_META),
    ][:MAX_METADATA_DATES] or list(_itemprop(doc, "datePublished"))[:MAX_METADATA_DATES]
    url_date = _first(_url(doc))
    published: Found | None
    if candidates:
        published = _against_shown(candidates, shown_dates(doc, zone), dates)
        unshown = published is candidates[0] and dates.shown_published is None
        if unshown and url_date and _days_apart(published[0], url_date[0]) == 1:
            # Metadata in UTC can fall a day off the local date the URL (and the reader) sees.
            published = (url_date[0], published[1], published[2])
    else:
        # <time> markup: under the headline first, then in the article, then anywhere.
        shown_times = [
            (s.readings[0], s.source, s.quote) for s in shown_dates(doc, zone) if s.source == "time"
        ]
        published = _first(shown_times, _time_elements(doc, zone))
        if published is None:
            text = _first(_labelled(doc), _text(doc, zone), _meta_line(doc, zone))
            if url_date and text and text[0][:10] == url_date[0][:10]:
                url_date = text  # the page states the day its address carries
            published = url_date or text or _first(_page_search(doc), _htmldate(doc))
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


def _against_shown(candidates: list[Found], shown: list[Shown], dates: Dates) -> Found:
    """The metadata's date, checked against the dates the page shows near its headline.

    Pages carry several metadata dates; the one the page also shows is the publication date.
    Where the page shows one date and the metadata another, the page is what the reader sees:
    a day apart, the metadata is in another time zone (UTC) than the page; further apart, both
    are recorded and the shown one is reported. Where the header zone shows several different
    dates (an events list, a timeline), none of them is taken over the metadata.
    """
    metadata = candidates[0]
    if not shown:
        return metadata
    readings = {r[:10] for s in shown for r in s.readings}
    for found in candidates:
        if found[0][:10] in readings:
            return found
    first = shown[0]
    single = len({s.readings[0][:10] for s in shown}) == 1
    gap, reading = min((_days_apart(metadata[0], r), r) for r in first.readings)
    if gap == 1 and single:
        return reading, first.source, first.quote
    if gap > 1:
        dates.metadata_published, dates.shown_published = metadata[0], first.readings[0]
        dates.shown_quote = first.quote
        if single:
            return first.readings[0], first.source, first.quote
    return metadata


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
    # One pass over the page's itemprop values serves both properties: an attribute test in an
    # XPath predicate costs far more on large pages.
    props: dict[str, list[Any]] | None = doc.__dict__.get("_itemprops")
    if props is None:
        props = doc.__dict__["_itemprops"] = {}
        for v in doc.itemprops:
            props.setdefault(str(v), []).append(v.getparent())
    for el in props.get(prop, ()):
        value = el.get("content") or el.get("datetime") or element_text(el)
        if value and (d := parse_date(value)):
            yield d, "markup", None


def _times(doc: Document) -> list[Any]:
    """The page's <time> elements in page order, found once for the several readers here."""
    times: list[Any] | None = doc.__dict__.get("_times")
    if times is None:
        times = doc.__dict__["_times"] = list(doc.tree.iter("time"))
    return times


def _time_elements(doc: Document, zone: Zone) -> Iterable[Found]:
    # Times near the article (its container), not the page header's clock, a related rail or a
    # comment.
    if not _times(doc):
        return
    region = doc.body.getparent() if doc.body.getparent() is not None else doc.body
    times = [t for t in region.iter("time") if not zone.excluded(t, page_parts=False)] or [
        t for t in _times(doc)[:MAX_MARKED] if not zone.excluded(t, page_parts=False)
    ]
    # A <time> marked as the publication time wins over the first one on the page.
    times = [t for t in times if not _MODIFIED_CLASS.search(classes_of(t))] or times
    times.sort(key=lambda t: 0 if t.get("pubdate") is not None or "publish" in classes_of(t) else 1)
    for t in times[:5]:
        value = t.get("datetime") or element_text(t)
        if value and (d := parse_date(value)):
            yield d, "time", _quote(t)


def _time_modified(doc: Document) -> Iterable[Found]:
    """<time class="updated"> and the like, as most blog themes print under the headline."""
    for t in _times(doc):
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
        m = _URL_DMY.search(url)
        if m and int(m.group(1)) > 12 and (d := _ymd(m.group(3), m.group(2), m.group(1))):
            yield d, "url", None


@dataclass
class Shown:
    """A date the page shows its reader near the headline, with every reading of it
    ("03/05/2022" is March 5th or May 3rd)."""

    readings: list[str]
    source: str  # "time" or "text"
    quote: Quote | None


def shown_dates(doc: Document, zone: Zone | None = None) -> list[Shown]:
    """The dates the article's header zone shows its reader, in page order: between the
    headline and the body, or in the article's own header or footer. Dates in rails, comments,
    captions and embedded posts, and dates marked as an update, are left out."""
    zone = zone or find_zone(doc)
    if zone.headline is None:
        return []
    found: dict[Any, None] = {}
    for el in (*_times(doc)[:MAX_MARKED], *doc.marked("date")[:MAX_MARKED]):
        if zone.in_header(el):
            found[el] = None
    for el in _header_elements(doc, zone):
        if el.tag == "time" or ((text := el.text) and _DIGIT.search(text)):
            found[el] = None
        if (tail := el.tail) and _DIGIT.search(tail) and (parent := el.getparent()) is not None:
            found[parent] = None
    out: list[Shown] = []
    taken: list[Any] = []
    for el in sorted(found, key=zone.key):
        if any(is_below(el, t) for t in taken):
            continue
        text = _short_text(el, MAX_SHOWN_CHARS)
        value = (el.get("datetime") if el.tag == "time" else None) or text
        if not value or not text or len(value) > MAX_SHOWN_CHARS:
            continue
        if _MODIFIED_CLASS.search(classes_of(el)) or _MODIFIED_WORDS.search(
            (text + " " + _text_before(el)).casefold()
        ):
            continue  # "Updated March 14": not the publication date
        readings = _readings(value, text_only=el.tag != "time")
        # Whether it sits in a rail or a teaser card is asked last: that can read a whole card.
        if readings and not zone.excluded(el):
            quote = make_quote(text, 0, len(text))  # text is the element's text: its quote
            out.append(Shown(readings, "time" if el.tag == "time" else "text", quote))
            taken.append(el)
            if len(out) >= MAX_SHOWN_DATES:
                break
    return out


def _header_elements(doc: Document, zone: Zone) -> Iterable[Any]:
    """The elements after the headline, up to the body text: the first long paragraph, or the
    start of the body region where that comes later (a standfirst can precede the date line)."""
    head = zone.key(zone.headline)
    ends = [e for e in (zone.body_start, doc.body) if e is not None and zone.key(e) > head]
    end = max(ends, key=zone.key) if ends else None
    if end is zone.body_start:
        return zone_elements(zone)  # the same walk, which the byline search has made
    return takewhile(lambda el: el is not end, following(zone.headline, MAX_ZONE_ELEMENTS))


def _short_text(el: Any, limit: int) -> str | None:
    """The element's text where it is at most `limit` characters; a large container (a whole
    article marked "date") is left without reading all of it."""
    if not len(el):  # no children: the element's text is its own text, folded
        own = el.text or ""
        if len(own.strip()) > limit:
            return None
        text = normalize_space(own)
        return text if len(text) <= limit else None
    total = 0
    for piece in el.itertext():
        total += len(piece.strip())
        if total > limit:
            return None
    text = element_text(el)
    return text if len(text) <= limit else None


def _text_before(el: Any) -> str:
    """The words just before an element ("Updated <time>...")."""
    prev = el.getprevious()
    if prev is not None:
        return prev.tail or ""
    parent = el.getparent()
    return (parent.text or "") if parent is not None else ""


def _readings(value: str, text_only: bool = False) -> list[str]:
    """Every date a written value can mean: day and month swapped where both are 12 or less."""
    d = parse_date(value, text_only=text_only)
    if not d:
        return []
    m = _DMY_NUM.search(value) or _MDY_SLASH.search(value)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12:
        swapped = _ymd(d[:4], d[8:10], d[5:7])
        return [d, swapped] if swapped else [d]
    return [d]


def _url_month(doc: Document) -> Iterable[Found]:
    for url in (doc.url, doc.canonical_url or ""):
        full = _URL_DATE.search(url)
        if full and not _ymd(*full.groups()):
            continue  # an impossible day ("/2016/02/30/"): the address holds no date
        m = _URL_YEAR_MONTH.search(url)
        if m and (d := _ymd(m.group(1), m.group(2), "1")):
            yield d[:7], "url", None


def _text(doc: Document, zone: Zone) -> Iterable[Found]:
    """Dates written in elements marked as a date, in the article rather than in the page's
    rails, menus and header (the byline's and meta line's dates are _meta_line's)."""
    seen = 0
    holders = _body_holders(doc)
    before_headline = _masthead_test(doc, zone)
    for el in doc.marked("date"):
        if _away_from_article(el, holders) or before_headline(el):
            continue
        text = _short_text(el, MAX_MARKED_CHARS)
        # A date element may keep its full date in a tooltip and show "3 days ago", or keep
        # its moment in a data attribute (a Unix time, or an ISO date).
        title = (el.get("title") or "").strip()
        stamp = (el.get("data-utime") or el.get("data-timestamp") or "").strip()
        if not text and not title and not stamp:
            continue
        seen += 1
        d = (
            (text and parse_date(text, text_only=True))
            or (title and parse_date(title, text_only=True))
            or (stamp and parse_date(stamp))
        )
        if d:
            yield d, "text", make_quote(text, 0, len(text)) if text else _quote(el)
        if seen > 20:
            return


def _masthead_test(doc: Document, zone: Zone) -> Callable[[Any], bool]:
    """Whether an element sits in the page's masthead: before the headline, in a branch of the
    page that holds nothing of the headline (they meet only at <body>). A date there is the
    site's clock, today's date, whatever the element's own name ("header_date")."""
    headline = zone.headline
    if headline is None:
        return lambda el: False
    page = doc.tree.find("body")
    lines = set(headline.iterancestors()) - {page, doc.tree}
    head = zone.key(headline)

    def in_masthead(el: Any) -> bool:
        if el in lines or zone.key(el) >= head:
            return False
        return not any(a in lines for a in el.iterancestors())

    return in_masthead


def _body_holders(doc: Document) -> set[Any]:
    """The body region and the elements around it, and the header that holds the headline
    (the article's header, whatever its class: "header-wrapper", "post-header"); found once
    for the searches that ask."""
    found: set[Any] | None = doc.__dict__.get("_body_holders")
    if found is None:
        found = doc.__dict__["_body_holders"] = _find_body_holders(doc)
    return found


def _find_body_holders(doc: Document) -> set[Any]:
    holders = {doc.body, *doc.body.iterancestors()}
    header = find_zone(doc).header  # the <header>, or a block classed as one, around the headline
    if header is not None:
        holders.add(header)
    return holders


def _meta_line(doc: Document, zone: Zone) -> Iterable[Found]:
    """The first date in the article's meta line: a short element marked as a byline or as a
    meta line ("By Jane Doe | 3 May 2021", "Beitrag von jana » 21.01.2025, 05:42"), where a page
    without date markup prints its date. A comment's, a rail's or a site header's meta line is
    not the article's, and a date after "Updated" is no publication date."""
    holders = _body_holders(doc)
    marked = [*doc.marked("meta")[:MAX_MARKED], *doc.marked("author")[:MAX_MARKED]]
    for el in sorted(dict.fromkeys(marked), key=zone.key):  # in page order
        if _MODIFIED_CLASS.search(classes_of(el)):
            continue
        text = _short_text(el, MAX_MARKED_CHARS)
        digit = _DIGIT.search(text) if text else None
        if not text or not digit or _MODIFIED_WORDS.search(text[: digit.start()].casefold()):
            continue
        if (d := parse_date(text, text_only=True)) and not (
            _away_from_article(el, holders) or zone.excluded(el, page_parts=False)
        ):
            yield d, "text", make_quote(text, 0, len(text))
            return


def _labelled(doc: Document) -> Iterable[Found]:
    """The first date the article's text introduces as its publication date."""
    text = doc.body_text
    for m in _LABELLED.finditer(text):
        after = text[m.end() : m.end() + LABELLED_REACH]
        if (d := parse_date(after, text_only=True)) is not None:
            yield d, "text", make_quote(text, m.start(), m.end() + len(after))
            return


def _page_search(doc: Document) -> Iterable[Found]:
    """The first date written as a short line of its own anywhere on the page: where a page
    has no date markup at all, its date line is usually the first date it shows."""
    for line in _TEXT_NODES(doc.tree):
        if len(line) <= MIN_LINE_CHARS or not _ASCII_DIGIT.search(line):
            continue
        text = normalize_space(line)
        if (
            MIN_LINE_CHARS < len(text) < MAX_LINE_CHARS
            and MIN_LINE_CHARS < _xpath_length(line) < MAX_LINE_CHARS
            and (d := parse_date(text, text_only=True))
        ):
            yield d, "text", make_quote(text, 0, len(text))
            return


def _xpath_length(text: str) -> int:
    """string-length(normalize-space()): only XML's four space characters are collapsed."""
    return len(_XML_SPACE.sub(" ", text).strip(" "))


def _htmldate(doc: Document) -> Iterable[Found]:
    """Last resort, on the pages the cascade above leaves undated: htmldate's markup
    heuristics, in its fast mode.

    Its extensive search (a free-text pass and a general date parser over the whole page) cost
    tens of milliseconds on a typical undated page and seconds on a few, for dates the engine's
    own search of the page's date lines finds as well. It is given bytes: given a string that
    looks like an address, htmldate would fetch it, and the engine never fetches.
    """
    from htmldate import find_date

    try:
        value = find_date(
            doc.source[:MAX_FALLBACK_CHARS].encode("utf-8"),
            url=doc.url or None,
            original_date=True,
            extensive_search=False,
        )
    except Exception:  # a heuristic library must not take the engine down on an odd page
        return
    # A bare year found in running text comes back as January 1st: that is a guess, not a date.
    if value and not value.endswith("-01-01") and (d := parse_date(value)):
        yield d, "htmldate", None


def _away_from_article(el: Any, body_holders: set[Any]) -> bool:
    """In a site header's clock, a menu, a footer or a most-read rail: not this article's date.
    A container that holds the article (`body_holders`: the body region and its ancestors,
    and the header around the headline) is the article's own, whatever its class says:
    "layout-sidebar-second" around the whole story names a page layout, not a rail."""
    node = el
    while node is not None:
        tag = node.tag
        if tag in ("article", "main") or node in body_holders:
            return False
        if tag in ("nav", "aside", "footer", "header") or (
            # The date element's own class names what it is ("date-header"): where it sits
            # is its containers' to say.
            node is not el and _RAIL.search(classes_of(node))
        ):
            return True
        node = node.getparent()
    return False


def _quote(el: Any) -> Quote | None:
    text = element_text(el)
    return make_quote(text, 0, len(text)) if text else None


def parse_date(value: str, text_only: bool = False) -> str | None:
    """An ISO date (with time where the source gives one) from the common ways pages write it."""
    s = value.strip()[:200]
    if not _DIGIT.search(s):
        return None  # every way of writing a date below has a digit
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
        # _ISO, first of the patterns below, was searched above: it finds the same date again.
    for pattern, order in _TEXT_PATTERNS if text_only else _TEXT_PATTERNS[1:]:
        if pattern is _TEXT_MDY and not _MDY_TAIL.search(s):
            continue
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
        elif order == "dmy-short":
            century = 2000 if int(c) <= date.today().year % 100 + 1 else 1900
            d = _ymd(str(century + int(c)), b, a)
        else:
            d = _ymd(c, a, b) or _ymd(c, b, a)
        if d:
            return d
    return None


# The ways a date is written in text, in the order they are tried.
_TEXT_PATTERNS = (
    (_ISO, "ymd"),
    (_CJK_DATE, "ymd"),
    (_TEXT_MDY, "mdy-text"),
    (_TEXT_DMY, "dmy-text"),
    (_DMY_NUM, "dmy"),
    (_SLASHED, "ymd"),
    (_MDY_SLASH, "mdy"),
    (_DMY_SHORT, "dmy-short"),
)


def _ymd(y: str, m: str, d: str) -> str | None:
    try:
        value = date(int(y), int(m), int(d))
    except ValueError:
        return None
    if value.year < MIN_YEAR or value.year > 2100:
        return None
    return value.isoformat()
