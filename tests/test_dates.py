"""Publication dates, one principle per table: the metadata checked against the date the page
shows near its headline, time zones, pages without date metadata, the ways pages write dates,
and a fallback that never leaves the page. Every page here is small and made up."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pytest
from material import FILLER

from scoring.document import Document
from scoring.engine import score_html
from scoring.extract.dates import extract_dates, parse_date

SITE = "https://www.lakeside-herald.net"
URL = f"{SITE}/town/library-reopens-after-flood-repairs"
HEADLINE = "Library reopens after flood repairs"


def page(
    *,
    head: str = "",
    before: str = "",
    top: str = "",
    body: str = "",
    after: str = "",
    header: str = "",
) -> str:
    """An article page: `before` sits above the headline in the article's header, `top` between
    the headline and the body, `body` opens the text, `after` follows it; `header` is the site's
    own header."""
    text = body + "".join(f"<p>{p}</p>\n" for p in FILLER)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(HEADLINE)} | Lakeside Herald</title>{head}</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/town/">Town</a></nav>{header}
</header>
<main><article>
<header>{before}<h1>{escape(HEADLINE)}</h1></header>
{top}
<div class="article-body">
{text}</div>
{after}
</article></main>
<footer><p>Lakeside Herald, 4 Quay Street</p></footer>
</body></html>"""


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{escape(content)}">'


def ld(**props: Any) -> str:
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", **props}
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def dates_of(html: str, url: str = URL) -> Any:
    return extract_dates(Document.parse(html, url))


# --- the metadata against the date the page shows ----------------------------------------

# (metadata, what the page shows near its headline, published day, source, disagreement kept)
SHOWN = [
    # The page shows the metadata's day: the metadata stands, with its time.
    (
        meta("article:published_time", "2025-03-04T09:15:00+01:00"),
        '<p class="byline">By Ana Ruiz | <time datetime="2025-03-04">4 March 2025</time></p>',
        "2025-03-04",
        "meta",
        False,
    ),
    # Two metadata dates (a republished page): the one the page shows is the publication date.
    (
        ld(datePublished="2025-03-01T10:00:00Z")
        + meta("article:published_time", "2025-03-04T10:00:00Z"),
        '<div class="meta-line">Tuesday, 4 March 2025</div>',
        "2025-03-04",
        "meta",
        False,
    ),
    # A day apart: the metadata is in UTC, the page shows the reader's own day.
    (
        meta("article:published_time", "2025-03-05T03:40:00+00:00"),
        '<span class="td-post-date">4 March, 2025, 11:40 pm</span>',
        "2025-03-04",
        "text",
        False,
    ),
    # "04/03/2025" is April 3rd or March 4th: the reading a day off the metadata is the one meant.
    (
        meta("article:published_time", "2025-03-05T02:10:00Z"),
        '<p class="byline">Ana Ruiz 4/3/2025 22:10</p>',
        "2025-03-04",
        "text",
        False,
    ),
    # More than a day apart: both kept; the page's own date line is what the reader is told.
    (
        ld(datePublished="2023-06-12T08:00:00Z"),
        '<div class="article-info">18.09.2025 Von Ana Ruiz</div>',
        "2025-09-18",
        "text",
        True,
    ),
    (
        meta("article:published_time", "2025-01-15"),
        "<dl><dt>Erscheinungsdatum</dt><dd><time>25.01.2025</time></dd></dl>",
        "2025-01-25",
        "time",
        True,
    ),
    # Several different dates under the headline (a list of events): none overrides the metadata.
    (
        meta("article:published_time", "2025-02-11"),
        '<ul class="events"><li>29.02.2028 18:00 Uhr</li><li>04.04.2028 18:00 Uhr</li></ul>',
        "2025-02-11",
        "meta",
        True,
    ),
    # An update line is not the publication date.
    (
        meta("article:published_time", "2025-02-11T07:00:00Z"),
        '<p class="date">Updated <time datetime="2025-03-20">20 March 2025</time></p>',
        "2025-02-11",
        "meta",
        False,
    ),
    (
        meta("article:published_time", "2025-02-11T07:00:00Z"),
        '<p class="date">Zuletzt aktualisiert: 20.03.2025</p>',
        "2025-02-11",
        "meta",
        False,
    ),
    # Dates in a photo caption, an embedded post or a related-story box are not the page's.
    (
        meta("article:published_time", "2025-02-11T07:00:00Z"),
        '<figure><img src="/flood.jpg" alt=""><figcaption>The reading room on 2 January 2024'
        "</figcaption></figure>",
        "2025-02-11",
        "meta",
        False,
    ),
    (
        meta("article:published_time", "2025-02-11T07:00:00Z"),
        '<blockquote class="embedded-post"><p>Water everywhere</p>'
        '<time datetime="2024-12-30T18:00:00Z">30 Dec 2024</time></blockquote>',
        "2025-02-11",
        "meta",
        False,
    ),
    (
        meta("article:published_time", "2025-02-11T07:00:00Z"),
        '<div class="related"><a href="/town/x">Flood closes library</a> '
        '<span class="date">2 January 2024</span></div>',
        "2025-02-11",
        "meta",
        False,
    ),
]


@pytest.mark.parametrize(("head", "top", "published", "source", "kept"), SHOWN)
def test_the_metadata_is_checked_against_the_shown_date(
    head: str, top: str, published: str, source: str, kept: bool
) -> None:
    dates = dates_of(page(head=head, top=top))
    assert (dates.published and dates.published[:10], dates.published_source) == (
        published,
        source,
    )
    assert bool(dates.metadata_published and dates.shown_published) is kept


def test_a_date_line_after_the_standfirst_is_shown_under_the_headline() -> None:
    """A standfirst (a long first paragraph) can come before the date line: the header zone
    reaches the body region."""
    standfirst = (
        '<p class="lead">Three months after the river burst its banks, the reading room, the '
        "archive and the children's corner are open again, with a new floor and shelves.</p>"
        '<div class="info"><div>06.03.2025</div></div>'
    )
    html = page(head=ld(datePublished="2025-03-04T07:00:00Z"), top=standfirst).replace(
        '<div class="article-body">', '<div class="article-body" id="text">'
    )
    dates = dates_of(html)
    assert dates.published == "2025-03-06"
    assert dates.metadata_published == "2025-03-04T07:00:00+00:00"


def test_a_date_above_the_headline_in_the_article_header_is_shown() -> None:
    before = '<time class="article-date" datetime="2025-03-06T08:00:00Z">6.3.2025</time>'
    dates = dates_of(page(head=meta("article:published_time", "2025-03-01"), before=before))
    assert dates.published == "2025-03-06T08:00:00+00:00"
    assert dates.shown_published is not None


# --- time zones --------------------------------------------------------------------------------

# An ISO timestamp's day is the one written in its own offset, never converted to UTC.
ZONES = [
    ("2025-05-05T21:00:00-05:00", "2025-05-05"),
    ("2025-05-06T00:30:00+09:00", "2025-05-06"),
    ("2025-05-05T23:59:59Z", "2025-05-05"),
    ("2025-05-05 23:10:00 +0200", "2025-05-05"),
]


@pytest.mark.parametrize(("value", "day"), ZONES)
def test_a_timestamp_keeps_the_day_of_its_own_offset(value: str, day: str) -> None:
    dates = dates_of(page(head=meta("article:published_time", value)))
    assert dates.published is not None and dates.published[:10] == day


# --- pages without date metadata -----------------------------------------------------------------

COMMENT = (
    '<section class="comments"><div class="comment-meta">'
    '<time datetime="2025-04-02T03:36:11+02:00">2 April 2025</time></div></section>'
)

# (what the page carries, published, source)
UNMARKED = [
    # A comment's time is the comment's, not the article's.
    ({"after": COMMENT, "body": "<p>Veröffentlicht am 16.03.2025</p>"}, "2025-03-16", "text"),
    # A date the text itself introduces as the publication date, in many languages.
    ({"body": "<p><em>Veröffentlicht am 16.03.2025</em></p>"}, "2025-03-16", "text"),
    ({"body": "<p>Published on March 16, 2025 by the newsroom</p>"}, "2025-03-16", "text"),
    ({"body": "<p>Publié le 16 mars 2025</p>"}, "2025-03-16", "text"),
    ({"body": "<p>Publicado el 16 de marzo de 2025</p>"}, "2025-03-16", "text"),
    ({"body": "<p>Gepubliceerd op 16 maart 2025</p>"}, "2025-03-16", "text"),
    ({"body": "<p>Opublikowano: 16 marca 2025</p>"}, "2025-03-16", "text"),
    ({"body": "<p>Datum: 16.03.2025</p>"}, "2025-03-16", "text"),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>Опубликовано: 16.03.2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>Yayınlanma: 16.03.2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>Diterbitkan 16 Maret 2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>Опубліковано: 16.03.2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>Δημοσιεύθηκε: 16 Μαρτίου 2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    (
        {
            "header": '<div class="clock">Monday 1 December 2025</div>',
            "body": "<p>تاريخ النشر: 16 مارس 2025</p>",
        },
        "2025-03-16",
        "text",
    ),
    ({"body": "<p>发布时间：2025-03-16 08:00</p>"}, "2025-03-16", "text"),
    # A label names a date only with its colon: "date" in a sentence does not.
    (
        {"body": "<p>The date 20.05.2025 was set for the vote.</p><p>Datum: 16.03.2025</p>"},
        "2025-03-16",
        "text",
    ),
    # Without markup, the page's first date line, wherever it sits.
    ({"header": '<div class="topbar">Miércoles, 16 de abril de 2025</div>'}, "2025-04-16", "text"),
    ({"top": '<span style="color:#b23">02.12.24</span>'}, "2024-12-02", "text"),
    # A date line is short once its spaces and line breaks are folded; non-breaking spaces
    # are not folded, and a run of them makes the text too long to be a date line.
    (
        {"header": '<div class="topbar">Miércoles, 16 de abril\n' + "\t" * 30 + " de 2025</div>"},
        "2025-04-16",
        "text",
    ),
    (
        {"header": '<div class="topbar">Miércoles, 16 de abril' + "\xa0" * 30 + " de 2025</div>"},
        None,
        None,
    ),
    # The image's address carries the day (htmldate's markup heuristics).
    (
        {"head": meta("og:image", f"{SITE}/media/2025/03/16/reading-room.jpg")},
        "2025-03-16",
        "htmldate",
    ),
]


def test_a_comment_time_is_not_the_articles() -> None:
    url = f"{SITE}/2025/03/14/library-reopens-after-flood-repairs"
    dates = dates_of(page(after=COMMENT), url)
    assert (dates.published, dates.published_source) == ("2025-03-14", "url")


@pytest.mark.parametrize(("parts", "published", "source"), UNMARKED)
def test_pages_without_date_metadata(
    parts: dict[str, str], published: str | None, source: str | None
) -> None:
    dates = dates_of(page(**parts))
    assert (dates.published and dates.published[:10], dates.published_source) == (
        published,
        source,
    )


# --- the article's meta line -----------------------------------------------------------------

# The site header's clock: the first date line on every page, and never the article's date.
CLOCK = '<div class="clock">Monday 1 December 2025</div>'

# (what the page carries, published, the text it was read from)
META_LINES = [
    # A page without date markup prints its date in the article's meta line or byline.
    (
        {"top": '<p class="postmeta">3. August 2025 · Filed under notes</p>'},
        "2025-08-03",
        "3. August 2025 · Filed under notes",
    ),
    (
        {"top": '<div class="byline">By Ana Ruiz | 16 March 2025</div>'},
        "2025-03-16",
        "By Ana Ruiz | 16 March 2025",
    ),
    (
        {"top": '<div class="article-info">Von Jana am 03.05.2025, 11:51</div>'},
        "2025-05-03",
        "Von Jana am 03.05.2025, 11:51",
    ),
    # A date after "Updated" is no publication date: the next meta line's is.
    (
        {
            "top": '<div class="entry-meta">Updated 17 March 2025</div>'
            '<div class="byline">By Ana Ruiz, 16 March 2025</div>'
        },
        "2025-03-16",
        "By Ana Ruiz, 16 March 2025",
    ),
    (
        {
            "top": '<div class="entry-meta">Обновлено 17.03.2025</div>'
            '<div class="byline">Ана Руис, 16.03.2025</div>'
        },
        "2025-03-16",
        "Ана Руис, 16.03.2025",
    ),
    # A comment's meta line is the comment's: the page's first date line is all there is.
    (
        {
            "after": '<section class="comments"><div class="comment-meta">'
            "Mensah says: 2 April 2025</div></section>"
        },
        "2025-12-01",
        "Monday 1 December 2025",
    ),
    # "datetime" in a class names a date, as "date" and "time" do.
    (
        {"top": '<div class="tool_datetime">Published: Wednesday, 21 May 2025 | 4:35 PM</div>'},
        "2025-05-21",
        "Published: Wednesday, 21 May 2025 | 4:35 PM",
    ),
]


@pytest.mark.parametrize(("parts", "published", "exact"), META_LINES)
def test_the_date_in_the_articles_meta_line(
    parts: dict[str, str], published: str, exact: str
) -> None:
    dates = dates_of(page(header=CLOCK, **parts))
    assert dates.published[:10] == published
    assert (dates.published_source, dates.published_quote.exact) == ("text", exact)


def test_a_layout_named_sidebar_around_the_article_is_no_rail() -> None:
    """A container that holds the article's text is the article's, whatever its class says:
    "layout-sidebar-second" names a page layout, and the date marked inside it is the
    article's. A real rail beside the text keeps its dates to itself."""
    html = (
        page(header=CLOCK)
        .replace(
            "<main><article>",
            '<main><div class="layout-sidebar-second">'
            '<span class="date-published">7 May 2025</span>'
            '<aside class="sidebar"><span class="date">9 June 2025</span></aside>',
        )
        .replace("</article></main>", "</div></main>")
    )
    dates = dates_of(html)
    assert (dates.published, dates.published_quote.exact) == ("2025-05-07", "7 May 2025")


# (where the date element sits, published)
HEADERS = [
    # A date element whose own class names it a date heading (a blog's "date-header").
    (
        {
            "header": CLOCK,
            "top": '<h2 class="date-header"><span>Thursday, 7 August 2025</span></h2>',
        },
        "2025-08-07",
    ),
    # The site's masthead clock stays the site's, marked as a date or not: the article's
    # meta line dates it (the page's first date line would be the clock).
    (
        {
            "header": '<span class="header-date">Monday 1 December 2025</span>',
            "top": '<p class="postmeta">3. August 2025</p>',
        },
        "2025-08-03",
    ),
]


def test_a_date_in_the_header_that_holds_the_headline() -> None:
    """The header that holds the headline is the article's own, whatever its class
    ("header-wrapper", "post-header"): a date in it is the article's."""
    html = (
        page(header=CLOCK)
        .replace("<header><h1>", '<header><div class="header-wrapper"><h1>')
        .replace("</h1></header>", '</h1><span class="date">7 May 2025</span></div></header>')
    )
    assert 'class="header-wrapper"><h1>' in html and "2025</span></div></header>" in html
    dates = dates_of(html)
    assert (dates.published, dates.published_source) == ("2025-05-07", "text")


@pytest.mark.parametrize(("parts", "published"), HEADERS)
def test_a_date_in_the_articles_own_header(parts: dict[str, str], published: str) -> None:
    dates = dates_of(page(**parts))
    assert (dates.published[:10], dates.published_source) == (published, "text")


def test_a_date_line_the_page_shows_comes_before_an_image_address() -> None:
    """A date the page shows its reader is stated; the day in an image's address is only
    inferred, and the markup heuristics that read it come last."""
    parts = {
        "head": meta("og:image", f"{SITE}/media/2025/03/16/reading-room.jpg"),
        "top": '<div class="kicker">Town · 14.03.2025</div>',
    }
    dates = dates_of(page(**parts))
    assert (dates.published, dates.published_source) == ("2025-03-14", "text")


# --- how pages write dates --------------------------------------------------------------------

WRITTEN = [
    ("12 maart 2025", "2025-03-12"),
    ("12 marca 2025", "2025-03-12"),
    ("12. března 2025", "2025-03-12"),
    ("12 mars 2025", "2025-03-12"),
    ("12 марта 2025", "2025-03-12"),
    ("12 Mart 2025", "2025-03-12"),
    ("3 maj 2025", "2025-05-03"),
    ("5. listopadu 2024", "2024-11-05"),
    ("5 Maret 2025", "2025-03-05"),
    ("3. marts 2025", "2025-03-03"),
    ("12 desember 2024", "2024-12-12"),
    ("7 octombrie 2024", "2024-10-07"),
    ("12 مارس 2025", "2025-03-12"),
    ("٣ مايو، ٢٠٢٥", "2025-05-03"),
    ("5 Μαρτίου 2025", "2025-03-05"),
    ("5 ΜΑΡΤΙΟΥ 2025", "2025-03-05"),
    ("5 ΜΑΪΟΥ 2025", "2025-05-05"),
    ("7 березня 2025", "2025-03-07"),
    # Two-digit years, where nothing else is written around the date.
    ("02.12.24", "2024-12-02"),
    ("am 12.11.16", "2016-11-12"),
    ("12.11.95", "1995-11-12"),
    ("v1.2.19", None),
    ("1.2.3.4", None),
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN)
def test_dates_as_pages_write_them(text: str, expected: str | None) -> None:
    assert parse_date(text, text_only=True) == expected


# --- the fallback never leaves the page ---------------------------------------------------------


def test_a_page_that_is_only_an_address_is_not_fetched(httpserver: Any) -> None:
    """htmldate fetches a string that looks like an address; the engine never fetches."""
    httpserver.expect_request("/probe").respond_with_data("<p>16 March 2025</p>")
    report = score_html(httpserver.url_for("/probe"), URL)
    assert report.to_dict()["facts"]["dates"]["published"] is None
    assert httpserver.log == []


# (the page's masthead above the article, the article's content, published)
MASTHEADS = [
    # The site's top bar shows today's date in a plain block before the headline, in a branch
    # of the page that holds nothing of the article: the article's own date line dates it.
    (
        '<div id="page-top"><div class="l-h02"><div class="l-h02_date">'
        "Monday, 1 December 2025</div></div></div>",
        f'<h1>{HEADLINE}</h1><p class="publish">7 May 2025, 09:30</p>',
        "2025-05-07",
    ),
    # A date above the headline inside the article's own container is the article's.
    (
        '<div id="page-top">Lakeside Herald</div>',
        f'<span class="date">7 May 2025</span><h1>{HEADLINE}</h1><p class="publish">9 May 2025</p>',
        "2025-05-07",
    ),
]


@pytest.mark.parametrize(("masthead", "content", "published"), MASTHEADS)
def test_a_masthead_clock_before_the_headline_is_the_sites(
    masthead: str, content: str, published: str
) -> None:
    """Where the body region is the page's whole body, a date marked before the headline, in
    a part of the page that shares no container with the headline, is the site's clock."""
    text = "".join(f"<p>{p}</p>" for p in FILLER)
    html = (
        '<html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>'
        f'{masthead}<div id="contents"><div class="section">{content}{text}</div></div>'
        "</body></html>"
    )
    dates = dates_of(html)
    assert (dates.published, dates.published_source) == (published, "text")
