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
from scoring.domains import domain_of
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
    # An address with an impossible day holds no date, not even its month.
    ("", f"{SITE}/2019/02/30/harbour-bridge", None, None, None),
    ("", f"{SITE}/2019/13/02/harbour-bridge", None, None, None),
    # Dublin Core's issued date, under either spelling of its prefix.
    (named_meta("DC.issued", "2019-06-20"), URL, "2019-06-20", "meta", "day"),
    (meta("dcterms:issued", "2019-06-20"), URL, "2019-06-20", "meta", "day"),
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
    # Templates that write datetime= or value= instead of content=.
    (
        '<meta itemprop="datePublished" datetime="2022-10-11T19:11:05-04:00">',
        URL,
        "2022-10-11",
        "meta",
        "day",
    ),
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


def test_a_date_element_that_shows_a_relative_time_keeps_the_date_in_its_tooltip() -> None:
    top = '<span class="post-date" title="20 June 2019, 08:15">3 days ago</span>'
    dates = extract_dates(doc(page(top=top)))
    assert (dates.published, dates.published_source) == ("2019-06-20", "text")


@pytest.mark.parametrize(
    ("top", "published"),
    [
        ('<abbr class="published" data-utime="1561018500">3 days ago</abbr>', "2019-06-20"),
        ('<span class="post-date" data-timestamp="1561018500000"></span>', "2019-06-20"),
        (
            '<span class="post-date" data-timestamp="2019-06-20T08:15:00Z">3 days ago</span>',
            "2019-06-20",
        ),
        # A data attribute that holds no date says nothing.
        ('<span class="post-date" data-timestamp="soon">3 days ago</span>', None),
    ],
)
def test_a_date_element_may_keep_its_moment_in_a_data_attribute(
    top: str, published: str | None
) -> None:
    dates = extract_dates(doc(page(top=top)))
    assert (dates.published and dates.published[:10], dates.published_source) == (
        published,
        published and "text",
    )


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


# (metadata date, what the page shows under its headline, disagreement recorded): where they
# differ by more than a day, both are kept and the shown date is reported.
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
    assert bool(dates.metadata_published) is disagree
    if disagree:
        assert dates.metadata_published is not None
        assert dates.metadata_published[:10] == metadata[:10]
        assert dates.shown_published is not None and dates.shown_published[:10] == "2026-11-20"
        assert dates.published is not None and dates.published[:10] == "2026-11-20"


def test_a_date_in_a_related_rail_below_the_body_is_not_the_shown_date() -> None:
    rail = '<aside class="related"><time datetime="2026-11-01">1 November 2026</time></aside>'
    html = page(head=meta("article:published_time", "2026-11-20T08:00:00Z"), footer=rail)
    assert extract_dates(doc(html)).metadata_published is None


# --- the headline ----------------------------------------------------------------------------

# (head, <title>, <h1>, address, headline, source)
TITLE_CASES = [
    # The site's name trimmed from the end, whatever the separator.
    (
        "",
        "FairCoin hackathon beim Sommercamp | creativecommons",
        None,
        "https://www.creativecommons.at/faircoin",
        "FairCoin hackathon beim Sommercamp",
        "title",
    ),
    ("", "My Title » My Website", None, "https://www.mywebsite.net/post", "My Title", "title"),
    (
        "",
        "Les maires votent le budget – Le Courrier du Lac",
        None,
        "https://www.courrierdulac.fr/budget",
        "Les maires votent le budget",
        "title",
    ),
    (
        "",
        "Harbour bridge approved › riverside-chronicle.org",
        None,
        URL,
        "Harbour bridge approved",
        "title",
    ),
    (
        "",
        "El puente del puerto, aprobado -- Riverside Chronicle",
        None,
        URL,
        "El puente del puerto, aprobado",
        "title",
    ),
    (
        "",
        "港の橋が承認される：リバーサイド新聞",
        None,
        "https://www.riverside-shimbun.jp/a/1",
        "港の橋が承認される：リバーサイド新聞",
        "title",
    ),
    (
        meta("og:site_name", "リバーサイド新聞"),
        "港の橋が承認される：リバーサイド新聞",
        None,
        "https://www.riverside-shimbun.jp/a/1",
        "港の橋が承認される",
        "title",
    ),
    # ... or from the start, and a date stamped on every title.
    (
        "",
        "Riverside Chronicle | Harbour bridge approved",
        None,
        URL,
        "Harbour bridge approved",
        "title",
    ),
    (
        "",
        "So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr",
        None,
        URL,
        "So viel Regen gab es lange nicht",
        "title",
    ),
    # A tagline after the site's name goes with it.
    (
        "",
        "Ein Krimi : Riverside Chronicle | Nachrichten vom Fluss | Seit 1851",
        None,
        URL,
        "Ein Krimi",
        "title",
    ),
    # Separators inside the headline stay when no part is the site's name.
    (
        "",
        "Trade talks: what next - and why it matters",
        None,
        URL,
        "Trade talks: what next - and why it matters",
        "title",
    ),
    # A word of the site's name inside the headline does not make it the site's name.
    (
        meta("og:site_name", "Welpen"),
        "Welpen kaufen – Tipps zu jeder Hunderasse | Welpen",
        None,
        "https://www.welpen.de/kaufen",
        "Welpen kaufen – Tipps zu jeder Hunderasse",
        "title",
    ),
    # The main <h1> is the headline when a metadata title is the <h1> plus the site's name;
    # a metadata title that differs from it says what the page calls itself.
    (
        meta("og:title", "Harbour bridge approved - Riverside Chronicle"),
        "Riverside",
        HEADLINE,
        URL,
        "Harbour bridge approved",
        "meta",
    ),
    (
        meta("og:title", f"{HEADLINE} - Riverside Chronicle"),
        "Riverside",
        HEADLINE,
        URL,
        HEADLINE,
        "h1",
    ),
    # Metadata first: JSON-LD headline, then og:title, then <title>.
    (
        ld({"@type": "NewsArticle", "headline": "Bridge &#038; ferry"}) + meta("og:title", "Other"),
        "Third | Riverside Chronicle",
        None,
        URL,
        "Bridge & ferry",
        "json-ld",
    ),
    (
        meta("og:title", "Bridge vote | Riverside Chronicle"),
        "Third",
        None,
        URL,
        "Bridge vote",
        "meta",
    ),
    # No title at all: the headline on the page.
    ("", "", HEADLINE, URL, HEADLINE, "h1"),
    # Other metadata titles (Dublin Core, microdata) before <title>; one value may carry
    # several keys.
    (
        '<meta property="og:title dc:title" content="Quay repairs begin">',
        "Riverside Chronicle",
        None,
        URL,
        "Quay repairs begin",
        "meta",
    ),
    (named_meta("DC.title", "Quay repairs begin"), "Home", None, URL, "Quay repairs begin", "meta"),
    (
        '<meta itemprop="headline" content="Quay repairs begin">',
        "Riverside Chronicle | News",
        None,
        URL,
        "Quay repairs begin",
        "meta",
    ),
    # A title that only names the site gives way to a headline, and stands when there is none.
    (
        meta("og:site_name", "Riverside Chronicle"),
        "Riverside Chronicle",
        "Quay repairs begin",
        URL,
        "Quay repairs begin",
        "h1",
    ),
    (
        meta("og:site_name", "Riverside Chronicle"),
        "Riverside Chronicle",
        None,
        URL,
        "Riverside Chronicle",
        "title",
    ),
    # The site's name is trimmed where it stands, even when it repeats a headline's word.
    (meta("og:site_name", "Quay Times"), "Quay • Quay Times", None, URL, "Quay", "title"),
    # A site's name the page does not give: a short last part after "|" or "»" is still it.
    ("", f"{HEADLINE} | Quay Times", None, URL, HEADLINE, "title"),
    ("", f"{HEADLINE} » The Quay Evening Times", None, URL, HEADLINE, "title"),
    # Not after a dash or a colon, not a question, and not where no headline would be left.
    ("", f"{HEADLINE} - Quay Times", None, URL, f"{HEADLINE} - Quay Times", "title"),
    ("", f"{HEADLINE} | Who pays?", None, URL, f"{HEADLINE} | Who pays?", "title"),
    ("", "Tides | Quay Times", None, URL, "Tides | Quay Times", "title"),
    # Markup a template left in a title's text is no part of the headline.
    ("", f"<p>{HEADLINE}</p>", None, URL, HEADLINE, "title"),
    (meta("og:title", f"<b>{HEADLINE}</b>"), "", None, URL, HEADLINE, "meta"),
    # Facebook's own title tag is a metadata title too.
    (named_meta("fb_title", HEADLINE), "", None, URL, HEADLINE, "meta"),
    # A longer last part is the headline's own.
    (
        "",
        f"{HEADLINE} | what the council decided and why",
        None,
        URL,
        f"{HEADLINE} | what the council decided and why",
        "title",
    ),
]


@pytest.mark.parametrize(("head", "title", "h1", "url", "headline", "source"), TITLE_CASES)
def test_headline_cascade_trims_the_site_name(
    head: str, title: str, h1: str | None, url: str, headline: str, source: str
) -> None:
    from scoring.extract import extract_facts

    facts = extract_facts(doc(page(head=head, title=title, h1=h1), url))
    assert (facts.title, facts.title_source) == (headline, source)


def test_a_logo_h1_with_the_site_name_is_no_headline() -> None:
    from scoring.extract import extract_facts

    html = page(
        head=meta("og:site_name", "Riverside Chronicle"), title="", h1="Riverside Chronicle"
    )
    assert extract_facts(doc(html)).title is None


# --- the outlet's name -----------------------------------------------------------------------

# (head, <title>, address, name, source)
OUTLET_CASES = [
    # A web address given as the publisher's name names no one; a legal name does.
    (
        ld({"@type": "NewsArticle", "publisher": {"name": "https://www.portnews.example"}})
        + ld({"@type": "WebSite", "name": "Port News"}),
        "x",
        "https://www.portnews.example/a",
        "Port News",
        "json-ld",
    ),
    (
        ld(
            {
                "@type": "NewsArticle",
                "publisher": {"@type": "Organization", "legalName": "Port News Ltd"},
            }
        ),
        "x",
        "https://www.portnews.example/a",
        "Port News Ltd",
        "json-ld",
    ),
    # og:site_name first, then the JSON-LD publisher, then a WebSite object, then the title.
    (
        meta("og:site_name", "Salon")
        + ld({"@type": "NewsArticle", "publisher": {"name": "Salon.com"}}),
        "x",
        "https://www.salon.com/a",
        "Salon",
        "meta",
    ),
    (
        ld({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Der Bote"}}),
        "x",
        "https://www.derbote.de/a",
        "Der Bote",
        "json-ld",
    ),
    (
        ld({"@type": "WebSite", "name": "La Gazette du Port"}),
        "x",
        "https://www.gazette.fr/a",
        "La Gazette du Port",
        "json-ld",
    ),
    # JSON-LD inside CDATA, as XHTML templates write it.
    (
        '<script type="application/ld+json"><![CDATA[{"@type": "NewsArticle", "publisher": '
        '{"name": "Il Corriere del Porto"}}]]></script>',
        "x",
        "https://www.corriere-porto.it/a",
        "Il Corriere del Porto",
        "json-ld",
    ),
    # A generic segment of the title is never the outlet.
    ("", f"{HEADLINE} | Home", URL, None, None),
    (
        "",
        "Startseite - Neue Brücke für den Hafen eröffnet",
        "https://www.hafenblatt.de/a",
        None,
        None,
    ),
    # The part of the title that spells the address is the name; the tagline beside it is not.
    (
        "",
        "Most přes přístav - Aktuálně.cz - Víte, co se právě děje",
        "https://zpravy.aktualne.cz/a",
        "Aktuálně.cz",
        "title",
    ),
    (
        "",
        "Nowy most w porcie | Gazeta Portowa — Wiadomości z regionu",
        "https://www.gazetaportowa.pl/a",
        "Gazeta Portowa",
        "title",
    ),
    # On a hosting platform the outlet is the publication, not the platform.
    (
        meta("og:site_name", "Medium")
        + ld({"@type": "NewsArticle", "publisher": {"name": "The Harbour Review"}}),
        "x",
        "https://medium.com/the-harbour-review/a",
        "The Harbour Review",
        "json-ld",
    ),
    (
        meta("og:site_name", "Blogger") + meta("application-name", "Notes from the Quay"),
        "x",
        "https://notesfromthequay.blogspot.com/2024/05/a.html",
        "Notes from the Quay",
        "meta",
    ),
    (
        ld({"@type": "BlogPosting", "publisher": {"name": "WordPress.com"}}),
        "A walk on the quay | Quayside Notes",
        "https://quaysidenotes.wordpress.com/a",
        "Quayside Notes",
        "title",
    ),
    (
        meta("og:site_name", "Substack") + ld({"@type": "WebSite", "name": "Harbour Letters"}),
        "x",
        "https://harbourletters.substack.com/p/a",
        "Harbour Letters",
        "json-ld",
    ),
    # The publisher in the metadata when it is a name, before a guess from the title; an
    # address (often the publisher's social page) is no name.
    (
        meta("article:publisher", "The Quayside Courier"),
        "A walk on the quay | Walks",
        URL,
        "The Quayside Courier",
        "meta",
    ),
    (named_meta("DC.publisher", "Quayside Courier Ltd"), "x", URL, "Quayside Courier Ltd", "meta"),
    (
        meta("article:publisher", "https://www.facebook.com/quaysidecourier"),
        "A walk on the quay | Quayside Courier",
        URL,
        "Quayside Courier",
        "title",
    ),
]


@pytest.mark.parametrize(("head", "title", "url", "name", "source"), OUTLET_CASES)
def test_outlet_name(head: str, title: str, url: str, name: str | None, source: str | None) -> None:
    from scoring.extract.outlet import extract_outlet

    outlet = extract_outlet(doc(page(head=head, title=title), url))
    assert (outlet.name, outlet.name_source) == (name, source)


# --- what `provenance evaluate` counts ------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "people", "kind"),
    [
        (["Ana Lima"], ["Ana Lima", "Rui Costa"], "extra names"),
        (["Ana Lima"], [], "missed"),
        (["Ana Lima"], ["Rui Costa"], "wrong name"),
        (["Ana Lima", "Rui Costa"], ["Ana Lima"], "wrong name"),
        ("none", ["Rui Costa"], "named when the page has none"),
        ("none", [], None),
        (["Ana Lima"], ["Ana Lima"], None),
        (None, ["Ana Lima"], None),
    ],
)
def test_author_errors_by_kind(gold: Any, people: list[str], kind: str | None) -> None:
    from scoring.tools.evaluation import author_error

    assert author_error(gold, people, []) == kind


@pytest.mark.parametrize(
    ("gold", "found", "correct"),
    [
        ("Harbour bridge approved", "Harbour Bridge Approved.", True),
        ("Harbour bridge approved", "Harbour bridge approved | Riverside", False),
        ("港の橋が承認される", "港の橋が承認される", True),
        ("港の橋が承認される", "川の橋が閉鎖される", False),  # other scripts are compared too
        ("Harbour bridge approved", None, False),
        (None, "Harbour bridge approved", None),
    ],
)
def test_title_accuracy_folds_case_and_punctuation_in_any_script(
    gold: str | None, found: str | None, correct: bool | None
) -> None:
    from scoring.tools.evaluation import site_correct, title_correct

    assert title_correct(gold, found) is correct
    assert site_correct(gold, found) is correct


# --- lookalike domains -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name", "domain"),
    [
        ("https://wsj.com.co/articles/x", "The Wall Street Journal", "wsj.com"),
        ("https://cnn-news24.com/2026/11/20/x", "CNN", "cnn.com"),
    ],
)
def test_a_lookalike_names_the_outlet_and_where_it_really_is(
    url: str, name: str, domain: str
) -> None:
    from scoring import score_html

    report = score_html(page(), url).to_dict()
    look = report["facts"]["outlet"]["lookalike_of"]
    assert look["name"] == name and domain in look["domains"]
    finding = next(f for f in report["findings"] if f["rule"] == "OUTLET_LOOKALIKE_DOMAIN")
    evidence = finding["evidence"][0]["text"]
    assert evidence.startswith(f"{domain_of(url)} imitates {name}, whose site is ")
    assert domain in evidence


def test_a_real_outlet_imitates_nothing() -> None:
    from scoring import score_html

    assert (
        score_html(page(), "https://www.wsj.com/articles/x").to_dict()["facts"]["outlet"][
            "lookalike_of"
        ]
        is None
    )


# --- transparency links and quoted people ----------------------------------------------------

# (href, link text, the kind it is, or None)
TRANSPARENCY_CASES = [
    (
        "https://help.riverside-chronicle.org/contact/s/article?name=shortcuts",
        "Keyboard shortcuts for audio player",
        None,
    ),
    ("/contact/", "Keyboard shortcuts for audio player", None),
    ("/kontakt/", "Tastenkürzel für den Audioplayer anzeigen", None),
    ("/contact/", "Contact us", "contact"),
    ("/contact/", "", "contact"),
    ("/kontakt", "Schreiben Sie uns", "contact"),
    ("/about/contact", "Get in touch", "contact"),
    # An author's own page beneath /staff/ is no masthead.
    ("/staff/maria-lopez/", "Maria Lopez", None),
    ("/redaktion/anna-schmidt", "Anna Schmidt", None),
    ("/equipe/jean-dupont/", "Jean Dupont", None),
    ("/staff/", "Our people", "masthead"),
    ("/about/staff/index.html", "People", "masthead"),
    ("/en/impressum", "Legal", "masthead"),
    # A help article beneath a policy page is not the policy.
    ("/corrections/2026/11/bridge-story", "Bridge story corrected", None),
    ("/about-us/", "About", "about"),
]


@pytest.mark.parametrize(("href", "text", "kind"), TRANSPARENCY_CASES)
def test_transparency_links_judge_text_and_path(href: str, text: str, kind: str | None) -> None:
    from scoring.extract.outlet import extract_outlet

    footer = f'<ul class="site-links"><li><a href="{href}">{escape(text)}</a></li></ul>'
    found = extract_outlet(doc(page(footer=footer))).transparency
    assert {k: v.url for k, v in found.items()} == (
        {kind: f"{SITE}{href}" if href.startswith("/") else href} if kind else {}
    )


QUOTE = "“We have had no water for days and nobody is telling us why,”"

# (paragraph, the people it quotes)
QUOTE_CASES = [
    (f"{QUOTE} said Amal Haddad, a nurse.", ["Amal Haddad"]),
    (f"{QUOTE} said Gaza Strip resident Amal Haddad.", []),
    (f"Officials in the Gaza Strip said {QUOTE[:-2]}.”", []),
    (f"Residents across the West Bank said {QUOTE[:-2]}.”", []),
    (f"Officials in Ramallah said {QUOTE[:-2]}.”", []),
    (f"{QUOTE} Jordan Valley farmers said.", []),
    (f"Amal Haddad said {QUOTE[:-2]}.”", ["Amal Haddad"]),
    (f"{QUOTE} said Mayor Tom Baker.", ["Tom Baker"]),
]


@pytest.mark.parametrize(("paragraph", "speakers"), QUOTE_CASES)
def test_places_are_not_quoted_people(paragraph: str, speakers: list[str]) -> None:
    from scoring.extract.sourcing import extract_quotes

    quotes = extract_quotes(doc(page(body=f"<p>{paragraph}</p>")))
    assert [q.speaker for q in quotes] == speakers


@pytest.mark.parametrize("name", ["+972 Magazine"])
def test_a_named_source_keeps_the_symbols_of_its_name(name: str) -> None:
    from scoring import score_html

    body = f"<p>Residents told {name} that the crossing was closed for a week before the talks.</p>"
    report = score_html(page(body=body), URL)
    finding = next(f for f in report.findings if f.rule == "NAMED_SOURCES_UNLINKED")
    quote = finding.evidence[0].quote
    assert quote is not None and quote.exact == name


# A page with no title anywhere (no metadata, no <title>, no headline of two words): its first
# heading is the headline, however short: the <h1>, then an element classed as the entry's
# title (hAtom's "entry-title" and its kin), then the <h2>; a heading that is the site's own
# name is none.
@pytest.mark.parametrize(
    ("body", "headline", "source"),
    [
        ("<h1>Tides</h1><h1>Moorings</h1><p>Text.</p>", "Tides", "h1"),
        ("<h2>Moorings</h2><h1>Tides</h1>", "Tides", "h1"),
        ("<h2>Tides</h2><h2>Moorings</h2>", "Tides", "h2"),
        ("<h1>Ti<span>de</span>s</h1>", "Tides", "h1"),
        ("<h1>  </h1><h2>Tides</h2>", "Tides", "h2"),
        ("<h1>Riverside Chronicle</h1><h2>Tides</h2>", "Tides", "h2"),
        ('<h2>Moorings</h2><div class="Entry-Title">Tides</div>', "Tides", "title-class"),
        ('<h1> </h1><span id="post-title">Tides</span><h2>No</h2>', "Tides", "title-class"),
        ('<div class="subtitle">Moorings</div><h2>Tides</h2>', "Tides", "h2"),
        ("<p>No heading at all.</p>", None, None),
    ],
)
def test_a_page_without_a_title_takes_its_first_heading(
    body: str, headline: str | None, source: str | None
) -> None:
    from scoring.extract import extract_facts

    head = meta("og:site_name", "Riverside Chronicle")
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    facts = extract_facts(doc(html))
    assert (facts.title, facts.title_source) == (headline, source)


def test_a_title_that_only_names_the_site_comes_before_a_guessed_heading() -> None:
    from scoring.extract import extract_facts

    html = "<html><head><title>Riverside Chronicle</title></head><body><h1>Tides</h1></body></html>"
    html = html.replace("<title>", meta("og:site_name", "Riverside Chronicle") + "<title>")
    assert extract_facts(doc(html)).title == "Riverside Chronicle"


@pytest.mark.parametrize("host", ["example.com", "www.riverside-chronicle.co.uk"])
def test_a_host_name_alone_in_a_title_names_a_site(host: str) -> None:
    """Whatever site it names: "example.com | Tides at noon" is the headline "Tides at noon"
    even where the page's address is another site's."""
    from scoring.extract import extract_facts

    html = page(title=f"{host} | Tides turn at noon on the quay", h1=None)
    assert extract_facts(doc(html, "https://www.elsewhere.example/a")).title == (
        "Tides turn at noon on the quay"
    )


@pytest.mark.parametrize("host", ["example.com", "www.riverside-chronicle.co.uk"])
def test_a_title_that_is_only_an_address_is_no_headline(host: str) -> None:
    """A page titled by its address alone states no headline: its first heading is the
    headline, even where the page has more than one; with none, the page has no headline
    rather than the address for one."""
    from scoring.extract import extract_facts

    two = "<h1>Tides turn at noon on the quay</h1><h1>More from the harbour</h1>"
    html = f"<html><head><title>{host}</title></head><body>{two}</body></html>"
    facts = extract_facts(doc(html, "https://www.elsewhere.example/a"))
    assert (facts.title, facts.title_source) == ("Tides turn at noon on the quay", "h1")
    bare = f"<html><head><title>{host}</title></head><body><p>Words.</p></body></html>"
    assert extract_facts(doc(bare, "https://www.elsewhere.example/a")).title is None


def test_a_word_with_a_dot_that_is_no_host_name_stays_in_the_title() -> None:
    from scoring.extract import extract_facts

    html = page(title="Node.js | Tides turn at noon on the quay", h1=None)
    assert extract_facts(doc(html, "https://www.elsewhere.example/a")).title == (
        "Node.js | Tides turn at noon on the quay"
    )


# --- a kicker inside the headline --------------------------------------------------------------

KICKERS = [
    # A first child marked as the overline, whatever separates it from the headline.
    (
        '<span class="ts-overline">Harbour </span><span class="ts-colon">: </span>'
        f'<span class="ts-headline">{HEADLINE}</span>',
        f"Harbour: {HEADLINE} | Riverside Chronicle",
        HEADLINE,
    ),
    # A topic label as a block of its own; the metadata writes the kicker in too.
    (
        f'<div class="topic-label"> Ten years on </div> {HEADLINE} ',
        f"Ten years on: {HEADLINE}",
        HEADLINE,
    ),
    # A small print line ended by a line break, inside a wrapper around the whole headline.
    (
        f'<span class="post-title"><small>Week in review</small><br>{HEADLINE}</span>',
        f"Week in review | {HEADLINE} - Riverside Chronicle",
        HEADLINE,
    ),
    # The metadata titles write the headline alone: the <h1> is still the headline's source.
    (f'<span class="eyebrow">Ten years on</span> {HEADLINE}', HEADLINE, HEADLINE),
    # No metadata title at all: the <h1>'s headline, without its kicker.
    (f'<span class="kicker">Ten years on</span> {HEADLINE}', "", HEADLINE),
    # A first word set apart that is no kicker is the headline's own.
    (f"<em>Council</em> {HEADLINE[8:]}", HEADLINE, HEADLINE),
    # What would be left after a "kicker" is too short to be a headline: the whole <h1>.
    (
        '<span class="label">Council approves harbour bridge</span> now',
        "",
        "Council approves harbour bridge now",
    ),
]


@pytest.mark.parametrize(("h1", "title", "headline"), KICKERS)
def test_a_kicker_in_the_headline_is_not_the_headline(h1: str, title: str, headline: str) -> None:
    """The label set above a headline inside its <h1> ("Genetik", "Ten years on") is no
    part of the headline, whether or not the metadata titles write it in."""
    from scoring.extract import extract_facts

    html = page(title=title, h1=None).replace("<main><article>", f"<main><article><h1>{h1}</h1>")
    facts = extract_facts(doc(html))
    assert (facts.title, facts.title_source) == (headline, "h1")


# (<title>, <h1>, headline): a kicker and a colon before the headline in the metadata title only.
LABELLED_TITLES = [
    # The section's or the press office's label is set before the headline the page shows.
    (f"PRESS RELEASE: {HEADLINE}", HEADLINE, HEADLINE),
    (f"Harbour news: {HEADLINE} | Riverside Chronicle", HEADLINE, HEADLINE),
    # A blog's title writes its own name before the post's: a logo <h1> with that name is
    # still not the headline (nor is the name, unknown here as the site's, trimmed).
    (f"Quayside Notes: {HEADLINE}", "Quayside Notes", f"Quayside Notes: {HEADLINE}"),
    # A colon inside a longer opening is the headline's own: the title stays whole.
    (
        f"Three councils and a harbour board: {HEADLINE}",
        HEADLINE,
        f"Three councils and a harbour board: {HEADLINE}",
    ),
]


@pytest.mark.parametrize(("title", "h1", "headline"), LABELLED_TITLES)
def test_a_label_before_the_headline_in_a_title_is_not_the_headline(
    title: str, h1: str, headline: str
) -> None:
    from scoring.extract import extract_facts

    facts = extract_facts(doc(page(title=title, h1=h1)))
    assert facts.title == headline


@pytest.mark.parametrize(
    ("h1", "headline"),
    [
        # A full date stamped before or after the headline in its <h1> is not part of it.
        (f"23.01.2025 - {HEADLINE}", HEADLINE),
        (f"23.01.2025, 10:15 Uhr - {HEADLINE}", HEADLINE),
        (f"{HEADLINE} | 2025-01-23", HEADLINE),
        # A year, or a number that is no full date, is the headline's own.
        (
            "2024 - The year the harbour bridge was approved",
            "2024 - The year the harbour bridge was approved",
        ),
        ("9/11 - Twenty years on at the harbour", "9/11 - Twenty years on at the harbour"),
        # What is left after the date must still be a headline.
        ("23.01.2025 - Council", "23.01.2025 - Council"),
    ],
)
def test_a_date_stamped_on_the_headline_is_not_the_headline(h1: str, headline: str) -> None:
    from scoring.extract import extract_facts

    facts = extract_facts(doc(page(title="", h1=h1)))
    assert (facts.title, facts.title_source) == (headline, "h1")


def test_names_and_headlines_are_reported_composed() -> None:
    """Text is reported in Unicode's composed form (NFC), however the page writes it: a letter
    and its accent apart, or a letter NFC keeps apart written as one (Bengali "\u09df")."""
    import unicodedata

    from scoring.extract import extract_facts

    headline = "কুপি\u09dfে হত্যা at the harbour"
    byline = '<p class="byline">By Jose\u0301 Marti\u0301</p>'
    site = meta("og:site_name", "Cafe\u0301 Chronicle")
    facts = extract_facts(doc(page(title="", h1=headline, top=byline, head=site)))
    assert facts.title == unicodedata.normalize("NFC", headline) != headline
    assert [a.name for a in facts.authors] == ["Jos\u00e9 Mart\u00ed"]
    assert facts.outlet.name == "Caf\u00e9 Chronicle"
