"""The outlet, byline and lead-image extractors' shortcuts give what the plain ways give."""

from __future__ import annotations

import re
from itertools import takewhile
from random import Random
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from scoring.data import AUTHOR_WORDS, OUTLETS, lookalike_of
from scoring.document import Document
from scoring.domains import path_of
from scoring.extract import authorship
from scoring.extract.authorship import _PROFILE_PATH, _author_links, _profile_links
from scoring.extract.bylines import (
    Zone,
    _in_article_header,
    byline_elements,
    find_zone,
    following,
    header_links,
    zone_elements,
)
from scoring.extract.elements import page_elements
from scoring.extract.outlet import _lookalike

# Pieces of addresses: profile segments in any case, the characters that match a letter only
# case-insensitively, separators and other words.
_HREF_PIECES = st.sampled_from(
    [
        "/",
        "//",
        "author",
        "AUTHOR",
        "Autoren",
        "people",
        "peop",
        "STAFF",
        "\u017ftaff",
        "journal\u0131st",
        "PROF\u0130LE",
        "by",
        "By",
        "BY",
        "persons",
        "person",
        "team",
        "x",
        "-",
        ".",
        "?",
        "#",
        "\n",
        " ",
        "\u212a",
        "ẞ",
        "https:",
        "example.com",
    ]
)
_HREF = st.lists(_HREF_PIECES, max_size=8).map("".join)


@settings(max_examples=1000)
@given(st.lists(_HREF, max_size=8))
def test_the_joined_profile_search_finds_every_address_the_plain_search_finds(
    hrefs: list[str],
) -> None:
    found = _profile_links(hrefs)
    assert found == sorted(set(found))
    assert {i for i, h in enumerate(hrefs) if _PROFILE_PATH.search(h + "/")} <= set(found)


def test_the_joined_profile_search_finds_addresses_by_their_place() -> None:
    hrefs = ["/news/1", "/Author/jane", "", "/by", "https://x.com/a/STAFF", "/team-a/"]
    assert _profile_links(hrefs) == [1, 3, 4]


_BRANDS = sorted(OUTLETS.brand_labels)
_LABEL_PIECES = st.sampled_from(
    [
        *_BRANDS[:30],
        *(b for b in _BRANDS if not b.isalpha()),
        *("cnn", "CNN", "wsj", "news", "24", "-", "_", ".", "x", "the", "tv", "n", "ü", "。"),
        *(":", "@", "/", " ", "[", "]"),
    ]
)
_SUFFIXES = st.sampled_from(["com", "co.uk", "com.co", "de", "news", "org", "xn--p1ai", ""])


@settings(max_examples=500)
@given(st.lists(_LABEL_PIECES, min_size=1, max_size=4).map("".join), _SUFFIXES)
def test_the_lookalike_shortcut_answers_as_the_full_test(label: str, suffix: str) -> None:
    domain = f"{label}.{suffix}" if suffix else label
    assert _lookalike(domain) == lookalike_of(domain)


def test_the_lookalike_shortcut_answers_known_and_unknown_domains() -> None:
    for domain in ["", "example.com", "wsj.com.co", "cnn-news24.com", "localhost", "1.2.3.4"]:
        assert _lookalike(domain) == lookalike_of(domain)
    assert _lookalike("wsj.com.co") is not None


def _plain_alternation(words: list[str]) -> str:
    """Every word in turn, the longest first: what the author patterns' trees must match alike."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PLAIN_PREFIX = (
    r"(?:(?:" + _plain_alternation(AUTHOR_WORDS["byline_prefixes"]) + r")\b[\s:：]*"
    r"|(?:" + _plain_alternation(AUTHOR_WORDS["byline_prefixes_cjk"]) + r")\s*[\s:：/／|｜・=]\s*)"
)
_PLAIN = {
    "_PREFIX": re.compile(r"^[|•·–—\-\s]*" + _PLAIN_PREFIX, re.I),
    "_PREFIX_ONLY": re.compile(r"^[|•·–—\-\s]*" + _PLAIN_PREFIX + r"$", re.I),
    "_CUT": re.compile(
        r"\s+(?:[-–—•·]|\(|\b(?:"
        + _plain_alternation(AUTHOR_WORDS["after_name_words"])
        + r")\b)\s*.*$",
        re.I,
    ),
    "_ROLE": re.compile(r"\b(?:" + "|".join(AUTHOR_WORDS["role_words"]) + r")\b", re.I),
    "_WIRE": re.compile(r"\b(?:" + _plain_alternation(AUTHOR_WORDS["wire_phrases"]) + r")\b", re.I),
}
_NAME_PIECES = st.sampled_from(
    [
        *AUTHOR_WORDS["byline_prefixes"],
        *AUTHOR_WORDS["byline_prefixes_cjk"],
        *AUTHOR_WORDS["after_name_words"],
        *AUTHOR_WORDS["role_words"],
        *AUTHOR_WORDS["wire_phrases"],
        *("Jane", "Doe", "b", "y", "line", "er", "s", "e"),
        *(" ", " ", ":", "：", "-", "|", "(", ")", "/", ".", "\n", "İ", "ı", "ſ"),
    ]
)


def _any_case(draw: st.DrawFn) -> str:
    text = "".join(draw(st.lists(_NAME_PIECES, max_size=6)))
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if f else c for c, f in zip(text, flips, strict=True))


@settings(max_examples=2000)
@given(st.composite(_any_case)())
def test_the_author_word_trees_match_as_the_word_lists(text: str) -> None:
    for name, plain in _PLAIN.items():
        tree = getattr(authorship, name)
        assert tree.sub("#", text) == plain.sub("#", text), name
        assert bool(tree.fullmatch(text)) == bool(plain.fullmatch(text)), name


_REL = st.sampled_from(["author", "Author", "nofollow", "author nofollow", "authors", "", None])


@settings(max_examples=300)
@given(st.lists(_REL, max_size=8))
def test_the_rel_author_links_are_the_links_marked_so(rels: list[str | None]) -> None:
    anchors = [etree.Element("a", rel=r) if r is not None else etree.Element("a") for r in rels]
    expected = [a for a in anchors if "author" in (a.get("rel") or "").split()]
    assert _author_links(anchors) == expected


def _plain_key(el: etree._Element) -> tuple[int, ...]:
    path: list[int] = []
    node, parent = el, el.getparent()
    while parent is not None:
        path.append(parent.index(node))
        node, parent = parent, parent.getparent()
    return tuple(reversed(path))


_TREE: st.SearchStrategy[Any] = st.recursive(
    st.just([]), lambda kids: st.lists(kids, max_size=4), max_leaves=30
)


def _build(shape: list[object], parent: etree._Element) -> None:
    for i, child in enumerate(shape):
        # Comments among the elements count in an element's index as they do in the plain path.
        el = etree.SubElement(parent, "div") if i % 3 != 2 else etree.Comment("c")
        if i % 3 == 2:
            parent.append(el)
        else:
            _build(child if isinstance(child, list) else [], el)


@settings(max_examples=300)
@given(_TREE, st.randoms(use_true_random=False))
def test_the_zone_keys_are_the_paths_from_the_root(shape: list[object], rnd: Random) -> None:
    root = etree.Element("html")
    _build(shape, root)
    elements = list(root.iter())
    rnd.shuffle(elements)
    zone = Zone(None, None, None)
    for el in elements:
        assert zone.key(el) == _plain_key(el)


def _plain_in_article_header(el: Any, article: Any) -> bool:
    """The ancestors read one by one: a header or footer first, whose nearest article is the
    main one; the main article first, no."""
    for a in el.iterancestors():
        if a.tag in ("header", "footer"):
            return next(a.iterancestors("article"), None) is article
        if a is article:
            return False
    return False


_PARTS = st.lists(
    st.sampled_from(["<article>", "</article>", "<header>", "</header>", "<footer>", "</footer>"])
    | st.sampled_from(["<div>", "</div>", "<p>x</p>", "<span>", "</span>"]),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_PARTS)
def test_the_article_header_is_found_as_by_reading_each_ancestor(pieces: list[str]) -> None:
    """Every element of a page of nested articles, headers and footers, against every
    element as the main article."""
    doc = Document.parse("<html><body>" + "".join(pieces) + "</body></html>", "https://a.example/")
    elements = list(doc.tree.iter())
    for article in elements:
        for el in elements:
            assert _in_article_header(el, article) is _plain_in_article_header(el, article)


_LONG = "Words of a body paragraph that run on for well over a hundred characters, " * 2
_PAGE_PIECES = st.sampled_from(
    [
        "<h1>The headline of this story</h1>",
        "<header>",
        "</header>",
        '<div class="post-header">',
        "<div>",
        "</div>",
        f"<p>{_LONG}</p>",
        "<p>Short.</p>",
        "<span>By Jane Doe</span>",
        "<!-- a comment -->",
        "<br>",
        "<article>",
        "</article>",
    ]
)


def _zone_page(pieces: list[str], filler: int) -> Document:
    """A page of pieces under a titled headline, with `filler` empty elements in the middle
    (to push the body start past the zone's element bound)."""
    html = "<html><head><title>The headline of this story</title></head><body>"
    html += (
        "".join(pieces[: len(pieces) // 2])
        + "<i></i>" * filler
        + "".join(pieces[len(pieces) // 2 :])
    )
    return Document.parse(html, "https://example.com/news/1")


@settings(max_examples=500)
@given(st.lists(_PAGE_PIECES, max_size=24), st.integers(min_value=0, max_value=260))
def test_the_zone_elements_kept_from_the_walk_are_the_zones_own(
    pieces: list[str], filler: int
) -> None:
    doc = _zone_page(pieces, filler)
    zone = find_zone(doc)
    found = following(zone.headline, 200) if zone.headline is not None else iter(())
    assert zone_elements(zone) == list(takewhile(lambda el: el is not zone.body_start, found))


_TAGGED_PIECES = st.sampled_from(
    [
        "<h1>A</h1>",
        "<article>",
        "</article>",
        "<author>B</author>",
        '<img src="a.jpg">',
        "<picture><source srcset='b.jpg'><img src='b.jpg'></picture>",
        "<figure>",
        "</figure>",
        "<div>",
        "</div>",
        "<h2>C</h2>",
        "<p>D</p>",
    ]
)


@settings(max_examples=300)
@given(
    st.lists(_TAGGED_PIECES, max_size=20),
    st.lists(st.sampled_from(["h1", "article", "author", "img", "source", "figure"]), min_size=1),
)
def test_the_page_elements_of_one_walk_are_those_of_a_walk_for_the_tags(
    pieces: list[str], tags: list[str]
) -> None:
    doc = Document.parse("<html><body>" + "".join(pieces) + "</body></html>", "https://a.example/")
    wanted = tuple(dict.fromkeys(tags))
    assert page_elements(doc, *wanted) == list(doc.tree.iter(*wanted))
    assert page_elements(doc, *wanted) == list(doc.tree.iter(*wanted))  # from the walk kept


_LINK_PIECES = st.sampled_from(
    [
        "<h1>The headline of this story</h1>",
        "<header>",
        "</header>",
        "<footer>",
        "</footer>",
        '<div class="entry-header">',
        "<div>",
        "</div>",
        "<article>",
        "</article>",
        "<nav>",
        "</nav>",
        f"<p>{_LONG}</p>",
        "<p>Short.</p>",
        '<a href="/author/jane-doe">Jane Doe</a>',
        '<a href="https://example.com/People/john-roe/">John Roe</a>',
        '<a href="/by/ann-lee?x=1">Ann Lee</a>',
        '<a href="/news/other-story">Another story</a>',
        f'<a href="/staff/max-mu"><p>{_LONG}</p></a>',
        "<a>",
        "</a>",
        '<span class="byline">By <a href="/autor/eva-ek">Eva Ek</a></span>',
        '<a rel="author" href="/u/1">Kim Li</a>',
        '<a rel="nofollow author">Bo Ra</a>',
        '<aside><a rel="author" href="/u/2">Al Bo</a></aside>',
        '<div class="author-box">',
    ]
)


def _plain_profile_links(doc: Document, zone: Zone) -> list[Any]:
    """Every link on the page to an author's page that is in the header zone."""
    return [
        a
        for a in doc.anchors
        if _PROFILE_PATH.search((a.get("href") or "") + "/")
        and _PROFILE_PATH.search(path_of((a.get("href") or "").strip()) + "/")
        and zone.in_header(a)
        and not zone.excluded(a, page_parts=False)
    ]


_ARTICLE_FOOTER = [
    "<article>",
    "<h1>The headline of this story</h1>",
    f"<p>{_LONG}</p>",
    "<footer>",
    '<a href="/author/jane-doe">Jane Doe</a>',
    "</footer>",
    "</article>",
]
_HEADER_BEFORE = [
    "<header>",
    '<a href="/author/jane-doe">Jane Doe</a>',
    "<h1>The headline of this story</h1>",
    "</header>",
    f"<p>{_LONG}</p>",
]
_REL_AUTHOR_IN_ZONE = [
    "<h1>The headline of this story</h1>",
    '<a href="/news/other-story">Another story</a>',
    '<a rel="author" href="/u/1">Kim Li</a>',
    f"<p>{_LONG}</p>",
    '<aside><a rel="author" href="/u/2">Al Bo</a></aside>',
    '<a rel="author" href="/u/3">Cy Do</a>',
]
# The filler comes between the pieces' halves: a link after 200 elements, before the body.
_LONG_ZONE = ["<h1>The headline of this story</h1>", "<p>Short.</p>"] + [
    '<a href="/author/jane-doe">Jane Doe</a>',
    f"<p>{_LONG}</p>",
]


def _plain_candidates(doc: Document, zone: Zone) -> list[list[Any]]:
    """The byline candidates from every rel=author link on the page, in page order."""
    found = dict.fromkeys(byline_elements(doc, zone))
    found.update(dict.fromkeys(a for a in doc.anchors if "author" in (a.get("rel") or "").split()))
    ordered = sorted(found, key=_plain_key)
    header = [
        el for el in ordered if zone.in_header(el) and not zone.excluded(el, page_parts=False)
    ]
    if not header and zone.headline is not None:
        header = _plain_profile_links(doc, zone)

    def elsewhere(el: Any) -> bool:
        return (
            (not zone.article_element or el in zone.article.iterdescendants())
            and not zone.excluded(el)
            and bool(authorship.element_text(el))
        )

    others = [el for el in ordered if el not in header and elsewhere(el)]
    if not others:
        return [header, []]
    first = others[0]
    rest = [el for el in ordered[ordered.index(first) + 1 :] if el not in header]
    return [
        header,
        [first]
        + [
            el
            for el in rest
            if (el in first.iterdescendants() or el.getparent() is first.getparent())
            and elsewhere(el)
        ],
    ]


@settings(max_examples=500)
@given(st.lists(_LINK_PIECES, max_size=28), st.integers(min_value=0, max_value=220))
@example(_ARTICLE_FOOTER, 0)
@example(_LONG_ZONE, 205)
@example(_HEADER_BEFORE, 0)
@example(_REL_AUTHOR_IN_ZONE, 0)
@example(_REL_AUTHOR_IN_ZONE[:4], 0)
def test_the_header_zone_links_hold_every_link_in_the_zone_and_give_its_bylines(
    pieces: list[str], filler: int
) -> None:
    doc = _zone_page(pieces, filler)
    zone = find_zone(doc)
    near = header_links(zone)
    if near is not None:
        assert {a for a in doc.anchors if zone.in_header(a)} <= set(near)
        assert len(near) == len(set(near))
    assert list(authorship._byline_candidates(doc, zone)) == _plain_candidates(doc, zone)


_ATTR_PIECES = st.sampled_from(
    [
        "<h1>The headline of this story</h1>",
        f"<p>{_LONG}</p>",
        '<div id="byline">',
        '<div data-component="Byline" id="x">',
        "<div>",
        "</div>",
        '<span data-testid="author-name" id="author">Jane Doe</span>',
        '<span id="AUTHORS">Jo Ro</span>',
        '<span data-testid="AuthorName">Jo Ro</span>',
        '<b id="bylineText">By Jo Ro</b>',
        '<b data-component="authority">Jo Ro</b>',
        '<span data-testid="a-very-long-name-for-a-byline-component-here">Li</span>',
        '<span class="byline">By Jane Doe</span>',
        '<span id="dateline">May 1</span>',
        "<author>Ann Lee</author>",
    ]
)


@settings(max_examples=300)
@given(st.lists(_ATTR_PIECES, max_size=24))
def test_the_byline_elements_are_those_marked_or_named_so_in_the_zone(pieces: list[str]) -> None:
    html = "<html><head><title>The headline of this story</title></head><body>"
    doc = Document.parse(html + "".join(pieces), "https://example.com/news/1")
    zone = find_zone(doc)
    seen = dict.fromkeys(doc.marked("author"))
    seen.update(dict.fromkeys(page_elements(doc, "author")))
    scan = re.compile(r"(?<![a-z0-9])(?:byline|by-line|author|author-name|authors)(?![a-z0-9])")
    names = ("id", "data-component", "data-testid")
    # Without a headline there is no zone: the body's elements are read instead.
    elements = (
        zone_elements(zone)
        if zone.headline is not None
        else [el for el in doc.tree.find("body").iterdescendants() if any(map(el.get, names))]
    )
    for el in elements:
        for name in names:
            value = el.get(name)
            # camel-cased words apart: "AuthorURL" reads as "author-url"
            words = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", value or "").lower()
            if value and len(value) < 40 and scan.search(words):
                seen[el] = None
    expected = [el for el in seen if el.tag not in ("body", "html", "article", "main")]
    assert byline_elements(doc, zone) == expected
