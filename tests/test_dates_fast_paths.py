"""The date reader's shortcuts give what the plain way gives, on random values and pages made
up here: parse_date with its prechecks equals every pattern tried in turn, and the header
zone's elements taken from the byline search equal a walk from the headline, and the short
text of an element without children equals its full reading."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from email.utils import parsedate_tz
from html import escape
from itertools import takewhile
from typing import Any

import pytest

from scoring.document import Document, element_text
from scoring.extract import dates as D
from scoring.extract.bylines import _ZONE_ELEMENTS, Zone, find_zone, following, zone_elements

_TOKENS = [
    *sorted(D._MONTHS)[::3],
    "Mar.",
    "SEPT",
    "de",
    "le",
    "Published",
    "Updated",
    "st",
    "nd",
    "th",
    "T",
    "Z",
    "+02:00",
    "-0500",
    "年",
    "月",
    "日",
    "년",
    "월",
    "일",
    "١٢",
    "٢٠١٩",
    "２０２０",
    "x",
    "Mon,",
    "Sun",
    "EDT",
]
_SEPARATORS = [" ", "  ", "\u00a0", "\t", "\n", ".", ". ", "/", "-", ",", ", ", ":", "", "_"]


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return str(rng.randint(1, 31))
    if kind < 0.4:
        return f"{rng.randint(1, 12):02d}"
    if kind < 0.75:
        return str(rng.choice([rng.randint(1985, 2035), rng.randint(0, 9999)]))
    if kind < 0.85:
        return f"{rng.randint(0, 99):02d}"
    if kind < 0.92:
        return str(rng.randint(10**9, 2 * 10**9)) + rng.choice(["", "123"])
    return f"{rng.randint(1990, 2030)}{rng.randint(1, 12):02d}{rng.randint(1, 31):02d}"


def _date_like(rng: random.Random) -> str:
    """A date in one of the ways pages write one, now and then impossible (day 32, month 13)."""
    y, m, d = rng.randint(1985, 2035), rng.randint(1, 13), rng.randint(1, 32)
    name = rng.choice(sorted(D._MONTHS))
    if rng.random() < 0.3:
        name = name.upper() if rng.random() < 0.5 else name.capitalize()
    dot = rng.choice(["", "."])
    comma = rng.choice(["", ","])
    suffix = rng.choice(["", "", "st", "nd", "th", "er", ".", "ND", "Rd"])
    sep = rng.choice(["-", "/", "."])
    return rng.choice(
        [
            f"{y}{sep}{m:02d}{sep}{d}",
            f"{y}-{m}-{d}T{rng.randint(0, 23)}:{rng.randint(0, 59):02d}{rng.choice(['', 'Z'])}",
            f"{d}.{dot and ' '}{m}.{y}",
            f"{m}/{d}/{y}",
            f"{name}{dot} {d}{suffix}{comma} {y}",
            f"{d}{suffix} {rng.choice(['', 'de '])}{name}{dot}{comma} {y}",
            f"{y}年{m}月{d}日",
            f"{d}.{m}.{y % 100:02d}",
        ]
    )


def _value(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 6)):
        token = _number(rng) if rng.random() < 0.5 else rng.choice(_TOKENS)
        if rng.random() < 0.2:
            token = token.upper() if rng.random() < 0.5 else token.capitalize()
        parts.append(token)
        parts.append(rng.choice(_SEPARATORS))
    if rng.random() < 0.7:
        parts.insert(rng.randint(0, len(parts)), _date_like(rng) + rng.choice(_SEPARATORS))
    return "".join(parts)


def _plain_parse_date(value: str, text_only: bool = False) -> str | None:
    """parse_date without its shortcuts: every pattern tried in turn."""
    s = value.strip()[:200]
    if not s:
        return None
    if not text_only:
        m = D._ISO.search(s)
        if m:
            d = D._ymd(m.group(1), m.group(2), m.group(3))
            if d and m.group(4):
                tz = m.group(7) or ""
                if tz and tz != "Z" and ":" not in tz:
                    tz = tz[:3] + ":" + tz[3:]
                sec = m.group(6) or "00"
                zone = "+00:00" if tz == "Z" else tz
                return f"{d}T{int(m.group(4)):02d}:{m.group(5)}:{sec}{zone}"
            if d:
                return d
        if D._UNIX_TIME.fullmatch(s):
            seconds = int(s) / (1000 if len(s) == 13 else 1)
            return D._ymd(*datetime.fromtimestamp(seconds, UTC).strftime("%Y %m %d").split())
        m = D._COMPACT.fullmatch(s)
        if m:
            return D._ymd(m.group(1), m.group(2), m.group(3))
        if D._RFC_2822.match(s) and (parts := parsedate_tz(s)):
            return D._ymd(str(parts[0]), str(parts[1]), str(parts[2]))
    for pattern, order in D._TEXT_PATTERNS:
        m = pattern.search(s)
        if not m:
            continue
        a, b, c = m.group(1), m.group(2), m.group(3)
        if order == "ymd":
            d = D._ymd(a, b, c)
        elif order == "mdy-text":
            d = D._ymd(c, str(D._MONTHS.get(a.casefold().rstrip("."), 0)), b)
        elif order == "dmy-text":
            d = D._ymd(c, str(D._MONTHS.get(b.casefold().rstrip("."), 0)), a)
        elif order == "dmy":
            d = D._ymd(c, b, a)
        elif order == "dmy-short":
            century = 2000 if int(c) <= date.today().year % 100 + 1 else 1900
            d = D._ymd(str(century + int(c)), b, a)
        else:
            d = D._ymd(c, a, b) or D._ymd(c, b, a)
        if d:
            return d
    return None


_FIXED = [
    "",
    "   ",
    "no date here",
    "March 3, 2021",
    "march 3rd 2021",
    "Published 14 June 2019, 10:32",
    "3 mars 2020",
    "2019-06-14T10:32:00+0200",
    "2019-02-30 then 2019-03-01",
    "1560508320",
    "1560508320123",
    "20190614",
    "Sun, 23 Nov 2014 16:00:00 -0400",
    "2022年3月5日",
    "٢٠١٩-٠٦-١٤",
    "Oct\u00a012,\u00a02020",
    "Sept. 31, 2020 or 1 Oct 2020",
    "03/05/2022",
    "02.12.19",
]


@pytest.mark.parametrize("text_only", [False, True])
def test_parse_date_equals_every_pattern_tried(text_only: bool) -> None:
    rng = random.Random(5)
    values = _FIXED + [_value(rng) for _ in range(6000)]
    found = 0
    for value in values:
        expected = _plain_parse_date(value, text_only)
        assert D.parse_date(value, text_only) == expected, value
        found += expected is not None
    assert found > 1000  # the values are dates often enough to test something


_LONG = "The council met on Tuesday evening and agreed the plan after a long debate in the hall. "


def _block(rng: random.Random, depth: int) -> str:
    kind = rng.random()
    if depth > 3 or kind < 0.35:
        return rng.choice(
            [
                "<p>Short line 12</p>",
                f"<p>{_LONG * rng.randint(1, 3)}</p>",
                "<span>By Ann Lee</span> on 3 May 2021",
                '<time datetime="2021-05-03">May 3</time>',
                "<em>Updated</em> 4 May 2021<br>",
                '<div class="date">05/03/2021</div>',
                "<img src=a.jpg>",
                "",
            ]
        )
    tag = rng.choice(["div", "section", "header", "article", "main", "aside", "footer"])
    cls = rng.choice(["", ' class="article-body"', ' class="content"', ' class="meta"'])
    inner = "".join(_block(rng, depth + 1) for _ in range(rng.randint(0, 12)))
    if rng.random() < 0.2:
        inner += "<h1>Council approves the plan</h1>"
    return f"<{tag}{cls}>{inner}</{tag}>"


def _plain_header_elements(doc: Document, zone: Zone) -> list[Any]:
    """Every element after the headline up to the body text, walked from the headline."""
    head = zone.key(zone.headline)
    ends = [e for e in (zone.body_start, doc.body) if e is not None and zone.key(e) > head]
    end = max(ends, key=zone.key) if ends else None
    return list(takewhile(lambda el: el is not end, following(zone.headline, D.MAX_ZONE_ELEMENTS)))


@pytest.mark.parametrize("bylines_first", [False, True])
def test_header_elements_equal_the_walk_from_the_headline(bylines_first: bool) -> None:
    rng = random.Random(9)
    shared = walked = 0
    for _ in range(400):
        body = "".join(_block(rng, 0) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.3:
            body = "<p>x</p>" * rng.randint(150, 260) + body
        html = (
            f"<html><head><title>Council approves the plan</title></head><body>{body}</body></html>"
        )
        d = Document.parse(html, "https://news.example/a")
        zone = find_zone(d)
        if zone.headline is None:
            continue
        if bylines_first:
            zone_elements(zone)
        elements = D._header_elements(d, zone)
        # The byline search's list where both end at the body start, else a walk of its own.
        shared += elements is zone._elements
        walked += elements is not zone._elements
        assert list(elements) == _plain_header_elements(d, zone), html
    assert shared > 50 and walked > 50  # both ways were taken


def test_the_header_zone_is_as_long_as_the_byline_zone() -> None:
    assert D.MAX_ZONE_ELEMENTS == _ZONE_ELEMENTS


def _plain_short_text(el: Any, limit: int) -> str | None:
    total = sum(len(piece.strip()) for piece in el.itertext())
    if total > limit:
        return None
    text = element_text(el)
    return text if len(text) <= limit else None


def test_short_text_of_an_element_without_children_equals_its_full_reading() -> None:
    rng = random.Random(13)
    words = ["3 May 2021", "  ", "\n", "\u00a0", "\u2003", "Updated", "x" * 40, "日", "\t"]
    leaves = 0
    for _ in range(1500):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        tag = rng.choice(["span", "time", "div", "p", "li", "td", "br"])
        inner = escape(text) + rng.choice(["", "", "", "<b>1</b>", "<br>tail"])
        d = Document.parse(f"<html><body><{tag}>{inner}</{tag}> after</body></html>", "")
        for el in d.tree.iter(tag):
            leaves += not len(el)
            for limit in (0, 5, 20, 100):
                assert D._short_text(el, limit) == _plain_short_text(el, limit), (inner, limit)
    assert leaves > 500
