"""Facts that must hold on pages nobody tuned for, one principle per table: dates stated or
inferred, the headline, the outlet's name, lookalike domains, transparency links and quoted
people. Every page here is small and made up for the principle it tests."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pytest
from material import FILLER

from scoring.document import Document
from scoring.extract.dates import extract_dates, parse_date

SITE = "https://www.riverside-chronicle.org"
URL = f"{SITE}/local/council-approves-harbour-bridge"
HEADLINE = "Council approves harbour bridge after decade of debate"


def page(
    *,
    title: str = HEADLINE,
    h1: str | None = HEADLINE,
    head: str = "",
    top: str = "",
    body: str = "",
    footer: str = "",
    lang: str = "en",
) -> str:
    """A small article page: `top` sits between the headline and the body."""
    text = body + "".join(f"<p>{p}</p>\n" for p in FILLER)
    heading = f"<h1>{escape(h1)}</h1>" if h1 is not None else ""
    return f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/local/">Local</a></nav></header>
<main><article>
{heading}
{top}
<div class="article-body">
{text}</div>
</article></main>
<footer>{footer}</footer>
</body></html>"""


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{escape(content)}">'


def named_meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content)}">'


def ld(obj: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def doc(html: str, url: str = URL) -> Document:
    return Document.parse(html, url)


# --- dates: stated or inferred -------------------------------------------------------------

# (what the page carries, its address, published, source, precision)
DATE_CASES = [
    # The address alone: inferred, with the precision the address has.
    ("", f"{SITE}/2019/06/harbour-bridge", "2019-06", "url", "month"),
    ("", f"{SITE}/2019/06/14/harbour-bridge", "2019-06-14", "url", "day"),
    ("", f"{SITE}/news/20190614-harbour-bridge", "2019-06-14", "url", "day"),
    ("", f"{SITE}/archiv/2019-06/harbour-bridge.html", "2019-06", "url", "month"),
    ("", f"{SITE}/catalogue/2019/42/harbour-bridge", None, None, None),
    ("", f"{SITE}/2019/harbour-bridge", None, None, None),
    # A stated date wins over the address, whatever it says.
    (
        meta("article:published_time", "2019-06-20T08:00:00Z"),
        f"{SITE}/2019/06/x",
        "2019-06-20",
        "meta",
        "day",
    ),
    # RFC 2822 and Unix `date` output in the metadata.
    (
        meta("article:published_time", "Sun Nov 23 16:00:00 EDT 2014"),
        URL,
        "2014-11-23",
        "meta",
        "day",
    ),
    (
        meta("article:published_time", "Sun, 23 Nov 2014 16:00:00 -0400"),
        URL,
        "2014-11-23",
        "meta",
        "day",
    ),
    (meta("article:published_time", "23 Nov 2014 16:00:00 GMT"), URL, "2014-11-23", "meta", "day"),
    # Unix timestamps: seconds and milliseconds.
    (meta("article:published_time", "1416758400"), URL, "2014-11-23", "meta", "day"),
    (meta("article:published_time", "1416758400000"), URL, "2014-11-23", "meta", "day"),
    # A template that writes value= instead of content=.
    (
        '<meta name="article:published_time" value="2022-10-11T19:11:05-04:00">',
        URL,
        "2022-10-11",
        "meta",
        "day",
    ),
]


@pytest.mark.parametrize(("head", "url", "published", "source", "precision"), DATE_CASES)
def test_dates_stated_or_inferred(
    head: str, url: str, published: str | None, source: str | None, precision: str | None
) -> None:
    dates = extract_dates(doc(page(head=head), url))
    assert (dates.published and dates.published[:10], dates.published_source) == (published, source)
    assert dates.published_precision == precision


def test_the_address_month_is_never_the_first_of_the_month() -> None:
    """htmldate reads /2019/06/ as June 1st; the page states nothing, so it stays a month."""
    dates = extract_dates(doc(page(), f"{SITE}/2019/06/harbour-bridge"))
    assert dates.published == "2019-06"
    assert dates.published_source == "url"


def test_a_byline_date_that_repeats_the_address_is_stated() -> None:
    top = '<p class="post-date">14 June 2019</p>'
    dates = extract_dates(doc(page(top=top), f"{SITE}/2019/06/14/harbour-bridge"))
    assert (dates.published, dates.published_source) == ("2019-06-14", "text")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun Nov 23 16:00:00 EDT 2014", "2014-11-23"),
        ("Mon, 05 Jan 2015 09:30:00 +0100", "2015-01-05"),
        ("1700000000", "2023-11-14"),
        ("1700000000000", "2023-11-14"),
        ("123456789", None),  # nine digits: not a timestamp of any news era
        ("Nov 2014", None),
    ],
)
def test_parse_date_reads_rfc_2822_and_unix_times(value: str, expected: str | None) -> None:
    found = parse_date(value)
    assert (found[:10] if found else None) == expected


# (metadata date, what the page shows under its headline, disagreement recorded)
SHOWN_CASES = [
    ("2026-11-10T08:00:00Z", '<time datetime="2026-11-20">20 November 2026</time>', True),
    ("2026-11-10T08:00:00Z", '<p class="date">20. November 2026</p>', True),
    ("2026-11-10T08:00:00Z", '<span class="fecha">20 de noviembre de 2026</span>', True),
    ("2026-11-10T08:00:00Z", '<p class="date">2026年11月20日</p>', True),
    ("2026-11-20T08:00:00Z", '<time datetime="2026-11-20">20 November 2026</time>', False),
    ("2026-11-19T23:30:00Z", '<time datetime="2026-11-20">20 November 2026</time>', False),
    ("2026-11-03T08:00:00Z", '<p class="date">03/11/2026</p>', False),
    ("2026-11-10T08:00:00Z", '<p class="date">Aktualisiert am 20.11.2026</p>', False),
    ("2026-11-10T08:00:00Z", '<p class="date">Mis à jour le 20 novembre 2026</p>', False),
    ("2026-11-10T08:00:00Z", '<time class="updated" datetime="2026-11-20">20 Nov</time>', False),
]


@pytest.mark.parametrize(("metadata", "top", "disagree"), SHOWN_CASES)
def test_metadata_and_shown_dates_that_differ_are_both_recorded(
    metadata: str, top: str, disagree: bool
) -> None:
    dates = extract_dates(doc(page(head=meta("article:published_time", metadata), top=top)))
    assert dates.published is not None and dates.published[:10] == metadata[:10]
    assert bool(dates.metadata_published) is disagree
    if disagree:
        assert dates.shown_published is not None and dates.shown_published[:10] == "2026-11-20"


def test_a_date_in_a_related_rail_below_the_body_is_not_the_shown_date() -> None:
    rail = '<aside class="related"><time datetime="2026-11-01">1 November 2026</time></aside>'
    html = page(head=meta("article:published_time", "2026-11-20T08:00:00Z"), footer=rail)
    assert extract_dates(doc(html)).metadata_published is None
