"""Who wrote the article, read as principles rather than per site: a byline counts only in the
article's own header zone (or as its JSON-LD/meta author); names in rails, comment threads,
figure credits, quote boxes, author lists and page footers credit other work. Each case is a
small page of its own."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pytest
from material import FILLER

from scoring.document import Document
from scoring.extract.authorship import extract_authorship

URL = "https://www.harbour-gazette.example/city/ferry-timetable-changes"
TITLE = "Ferry timetable changes after winter storms"


def page(
    *,
    head: str = "",
    top: str = "",
    body: str = "",
    after: str = "",
    aside: str = "",
    footer: str = "",
    before: str = "",
) -> str:
    """An article: `before` sits above the headline, `top` under it (the header zone), `body`
    opens the text, `after` closes the article element, `aside` is a side column beside it and
    `footer` the site's footer."""
    text = body + "".join(f"<p>{p}</p>\n" for p in FILLER)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(TITLE)}</title>{head}</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/city/">City</a></nav></header>
<div class="layout">
<main><article>
{before}
<h1>{escape(TITLE)}</h1>
{top}
<div class="story">
{text}</div>
{after}
</article></main>
<aside class="rail">{aside}</aside>
</div>
<footer class="site-footer">{footer}</footer>
</body></html>"""


def ld(author: Any) -> str:
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", "author": author}
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def names(html: str, url: str = URL) -> list[tuple[str, str]]:
    return [(a.name, a.kind) for a in extract_authorship(Document.parse(html, url)).authors]


BYLINE = '<p class="byline">By <a href="/staff/nora-field">Nora Field</a></p>'
NORA = [("Nora Field", "person")]


def card(name: str, headline: str) -> str:
    return (
        f'<li class="story-card"><a href="/city/{len(headline)}"><h3>{headline}</h3>'
        f'<span class="byline">By {name}</span></a></li>'
    )


# --- 1. names from the rest of the page --------------------------------------------------------

ELSEWHERE = [
    pytest.param(
        {
            "top": BYLINE,
            "after": '<section class="related"><ul>'
            + card("Tomas Berg", "Port strike ends after two weeks of talks")
            + card("Ivy Chen", "New bridge lights switched on for the festival")
            + "</ul></section>",
        },
        NORA,
        id="related-rail-in-the-article",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "aside": "<ul>"
            + card("Tomas Berg", "Port strike ends after two weeks of talks")
            + card("Ivy Chen", "New bridge lights switched on for the festival")
            + "</ul>",
        },
        NORA,
        id="side-rail",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "after": '<div class="more-from-author"><h2>More from Nora Field</h2>'
            '<ul><li><span class="author">Otto Lind</span> and Nora Field on the tides</li></ul>'
            "</div>",
        },
        NORA,
        id="more-from-this-author-box",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "after": '<section id="comments"><ol class="comment-list">'
            '<li><div class="comment-author">Peter Quill</div><p>Great piece.</p></li>'
            '<li><div class="comment-author">Grace Hopper</div><p>Thanks.</p></li></ol></section>',
        },
        NORA,
        id="comment-authors",
    ),
    pytest.param(
        {
            "after": '<section class="comments"><div class="comment-author">Peter Quill</div>'
            '<div class="comment-author">Grace Hopper</div></section>'
        },
        [],
        id="only-comment-authors-is-no-byline",
    ),
    pytest.param(
        {
            "before": '<figure><img src="/ferry.jpg" alt=""><figcaption>Photo: '
            '<span class="credit author">Sam Rivers</span></figcaption></figure>',
            "top": BYLINE,
        },
        NORA,
        id="figure-credit-above-the-headline",
    ),
    pytest.param(
        {
            "top": '<figure class="lead"><img src="/f.jpg" alt=""><figcaption>'
            '<span class="byline">Photograph by Sam Rivers</span></figcaption></figure>' + BYLINE
        },
        NORA,
        id="figure-credit-in-the-header-zone",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "body": '<blockquote class="twitter-tweet"><p>Ferries cancelled again'
            " today, the third time this week.</p>"
            '<span class="author">Lena Hart</span></blockquote>',
        },
        NORA,
        id="quote-box",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "footer": '<div class="our-team"><span class="author">Mark Otis</span>'
            '<span class="author">Jo Brand</span><span class="author">Ann Lee</span></div>',
        },
        NORA,
        id="staff-list-in-the-site-footer",
    ),
    pytest.param(
        {
            "aside": "<ul>"
            + card("Tomas Berg", "Port strike ends after two weeks of talks")
            + card("Ivy Chen", "New bridge lights switched on")
            + "</ul>"
        },
        [],
        id="only-names-in-a-rail-is-no-byline",
    ),
    pytest.param(
        {
            "top": BYLINE,
            "after": '<div class="author-box"><span class="author-name">Nora Field'
            '</span><p class="author-bio">Nora Field covers the waterfront.</p></div>',
        },
        NORA,
        id="author-box-for-the-same-writer",
    ),
    pytest.param(
        {
            "top": '<p class="byline">Harbour Gazette</p>',
            "after": '<div class="author-box"><span class="author-name">Nora Field</span></div>',
        },
        NORA,
        id="author-box-when-the-header-credits-only-the-outlet",
    ),
    pytest.param(
        {
            "top": '<div class="article-meta"><span class="author">Nora Field</span></div>',
            "after": '<div class="read-next"><span class="author">Otto Lind</span></div>',
        },
        NORA,
        id="read-next-after-the-article",
    ),
]


@pytest.mark.parametrize(("parts", "expected"), ELSEWHERE)
def test_only_the_articles_own_byline_counts(
    parts: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert names(page(**parts)) == expected


# --- 2. bylines missed ------------------------------------------------------------------------

MISSED = [
    pytest.param(
        '<div class="author-info">Sara Berg Stand: 05. Februar 2020</div>',
        [("Sara Berg", "person")],
        id="name-then-a-date-label",
    ),
    pytest.param(
        '<div class="meta"><span>By</span> <a href="/people/ola-nordmann">Ola Nordmann</a>'
        "<time>3 March</time></div>",
        [("Ola Nordmann", "person")],
        id="plain-by-then-a-link",
    ),
    pytest.param(
        '<div class="meta">By Ola Nordmann and Kari Holm</div>',
        [("Ola Nordmann", "person"), ("Kari Holm", "person")],
        id="plain-text-two-names",
    ),
    pytest.param(
        "<p><span>by</span> <span>Jane Q. Doe</span></p>",
        [("Jane Q. Doe", "person")],
        id="plain-lowercase-by",
    ),
    pytest.param('<span class="author">tlow</span>', [("tlow", "person")], id="handle-alone"),
    pytest.param(
        '<div class="byline">Von <a href="/user/fatima">Fatima</a></div>',
        [("Fatima", "person")],
        id="one-word-name-in-a-byline",
    ),
    pytest.param(
        '<span class="byline">Posted by freeman1984</span>',
        [("freeman1984", "person")],
        id="handle-with-digits",
    ),
    pytest.param(
        '<p class="byline">By R. R. Moreno</p>', [("R. R. Moreno", "person")], id="initials"
    ),
    pytest.param(
        '<p class="byline">By J. K. Lee and A. B. Ortiz</p>',
        [("J. K. Lee", "person"), ("A. B. Ortiz", "person")],
        id="initials-two",
    ),
    pytest.param(
        '<div class="byline">記者：田中一郎</div>', [("田中一郎", "person")], id="japanese-kisha"
    ),
    pytest.param(
        '<div class="author">作者：李明华</div>', [("李明华", "person")], id="chinese-zuozhe"
    ),
    pytest.param('<div class="byline">文／王小明</div>', [("王小明", "person")], id="chinese-wen"),
    pytest.param(
        '<div class="byline"><span>By</span> <a href="/u/r23">r23</a></div>',
        [("r23", "person")],
        id="forum-user",
    ),
]


@pytest.mark.parametrize(("top", "expected"), MISSED)
def test_bylines_the_page_offers_are_read(top: str, expected: list[tuple[str, str]]) -> None:
    assert names(page(top=top)) == expected


def test_an_editor_credit_at_the_end_of_the_body() -> None:
    body_end = "<p>责任编辑：张伟</p>"
    html = page().replace("</div>\n\n</article>", body_end + "</div>\n\n</article>")
    assert body_end in html
    assert names(html) == [("张伟", "person")]


@pytest.mark.parametrize(
    ("body_end", "expected"),
    [
        # A byline's label on a line of its own, the name on the next.
        ("<p><b>Von:</b><br><br> Nora Field</p>", NORA),
        ("<p>Written by:</p><p>Nora Field</p>", NORA),
        # A label followed by running text names no one, whatever name the text opens with.
        (
            "<p>Von:</p><p>Nora Field, who has covered the harbour and its ferries for this "
            "paper since the winter of 2011</p>",
            [],
        ),
        (
            "<p>By:</p><p>the end of the winter timetable the ferries will have run on time.</p>",
            [],
        ),
    ],
)
def test_a_byline_label_and_its_name_on_two_lines(
    body_end: str, expected: list[tuple[str, str]]
) -> None:
    html = page().replace("</div>\n\n</article>", body_end + "</div>\n\n</article>")
    assert body_end in html
    assert names(html) == expected


def test_a_lone_word_after_by_in_running_text_is_no_name() -> None:
    assert names(page(top="<p>By now</p>")) == []


# --- 3. UI words and prefixes -----------------------------------------------------------------

UI = [
    '<div class="author">Learn More</div>',
    '<div class="author">Facebook Twitter YouTube LinkedIn Xing</div>',
    '<div class="author-links">Gesponserte Inhalte</div>',
    '<div class="author">Weitere Artikel</div>',
    '<div class="author">Alle Beiträge</div>',
    '<div class="author">Ad Operations</div>',
    '<div class="author">Read more</div>',
    '<div class="author">Lire la suite</div>',
    '<div class="author">Leer más</div>',
    '<div class="author">Czytaj więcej</div>',
    '<div class="author">Läs mer</div>',
    '<div class="author">Další články</div>',
    '<div class="author">No author</div>',
]


@pytest.mark.parametrize("top", UI)
def test_buttons_and_labels_are_no_names(top: str) -> None:
    assert names(page(top=top)) == []


PREFIXES = [
    ("Erstellt von Anna Schmidt", "Anna Schmidt"),
    ("Veröffentlicht von Anna Schmidt", "Anna Schmidt"),
    ("Eingestellt von Anna Schmidt", "Anna Schmidt"),
    ("Über Anna Schmidt", "Anna Schmidt"),
    ("Geschrieben von Anna Schmidt", "Anna Schmidt"),
    ("Post author By Anna Schmidt", "Anna Schmidt"),
    ("Par Jeanne Morel", "Jeanne Morel"),
    ("Écrit par Jeanne Morel", "Jeanne Morel"),
    ("Por María García", "María García"),
    ("Escrito por María García", "María García"),
    ("Publicado por João Silva", "João Silva"),
    ("Scritto da Marco Rossi", "Marco Rossi"),
    ("Door Pieter Jansen", "Pieter Jansen"),
    ("Geschreven door Pieter Jansen", "Pieter Jansen"),
    ("Przez Anna Kowalska", "Anna Kowalska"),
    ("Autor: Jan Novák", "Jan Novák"),
    ("Napsal Jan Novák", "Jan Novák"),
    ("Av Erik Lindqvist", "Erik Lindqvist"),
    ("Skriven av Erik Lindqvist", "Erik Lindqvist"),
    ("Text: Erik Lindqvist", "Erik Lindqvist"),
    ("Текст: Анна Смирнова", "Анна Смирнова"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("Yazar: Ayşe Yılmaz", "Ayşe Yılmaz"),
    ("Penulis: Budi Santoso", "Budi Santoso"),
    ("بقلم محمد علي", "محمد علي"),
    ("Tác giả: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Szerző: Kovács Anna", "Kovács Anna"),
    ("Kirjoittaja: Mikko Virtanen", "Mikko Virtanen"),
    ("Skrevet af Mette Hansen", "Mette Hansen"),
]


@pytest.mark.parametrize(("byline", "name"), PREFIXES, ids=[p[0] for p in PREFIXES])
def test_byline_prefixes_in_many_languages(byline: str, name: str) -> None:
    assert names(page(top=f'<div class="byline">{byline}</div>')) == [(name, "person")]


# --- 4. names thrown away and sources not read -------------------------------------------------

SOURCES = [
    pytest.param(
        ld({"@type": "Person", "name": 'Amanda "Tania Mae" Tan'}),
        "",
        [('Amanda "Tania Mae" Tan', "person")],
        id="json-ld-nickname",
    ),
    pytest.param(
        ld({"@type": "Person", "name": "Jenny Smith ❤️"}),
        "",
        [("Jenny Smith", "person")],
        id="json-ld-emoji",
    ),
    pytest.param(
        '<meta property="og:author" content="Ravi Kumar">',
        "",
        [("Ravi Kumar", "person")],
        id="og-author",
    ),
    pytest.param(
        '<meta property="article:author" content="Ravi Kumar">',
        "",
        [("Ravi Kumar", "person")],
        id="article-author-name",
    ),
    pytest.param(
        '<meta name="citation_author" content="Ravi Kumar">',
        "",
        [("Ravi Kumar", "person")],
        id="citation-author",
    ),
    pytest.param(
        "", "<author>Ravi Kumar</author>", [("Ravi Kumar", "person")], id="author-element"
    ),
    pytest.param(
        "", '<div id="author">Ravi Kumar</div>', [("Ravi Kumar", "person")], id="id-author"
    ),
    pytest.param(
        "",
        '<div data-component="Byline"><span>Ravi Kumar</span></div>',
        [("Ravi Kumar", "person")],
        id="data-component-byline",
    ),
    pytest.param(
        "",
        '<div data-testid="byline">By Ravi Kumar</div>',
        [("Ravi Kumar", "person")],
        id="data-testid-byline",
    ),
    pytest.param(
        ld({"@type": "Person", "name": ["Ravi Kumar", "Nora Field"]}),
        "",
        [("Ravi Kumar", "person"), ("Nora Field", "person")],
        id="json-ld-names-as-a-list",
    ),
    pytest.param(
        ld({"@type": "Person", "name": {"@type": "Person", "name": "Ravi Kumar"}}),
        "",
        [("Ravi Kumar", "person")],
        id="json-ld-name-nested-as-an-object",
    ),
    pytest.param(
        ld(
            {
                "@type": "Person",
                "givenName": "Ravi",
                "additionalName": "Anand",
                "familyName": "Kumar",
            }
        ),
        "",
        [("Ravi Anand Kumar", "person")],
        id="json-ld-given-and-family-names",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@type": "newsarticle", '
        '"author": {"@type": "Person", "name": "Ravi Kumar"}}</script>',
        "",
        [("Ravi Kumar", "person")],
        id="json-ld-type-in-lowercase",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Person", "name": "Ravi Kumar",}, "publisher": {"name": "Gazette"},\n}</script>',
        "",
        [("Ravi Kumar", "person")],
        id="json-ld-with-trailing-commas",
    ),
    pytest.param(
        "",
        '<p class="byline">Ravi Kumar from The Harbour Gazette</p>',
        [("Ravi Kumar", "person")],
        id="byline-name-from-outlet",
    ),
]


@pytest.mark.parametrize(("head", "top", "expected"), SOURCES)
def test_names_and_sources(head: str, top: str, expected: list[tuple[str, str]]) -> None:
    assert names(page(head=head, top=top)) == expected


def test_a_profile_address_in_article_author_is_no_name() -> None:
    head = '<meta property="article:author" content="https://social.example/ravi">'
    assert names(page(head=head)) == []


def test_a_copyright_line_is_no_byline() -> None:
    head = '<meta name="author" content="Copyright Harbour Media GmbH &amp; Co. KG">'
    assert names(page(head=head)) == []


# --- 5. organizations and desks ---------------------------------------------------------------

ORGS = [
    pytest.param(
        "AFP/The Local",
        '<meta property="og:site_name" content="The Local">',
        [("AFP", "organization"), ("The Local", "organization")],
        id="agency-slash-site",
    ),
    pytest.param(
        "Par Jean Dupont (AFP)",
        "",
        [("Jean Dupont", "person"), ("AFP", "organization")],
        id="agency-in-parentheses",
    ),
    pytest.param(
        "Staff and news service reports",
        "",
        [("Staff", "generic"), ("news service reports", "generic")],
        id="desk-and-wire",
    ),
    pytest.param(
        "By Ana Ruiz (Reuters)",
        "",
        [("Ana Ruiz", "person"), ("Reuters", "organization")],
        id="person-and-wire",
    ),
    pytest.param(
        "Par Cécile Morel (Bruxelles, bureau européen)",
        "",
        [("Cécile Morel", "person")],
        id="place-in-parentheses-is-no-credit",
    ),
    pytest.param(
        "Bundesverband Windkraft",
        "",
        [("Bundesverband Windkraft", "organization")],
        id="association",
    ),
]


@pytest.mark.parametrize(("byline", "head", "expected"), ORGS)
def test_organizations_and_desks(byline: str, head: str, expected: list[tuple[str, str]]) -> None:
    assert names(page(head=head, top=f'<p class="byline">{byline}</p>')) == expected


# --- 11. metadata that disagrees with the page -------------------------------------------------


def test_metadata_and_visible_byline_naming_different_people_are_both_recorded() -> None:
    html = page(head=ld({"@type": "Person", "name": "Maria Lopez"}), top=BYLINE)
    found = extract_authorship(Document.parse(html, URL))
    assert [a.name for a in found.authors] == ["Maria Lopez"]
    assert [a.name for a in found.byline_disagrees] == ["Nora Field"]


@pytest.mark.parametrize(
    "top",
    [BYLINE, '<p class="byline">By Nora Field and Otto Lind</p>', ""],
    ids=["same-person", "same-person-among-others", "no-visible-byline"],
)
def test_metadata_agreeing_with_the_page_is_no_disagreement(top: str) -> None:
    html = page(head=ld({"@type": "Person", "name": "Nora Field"}), top=top)
    assert extract_authorship(Document.parse(html, URL)).byline_disagrees == []


# Words that are name particles inside a surname ("van", "al", "ben", "del") are given names
# when they open a name.
PARTICLE_FIRST = [
    pytest.param('<p class="byline">By Ben Okafor</p>', [("Ben Okafor", "person")], id="ben"),
    pytest.param(
        '<p class="byline">By <a href="/staff/al-merrick">Al Merrick</a></p>',
        [("Al Merrick", "person")],
        id="al-linked",
    ),
    pytest.param(
        '<p class="byline">By Del Ortega and Nuria Vidal</p>',
        [("Del Ortega", "person"), ("Nuria Vidal", "person")],
        id="del-and-another",
    ),
    pytest.param(
        '<p class="byline">By Pieter van der Lugt</p>',
        [("Pieter van der Lugt", "person")],
        id="particles-inside-stay-particles",
    ),
]


@pytest.mark.parametrize(("top", "expected"), PARTICLE_FIRST)
def test_a_particle_word_opening_a_name_is_a_given_name(
    top: str, expected: list[tuple[str, str]]
) -> None:
    assert names(page(top=top)) == expected


def test_a_particle_word_opening_a_meta_author_is_a_given_name() -> None:
    head = '<meta name="author" content="Van Morrow">'
    assert names(page(head=head)) == [("Van Morrow", "person")]


def test_a_meta_value_under_several_keys_is_read_under_each() -> None:
    head = '<meta property="dc:creator twitter:creator" content="Ravi Kumar">'
    assert names(page(head=head)) == [("Ravi Kumar", "person")]


def test_markup_pasted_into_an_author_value_is_read_as_its_text() -> None:
    value = escape('By <a href="/staff/ravi">Ravi Kumar</a> and <b>Ana Ruiz</b>')
    head = f'<meta property="og:author" content="{value}">'
    assert names(page(head=head)) == [("Ravi Kumar", "person"), ("Ana Ruiz", "person")]


# A byline element whose whole text is no name, holding one beside a job title, a handle or a
# time: the name is read from its own element, or from the text before the first one.
BYLINE_PARTS = [
    pytest.param(
        '<div class="author"><span class="author__name">Ravi Kumar</span>'
        '<span class="author__handle">@ravik</span><time>11:57 AM</time></div>',
        [("Ravi Kumar", "person")],
        id="name-handle-time",
    ),
    pytest.param(
        '<a class="author" href="/staff/ravi">Ravi Kumar'
        '<div class="role">Transport Editor</div></a>',
        [("Ravi Kumar", "person")],
        id="name-then-role-element",
    ),
    pytest.param(
        '<div class="byline"><span>Transport Editor</span> <span>Ana Ruiz</span>'
        "<span>12 min read</span></div>",
        [("Ana Ruiz", "person")],
        id="role-name-reading-time",
    ),
]


@pytest.mark.parametrize(("top", "expected"), BYLINE_PARTS)
def test_a_name_beside_other_things_in_a_byline_element(
    top: str, expected: list[tuple[str, str]]
) -> None:
    assert names(page(top=top)) == expected


@pytest.mark.parametrize(
    "after",
    [
        '<div class="submitted">Submitted by <a href="/user/12">Ravi Kumar</a> on 3 May 2019</div>',
        '<p class="posted-by">Posted by <span>Ravi Kumar</span></p>',
    ],
)
def test_submitted_and_posted_by_blocks_are_bylines(after: str) -> None:
    # Closing the article, where only a marked byline block is read.
    assert names(page(after=after)) == [("Ravi Kumar", "person")]


@pytest.mark.parametrize(
    "top",
    [
        '<p class="meta"><a href="/author/ravi-kumar/">Ravi Kumar</a> · 5 min read</p>',
        '<p><a href="https://www.harbour-gazette.example/staff/ravi-kumar">Ravi Kumar</a></p>',
    ],
)
def test_a_link_to_an_author_page_under_the_headline_is_a_byline(top: str) -> None:
    (author,) = extract_authorship(Document.parse(page(top=top), URL)).authors
    assert (author.name, author.kind) == ("Ravi Kumar", "person")
    assert author.profile_url is not None and "ravi-kumar" in author.profile_url


def test_a_link_to_an_author_page_in_a_rail_is_no_byline() -> None:
    aside = '<h3>More from</h3><p><a href="/author/ana-ruiz/">Ana Ruiz</a></p>'
    assert names(page(aside=aside)) == []


@pytest.mark.parametrize(
    "top",
    [
        '<span class="authorname-txt"><span class="truncate">Ravi Kumar</span></span>',
        '<div class="meta"><h4>Autor</h4><p><a href="/profil/ravi-kumar">Ravi Kumar</a></p></div>',
        '<p><a href="/perfil/ravi-kumar">Ravi Kumar</a></p>',
    ],
)
def test_author_markup_written_as_one_word_and_profile_paths_in_other_languages(
    top: str,
) -> None:
    assert names(page(top=top)) == [("Ravi Kumar", "person")]


@pytest.mark.parametrize(
    ("top", "name"),
    [
        ('<p class="byline">By Joe S.</p>', "Joe S."),
        ('<p class="byline">By Marcus Bell Jr.</p>', "Marcus Bell Jr."),
        ('<p class="byline">By Marcus Bell.</p>', "Marcus Bell"),
    ],
)
def test_a_period_stays_after_an_initial_or_a_suffix(top: str, name: str) -> None:
    assert names(page(top=top)) == [(name, "person")]


@pytest.mark.parametrize(
    ("top", "name"),
    [
        (
            '<div class="author">Author: <a href="/u/58"><b>kestrel77</b></a>'
            " am 3.5.2019, 13:36 Uhr</div>",
            "kestrel77",
        ),
        (
            '<p class="submitted">Gespeichert von <span class="username">tarnwolf</span>'
            " am 24. Juli 2017 - 18:55</p>",
            "tarnwolf",
        ),
    ],
)
def test_a_user_name_after_a_prefix_beside_a_date(top: str, name: str) -> None:
    assert names(page(top=top)) == [(name, "person")]


@pytest.mark.parametrize(
    "top",
    [
        '<div class="byline">In <a href="/world/">World News</a></div>',
        '<div class="author">Im Ressort <a href="/wirtschaft/">Wirtschaft</a></div>',
        '<span class="byline">Dans <a href="/monde/">Monde Arabe</a></span>',
    ],
)
def test_a_section_label_where_a_byline_can_be_names_no_one(top: str) -> None:
    assert names(page(top=top)) == []


def test_a_byline_beside_its_section_label_keeps_the_name() -> None:
    top = (
        '<div class="byline"><a href="/staff/jd">Jane Doe</a>'
        '<span class="section">In <a href="/politics/">Politics</a></span></div>'
    )
    assert names(page(top=top)) == [("Jane Doe", "person")]


# A page with no headline has no header zone: the byline attributes read there (ids, component
# names) are read on the whole body instead, camel-cased component names word by word.
@pytest.mark.parametrize(
    "body",
    [
        '<span id="author-name">Nora Field</span>',
        '<span id="author">Nora Field</span>',
        '<div data-component="Byline">Nora Field</div>',
        '<div><a data-testid="AuthorLink" href="/by/nf">Nora Field</a></div>',
        '<p data-testid="bylineText">By Nora Field</p>',
    ],
)
def test_byline_attributes_on_a_page_without_a_headline(body: str) -> None:
    html = f"<html><body>{body}<p>{FILLER[0]}</p></body></html>"
    assert names(html) == NORA


@pytest.mark.parametrize(
    "body",
    [
        '<div data-testid="authorityNotice">Nora Field</div>',  # no byline word in it
        '<aside class="rail"><span id="author">Nora Field</span></aside>',  # in a rail
    ],
)
def test_byline_attributes_without_a_headline_still_need_a_byline_word_and_place(
    body: str,
) -> None:
    html = f"<html><body>{body}<p>{FILLER[0]}</p></body></html>"
    assert names(html) == []


def test_camel_cased_component_names_in_the_header_zone() -> None:
    assert names(page(top='<div data-testid="AuthorName">Nora Field</div>')) == NORA


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Nora_Field", [("Nora Field", "person")]),
        ("Nora_Anne_Field", [("Nora Anne Field", "person")]),
        ("nora_field", [("nora_field", "person")]),  # a user name stays as written
    ],
)
def test_a_name_written_with_underscores(written: str, expected: list[tuple[str, str]]) -> None:
    assert names(page(top=f'<span class="byline">{written}</span>')) == expected


H_CARD = (
    '<footer class="meta"><address class="author p-author h-card" itemprop="author" itemscope '
    'itemtype="http://schema.org/Person"><span itemprop="name">Nora Field</span></address>'
    "</footer>"
)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # Microformats2's author card ("p-author h-card"), under the headline or closing the
        # article: the author's card, not a teaser card.
        ({"top": H_CARD.replace("footer", "div")}, NORA),
        ({"after": H_CARD}, NORA),
        # A teaser card in a rail still credits another story.
        ({"aside": card("Ada Stone", "Harbour dredging resumes next week")}, []),
    ],
)
def test_a_microformats_author_card_is_no_teaser_card(
    parts: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert names(page(**parts)) == expected


@pytest.mark.parametrize(
    "top",
    [
        '<p class="byline">By Staff Writer Nora Field</p>',
        '<p class="byline">Von Redakteurin Nora Field</p>',
        '<p class="byline">Autor: Rechtsanwältin Nora Field</p>',
        # A role word closes a compound: joined by hyphens, or written solid when it is long.
        '<p class="byline">Von Harbour-Online-Expertin Nora Field</p>',
        '<p class="byline">Von Sportredakteurin Nora Field</p>',
        '<p class="byline">By Senior Staff-Writer Nora Field</p>',
    ],
)
def test_a_job_title_before_a_name_is_the_role_not_the_name(top: str) -> None:
    assert names(page(top=top)) == NORA


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        # A short role word closes no compound written solid: these are names.
        ('<p class="byline">By Mischief Nora Field</p>', "Mischief Nora Field"),
    ],
)
def test_a_word_that_only_ends_like_a_short_role_is_no_role(top: str, expected: str) -> None:
    assert [n for n, _ in names(page(top=top))] == [expected]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        # "|" sets a byline's fields apart: after the name, a place and a date.
        (
            '<p class="byline"><strong>Nora Field</strong> | Palma de Mallorca | 08/01/2025</p>',
            [("Nora Field", "person")],
        ),
        # Co-authors are joined by "and" or commas within one field.
        (
            '<p class="byline">By Nora Field and Ada Stone | Harbour Desk</p>',
            [("Nora Field", "person"), ("Ada Stone", "person")],
        ),
        # A field before the first name may hold one.
        (
            '<p class="byline">08/01/2025 | Nora Field | Palma de Mallorca</p>',
            [("Nora Field", "person")],
        ),
        # A desk's field before the person's does not end the list of people.
        (
            '<p class="byline">Harbour Desk | Nora Field</p>',
            [("Harbour Desk", "generic"), ("Nora Field", "person")],
        ),
        # An agency in a later field still credits the story.
        (
            '<p class="byline">By Nora Field | Reuters</p>',
            [("Nora Field", "person"), ("Reuters", "organization")],
        ),
    ],
)
def test_a_later_field_of_a_byline_names_no_co_author(
    top: str, expected: list[tuple[str, str]]
) -> None:
    assert names(page(top=top)) == expected


def test_a_job_title_alone_names_no_one() -> None:
    assert names(page(top='<p class="byline">By Senior Editor</p>')) == []


def authors_of(html: str) -> list[tuple[str, str | None]]:
    found = extract_authorship(Document.parse(html, URL)).authors
    return [(a.name, a.profile_url) for a in found]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        # The name runs on past a link that holds only a job title: that link is no profile.
        ('<p>Autor: <a href="/anwaelte/">Rechtsanwalt</a> Nora Field</p>', [("Nora Field", None)]),
        # ... or past a link that holds the given name: that link is hers.
        (
            '<p>Von <a href="/about-nora">Nora</a> Field</p>',
            [("Nora Field", "https://www.harbour-gazette.example/about-nora")],
        ),
        # What follows a separator is not the name.
        (
            '<p>Von <a href="/staff/nora-field">Nora Field</a> | 3 March 2025</p>',
            [("Nora Field", "https://www.harbour-gazette.example/staff/nora-field")],
        ),
    ],
)
def test_a_name_runs_on_past_a_link_after_a_byline_label(
    top: str, expected: list[tuple[str, str | None]]
) -> None:
    assert authors_of(page(top=top)) == expected
