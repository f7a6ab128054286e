"""The shared views of a Document built in one go equal the same views built the plain way,
element by element, on small pages of odd markup."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from scoring import document
from scoring.document import (
    _CLASSES,
    _ITEMPROPS,
    _LONG_RUNS,
    CLASS_FAMILIES,
    Document,
    _mark,
    _spelled_out,
)
from scoring.extract.bylines import Zone

# Each family's words as one named group, tried in the families' order: what the class index
# finds, written the plain way.
_ONE_GROUP_PER_FAMILY = re.compile(
    "[^a-z0-9](?:" + "|".join(f"(?P<{k}>{v})" for k, v in CLASS_FAMILIES.items()) + ")(?![a-z0-9])"
)

URL = "https://news.example/a"

# Words of every family and pieces around them; characters that change length or context when
# lowercased ("İ", the Kelvin sign, a final sigma); separators of every kind.
_WORDS = [
    w.replace("-?", "-")
    for v in CLASS_FAMILIES.values()
    for w in v.split("|")
    if len(w) < 16 or w.startswith("article")
] + ["articlebody", "storybody"]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(
        ["-", "_", " ", "  ", "\t", "x", "A", "1", "ed", "İ", "İİİİİİİİ", "\u212a", "Σ", "ς", "é"]
    ),
    st.sampled_from(["AUTHOR", "Date", "ByLine", "ΣΑΣ", "artiKel-text", "post-dateİ"]),
)
_VALUE = st.lists(_PIECES, max_size=5).map("".join)
_ELEMENT = st.tuples(
    st.sampled_from(["div", "p", "span", "time", "a", "section"]),
    st.one_of(st.none(), _VALUE),
    st.one_of(st.none(), _VALUE),
    st.integers(min_value=0, max_value=2),  # how many of the next elements it holds
)


def _page(
    elements: list[tuple[str, str | None, str | None, int]],
    root_class: str | None = None,
    root_prop: str | None = None,
) -> str:
    """A page of the elements, nested as each says; the root element's own class and itemprop
    where given (they count too)."""
    out: list[str] = []
    open_tags: list[list[Any]] = []
    for tag, cls, prop, holds in elements:
        out.append(f"<{tag}{_attributes(cls, prop)}>text ")
        open_tags.append([tag, holds])
        while open_tags and open_tags[-1][1] == 0:
            out.append(f"</{open_tags.pop()[0]}>")
        if open_tags:
            open_tags[-1][1] -= 1
    out.extend(f"</{t}>" for t, _ in reversed(open_tags))
    return f"<html{_attributes(root_class, root_prop)}><body>" + "".join(out) + "</body></html>"


def _attributes(cls: str | None, prop: str | None) -> str:
    return (f' class="{cls}"' if cls is not None else "") + (
        f' itemprop="{prop}"' if prop is not None else ""
    )


def _marked_one_by_one(tree: Any) -> dict[str, list[Any]]:
    """Each element's class, then each element's itemprop, in page order, lowercased and
    searched on its own."""
    hits: dict[str, dict[Any, None]] = {k: {} for k in CLASS_FAMILIES}
    for attr in ("class", "itemprop"):
        for el in tree.iter():
            value = el.get(attr)
            if value is None:
                continue
            for m in _ONE_GROUP_PER_FAMILY.finditer("\n" + value.lower()):
                if m.lastgroup:
                    hits[m.lastgroup][el] = None
    return {k: list(v) for k, v in hits.items()}


def _paths(tree: Any, found: dict[str, list[Any]]) -> dict[str, list[str]]:
    root = tree.getroottree()
    return {k: [root.getpath(el) for el in v] for k, v in found.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_ELEMENT, max_size=12))
def test_the_class_index_equals_each_value_searched_on_its_own(
    elements: list[tuple[str, str | None, str | None, int]],
) -> None:
    doc = Document.parse(_page(elements), URL)
    marked = {k: doc.marked(k) for k in CLASS_FAMILIES}
    assert _paths(doc.tree, marked) == _paths(doc.tree, _marked_one_by_one(doc.tree))


def test_the_class_index_where_lowercasing_changes_lengths_or_context() -> None:
    page = (
        "<html><body><div class='İX'>a</div><div class='ΣΣ AUTHOR'>b</div>"
        "<p class='x' itemprop='Date'>c</p><span class='artiKel-text'>d</span>"
        "<span class='byline' itemprop='author'>e</span>"
        "<i class='İİİİİİİİİİİİ'>f</i><b class='q'>g</b><b class='w'>h</b>"
        "<b class='submitted'>i</b><b class='e'>j</b><b class='r'>k</b></body></html>"
    )
    doc = Document.parse(page, URL)
    expected = _marked_one_by_one(doc.tree)
    assert _paths(doc.tree, {k: doc.marked(k) for k in CLASS_FAMILIES}) == _paths(
        doc.tree, expected
    )
    assert [el.get("class") for el in doc.marked("author")] == ["ΣΣ AUTHOR", "byline", "submitted"]
    assert [el.text for el in doc.marked("body")] == ["d"]
    assert [el.tag for el in doc.marked("date")] == ["p"]


@settings(max_examples=100, deadline=None)
@given(st.lists(_ELEMENT, max_size=12), _VALUE, _VALUE)
def test_the_class_and_itemprop_reads_are_the_plain_attribute_searches(
    elements: list[tuple[str, str | None, str | None, int]], root_class: str, root_prop: str
) -> None:
    page = _page(elements, root_class, root_prop)  # the root's own attributes count too
    doc = Document.parse(page, URL)
    for read, attr in ((_CLASSES, "class"), (_ITEMPROPS, "itemprop")):
        found = read(doc.tree)
        plain = doc.tree.xpath(f"//@{attr}", smart_strings=True)
        assert found == plain
        assert [v.getparent() for v in found] == [v.getparent() for v in plain]


_RUN = st.lists(
    st.sampled_from(["word ", "  ", "\n\t  ", "x" * 12, "\u00a0", "é"]), max_size=12
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "div", "span", "b"]), _RUN, _RUN), max_size=8))
def test_the_long_runs_are_those_folding_leaves_long(runs: list[tuple[str, str, str]]) -> None:
    body = "".join(f"<{tag}>{text}</{tag}>{tail}" for tag, text, tail in runs)
    doc = Document.parse(f"<html><head><title>t</title></head><body>{body}</body></html>", URL)
    found = _LONG_RUNS(doc.tree)
    plain = doc.tree.xpath("//body//text()[string-length(normalize-space(.)) >= 25]")
    assert found == plain
    assert [(r.getparent(), r.is_tail) for r in found] == [
        (r.getparent(), r.is_tail) for r in plain
    ]


# --- the class index in C -------------------------------------------------------------------


def _tree_with(**replaced: Any) -> SimpleNamespace:
    """The passes in C, some of them replaced."""
    from scoring import _tree

    names = (
        "mark",
        "blocks",
        "skipped",
        "head",
        "links",
        "paragraph_weights",
        "block_text",
        "path",
        "below",
        "nearest",
    )
    return SimpleNamespace(**({n: getattr(_tree, n) for n in names} | replaced))


def _in_python(doc: Document) -> dict[str, list[Any]]:
    return _mark(_CLASSES(doc.tree) + list(_ITEMPROPS(doc.tree)))


def _compiled(doc: Document) -> dict[str, list[Any]]:
    assert document._compiled_tree is not None
    return dict(zip(CLASS_FAMILIES, document._compiled_tree.mark(doc.tree), strict=True))


def test_the_class_index_in_c_is_built_and_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from scoring import _tree

    assert document._compiled_tree is _tree
    calls: list[Any] = []

    def mark(tree: Any) -> tuple[list[Any], ...]:
        calls.append(tree)
        return _tree.mark(tree)

    monkeypatch.setattr(document, "_compiled_tree", _tree_with(mark=mark))
    doc = Document.parse("<html><body><p class='byline'>By Jo</p></body></html>", URL)
    assert [el.tag for el in doc.marked("author")] == ["p"]
    assert calls == [doc.tree]


def test_without_the_compiled_tree_the_python_one_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(document, "_compiled_tree", None)
    doc = Document.parse("<html><body><p class='x' itemprop='date'>1</p></body></html>", URL)
    assert [el.tag for el in doc.marked("date")] == ["p"]


@settings(max_examples=400, deadline=None)
@given(st.lists(_ELEMENT, max_size=14), _VALUE, _VALUE)
def test_the_class_index_in_c_equals_the_one_in_python(
    elements: list[tuple[str, str | None, str | None, int]], root_class: str, root_prop: str
) -> None:
    page = _page(elements, root_class, root_prop)
    doc = Document.parse(page, URL)
    assert _compiled(doc) == _in_python(doc)


@pytest.mark.parametrize(
    "attrs",
    [
        'class="by&#108;ine"',  # a character reference: the value is one text, decoded
        'class="article&amp;body author"',
        'class="AUTHOR" class="date"',  # a repeated attribute: the parser keeps the first
        'CLASS="Byline"',  # attribute names in any case
        'class=""',
        'class="   "',
        'itemprop="author" class="date"',
        'class="\u0130\u212aauthor \u212aauthor author\u0130 i\u0307author"',
        'class="' + "date " * 200 + 'author"',  # many words: every family still counted
        'class="x-author_byline--date datum1 date1 fecha-"',
        'class="\U0001f600byline \u00e9date author\u00e9"',  # four- and two-byte characters
    ],
)
def test_the_class_index_in_c_on_odd_values(attrs: str) -> None:
    for page in (
        f"<html><head><meta {attrs}></head><body><p>x</p></body></html>",
        f"<html><body><div><span {attrs}>a</span><b {attrs}>b</b></div></body></html>",
        f"<html {attrs}><body></body></html>",
    ):
        doc = Document.parse(page, URL)
        assert _compiled(doc) == _in_python(doc), page


def test_the_class_index_in_c_reads_the_tree_as_stripped_and_only_elements() -> None:
    page = (
        "<html><body><script class='byline'>x</script><!-- <p class='byline'> -->"
        "<p class='byline'>a</p><?pi class='date'?><style class='date'></style></body></html>"
    )
    doc = Document.parse(page, URL)
    assert [el.text for el in _compiled(doc)["author"]] == ["a"]
    assert _compiled(doc) == _in_python(doc)


def test_the_family_words_are_spelled_out_in_the_order_the_search_tries_them() -> None:
    assert _spelled_out("article-?body") == ["article-body", "articlebody"]
    assert _spelled_out("a-?b-?c") == ["a-b-c", "a-bc", "ab-c", "abc"]
    assert _spelled_out("field--name-body") == ["field--name-body"]
    for odd in ("date|time", "dat[ae]", "-date", "da.e"):
        with pytest.raises(ValueError):
            _spelled_out(odd)


# --- the body's text blocks in C --------------------------------------------------------------

_BLOCK_TOKENS = [
    *("<p>", "</p>", "<div>", "</div>", "<br>", "<span>", "</span>", "<li>", "<h2>", "</h2>"),
    *("<aside>", "</aside>", "<div class='share'>", "<section>", "</section>", "<table><tr><td>"),
    *("<script>var a;</script>", "<!-- note -->", "<![CDATA[x]]>", "<b>", "</b>"),
    *("a", "word ", " ", "\t", "\n", "\r\n", "\xa0", "\u3000", "\x85", "\u2028", "\u200b"),
    *("記者田中", "ü", "&amp;", "&nbsp;", "&#10;", "\U0001f600", "İ", "x" * 40),
]


def _blocks_in_python(doc: Document, skipped: set[Any]) -> list[tuple[Any, str]]:
    return [(p.element, p.text) for p in document._content_blocks(doc.body, skipped)]


def _blocks_compiled(doc: Document, skipped: Any) -> list[tuple[Any, str]]:
    assert document._compiled_tree is not None
    found = document._compiled_tree.blocks(doc.body, skipped, document._BLOCKS, document.Paragraph)
    assert all(type(p) is document.Paragraph for p in found)
    return [(p.element, p.text) for p in found]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_BLOCK_TOKENS), max_size=40),
    st.lists(st.integers(min_value=0, max_value=40), max_size=4),
    st.booleans(),
)
def test_the_text_blocks_in_c_equal_the_ones_in_python(
    tokens: list[str], skip: list[int], whole_page: bool
) -> None:
    """Any elements of the body skipped (not only the page's own boilerplate), and the body
    either the page's <body> or one of its elements."""
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    if not whole_page and len(doc.body):
        doc.__dict__["body"] = doc.body[0]
    elements = list(doc.body.iterdescendants())
    skipped = {elements[i % len(elements)] for i in skip} if elements else set()
    assert _blocks_compiled(doc, skipped) == _blocks_in_python(doc, skipped)
    assert _blocks_compiled(doc, list(skipped)) == _blocks_in_python(doc, skipped)
    assert _blocks_compiled(doc, doc.skipped) == _blocks_in_python(doc, doc.skipped)


def test_the_paragraphs_are_the_text_blocks_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><body><div><p>One  two</p>three<br>four<aside>no</aside> five</div></body></html>"
    doc = Document.parse(page, URL)
    expected = [("p", "One two"), ("div", "three"), ("div", "four five")]
    assert [(p.element.tag, p.text) for p in doc.paragraphs] == expected
    calls: list[Any] = []

    def blocks(*args: Any) -> list[Any]:
        calls.append(args)
        return []

    fake = _tree_with(blocks=blocks)
    monkeypatch.setattr(document, "_compiled_tree", fake)
    assert Document.parse(page, URL).paragraphs == []
    assert len(calls) == 1
    monkeypatch.setattr(document, "_compiled_tree", None)
    assert [(p.element.tag, p.text) for p in Document.parse(page, URL).paragraphs] == expected


def test_the_text_blocks_in_c_refuse_what_is_not_an_element() -> None:
    doc = Document.parse("<html><body><p>x</p></body></html>", URL)
    assert document._compiled_tree is not None
    with pytest.raises(TypeError):
        document._compiled_tree.blocks(doc.body, [None], document._BLOCKS, document.Paragraph)
    with pytest.raises(TypeError):
        document._compiled_tree.blocks("body", set(), document._BLOCKS, document.Paragraph)


# --- a block's text in C ---------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_BLOCK_TOKENS), max_size=40), st.integers(min_value=0))
def test_a_blocks_text_in_c_equals_the_one_in_python(tokens: list[str], pick: int) -> None:
    """Any element as the block: its text, and where each element in it starts and ends."""
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    elements = list(doc.tree.iter())
    block = elements[pick % len(elements)]
    assert document._compiled_tree is not None
    read = document._compiled_tree.block_text(block, document._BLOCKS)
    assert read == document._block_text(block)
    _, starts, ends = read
    assert list(starts) == list(block.iter())
    assert set(ends) == set(starts)


def test_a_block_with_a_comment_is_read_in_python() -> None:
    """A comment is read as iterwalk reads it, not at all, and its tail with it (the parse
    removes comments; a tree built otherwise may hold them): the pass in C leaves such a block
    to Python."""
    block = etree.fromstring("<p>a <b>b</b><!-- c --> d<i>e</i></p>")
    assert document._compiled_tree is not None
    assert document._compiled_tree.block_text(block, document._BLOCKS) is None
    assert document.BlockText(block).text == document._block_text(block)[0] == " a be "


def test_the_words_around_a_link_are_read_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><body><p>Before <a href='/x'>the link</a> after.</p></body></html>"
    doc = Document.parse(page, URL)
    link = doc.tree.find(".//a")
    assert document.text_around(link) == ("Before ", "the link", " after.")
    calls: list[Any] = []

    def block_text(block: Any, names: frozenset[str]) -> Any:
        calls.append(block)
        return document._block_text(block)

    monkeypatch.setattr(document, "_compiled_tree", _tree_with(block_text=block_text))
    assert document.text_around(link) == ("Before ", "the link", " after.")
    assert calls == [link.getparent()]
    monkeypatch.setattr(document, "_compiled_tree", None)
    assert document.text_around(link) == ("Before ", "the link", " after.")


def test_a_blocks_text_in_c_refuses_what_is_not_an_element() -> None:
    assert document._compiled_tree is not None
    with pytest.raises(TypeError):
        document._compiled_tree.block_text("p", document._BLOCKS)
    with pytest.raises(TypeError):
        document._compiled_tree.block_text(etree.Element("p"), set(document._BLOCKS))


# --- document order in C ----------------------------------------------------------------------

_ORDER_TOKENS = [*_BLOCK_TOKENS, "<?pi x?>", "<!-- c -->", "<em>", "</em>", "<ul><li>", "</ul>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ORDER_TOKENS), max_size=40), st.booleans())
def test_document_order_in_c_equals_the_one_in_python(tokens: list[str], parsed: bool) -> None:
    """Every element's path, on the tree as the engine parses it and on one that keeps
    comments and processing instructions (which lxml counts among an element's siblings)."""
    page = "<html><body>" + "".join(tokens) + "</body></html>"
    # The engine's parser drops comments and processing instructions; lxml's default keeps them.
    root = Document.parse(page, URL).tree if parsed else etree.fromstring(page, etree.HTMLParser())
    assert document._compiled_tree is not None
    in_python = Zone(None, None, None)
    for el in root.iter():
        assert document._compiled_tree.path(el) == in_python._path(el)
    assert document._compiled_tree.path(root) == ()


def test_document_order_is_read_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    root = etree.fromstring(
        "<html><body><p>a</p><!-- c --><p>b<b>c</b></p></body></html>", etree.HTMLParser()
    )
    b = root.find(".//b")
    assert Zone(None, None, None).key(b) == (0, 2, 0)
    calls: list[Any] = []

    def path(el: Any) -> tuple[int, ...]:
        calls.append(el)
        return (7,)

    monkeypatch.setattr(document, "_compiled_tree", _tree_with(path=path))
    assert Zone(None, None, None).key(b) == (7,)
    assert calls == [b]
    monkeypatch.setattr(document, "_compiled_tree", None)
    assert Zone(None, None, None).key(b) == (0, 2, 0)
    with pytest.raises(TypeError):
        _tree_with().path("p")


# --- ancestors in C ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ORDER_TOKENS), max_size=40), st.booleans())
def test_ancestors_in_c_equal_the_ones_in_python(tokens: list[str], parsed: bool) -> None:
    """For every pair of elements, whether one is below the other; for every element, its
    nearest ancestor of each of a few sets of tags (a comment or processing instruction kept
    is no ancestor of anything)."""
    page = "<html><body>" + "".join(tokens) + "</body></html>"
    root = Document.parse(page, URL).tree if parsed else etree.fromstring(page, etree.HTMLParser())
    compiled = document._compiled_tree
    assert compiled is not None
    elements = list(root.iter())
    for el in elements:
        for outer in elements:
            assert compiled.below(el, outer) is any(a is outer for a in el.iterancestors())
        for names in (document._BLOCKS, frozenset(["b"]), frozenset(["div", "li"]), frozenset()):
            assert compiled.nearest(el, names) is next(el.iterancestors(*names), None)


def test_ancestors_are_read_in_c_and_in_python_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    root = etree.fromstring("<html><body><div><p>a <b>b</b></p></div></body></html>")
    b, p, div = root.find(".//b"), root.find(".//p"), root.find(".//div")
    blocks = frozenset(["p", "div"])
    for compiled in (document._compiled_tree, None):
        monkeypatch.setattr(document, "_compiled_tree", compiled)
        assert document.is_below(b, div) and document.is_below(b, p)
        assert not document.is_below(div, b) and not document.is_below(b, b)
        assert document.nearest(b, blocks) is p and document.nearest(p, blocks) is div
        assert document.nearest(div, blocks) is None
    calls: list[Any] = []

    def below(el: Any, outer: Any) -> bool:
        calls.append((el, outer))
        return False

    monkeypatch.setattr(document, "_compiled_tree", _tree_with(below=below))
    assert not document.is_below(b, div)
    assert calls == [(b, div)]
    with pytest.raises(TypeError):
        _tree_with().below(b, "div")
    with pytest.raises(TypeError):
        _tree_with().nearest(b, {"div"})


# --- the skipped regions in C ----------------------------------------------------------------

_SKIP_TOKENS = [
    *("<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<nav>", "</nav>", "<aside>"),
    *("</aside>", "<figure>", "</figure>", "<form><button>b</button></form>", "<header>"),
    *("<div class='share-bar'>", "<div id='Related-Stories'>", "<p class='promo x'>"),
    *("<div class='sharing2'>", "<div class='un-share'>", "<section class='readmore'>"),
    *("<div id='comment\u0130'>", "<div class='\u212aomments'>", "<div class='NAV'>"),
    *("<span class='author'>", "<i class='x' id='footer'>", "<div class='sub-scribe'>"),
    *("text ", "a much longer run of words in the article itself, ", "ü", "記者", "\U0001f600"),
]


@contextmanager
def _passes_in_python() -> Iterator[None]:
    """The engine's passes read in Python, as without the module in C."""
    compiled, document._compiled_tree = document._compiled_tree, None
    try:
        yield
    finally:
        document._compiled_tree = compiled


def _skipped_in_python(doc: Document) -> set[Any]:
    with _passes_in_python():
        return Document.skipped.func(SimpleNamespace(body=doc.body))  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SKIP_TOKENS), max_size=40), st.booleans())
def test_the_skipped_regions_in_c_equal_the_ones_in_python(
    tokens: list[str], whole_page: bool
) -> None:
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    if not whole_page and len(doc.body):
        doc.__dict__["body"] = doc.body[0]
    assert document._compiled_tree is not None
    found = document._compiled_tree.skipped(doc.body, document._SKIP_TAGS)
    assert found == _skipped_in_python(doc)


def test_the_skipped_regions_are_read_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (
        "<html><body><div><p>" + "word " * 50 + "</p><div class='share'>Share</div>"
        "<nav>n</nav><div class='related'>" + "word " * 60 + "</div></div></body></html>"
    )
    doc = Document.parse(page, URL)
    assert sorted(el.tag + (el.get("class") or "") for el in doc.skipped) == ["divshare", "nav"]
    calls: list[Any] = []

    def skipped(*args: Any) -> set[Any]:
        calls.append(args)
        return set()

    fake = _tree_with(skipped=skipped)
    monkeypatch.setattr(document, "_compiled_tree", fake)
    assert Document.parse(page, URL).skipped == set()
    assert len(calls) == 1


def test_words_the_compiled_passes_cannot_read_leave_the_python_ones() -> None:
    """A boilerplate marker with a space is no word for the tables in C: the engine then reads
    every pass in Python rather than failing to load (and the test that the passes in C are
    used fails, in a process of its own here)."""
    code = (
        "import importlib\n"
        "import scoring.data as data\n"
        "import scoring.document as d\n"
        "data.SOURCING['boilerplate_markers'].append('read more')\n"
        "d = importlib.reload(d)\n"
        "page = '<html><body><p class=\"read more\">x</p><p>the article</p></body></html>'\n"
        "doc = d.Document.parse(page, '')\n"
        "print(d._compiled_tree is None, [e.tag for e in doc.skipped])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "['p']"]


# --- the head's metadata in C -----------------------------------------------------------------

_META_TOKENS = [
    "<meta property='og:title' content='A'>",
    "<meta name='OG:Title  dc:title og:title' content='B'>",
    "<meta name=' ' content='C'>",
    "<meta name='' property='' itemprop='x' content='D'>",
    "<meta itemprop='datePublished' datetime='2024-05-01'>",
    "<meta name='description' value='E'>",
    "<meta http-equiv='Refresh' content=''>",
    "<meta name='x'>",
    "<meta name='a\x1cb\x1fc' content='F'>",  # ASCII separators str.split() splits on
    "<meta name='a\x85b\xa0c\u3000d' content='G'>",  # and the ones beyond ASCII
    "<meta name='\u0130stanbul \u212aelvin \u03a3\u03a3' content='H'>",  # lowering that grows
    "<meta name='key' content='caf\u00e9 &amp; \U0001f600'>",
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "H"}</script>',
    '<script type=\'Application/LD+JSON; charset=utf-8\'>[{"@type": "Person"},]</script>',
    "<script type='text/javascript'>var x = 1;</script>",
    '<script>{"@type": "Thing"}</script>',
    "<script type='ld+jsonx'>{}</script>",
    "<link rel='canonical' href='/a'>",
    "<link rel='Canonical alternate' href='https://news.example/b'>",
    "<link rel='CANONICAL\x85x' href='/c'>",
    "<link rel='noncanonical' href='/d'>",
    "<link rel='stylesheet' href='/s.css'>",
    "<link href='/e'>",
    *("<noscript>", "</noscript>", "<template>", "</template>", "<div>", "</div>"),
]


def _head_in_python(tree: Any) -> tuple[Any, ...]:
    with _passes_in_python():
        return document._head(tree)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_META_TOKENS), max_size=14),
    st.lists(st.sampled_from(_META_TOKENS), max_size=14),
)
def test_the_head_walk_in_c_equals_the_one_in_python(head: list[str], body: list[str]) -> None:
    page = f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    tree = document._parse_tree(page)
    json_ld, meta, canonical = document._head(tree)
    expected = _head_in_python(tree)
    assert (json_ld, meta, canonical) == expected
    assert list(meta) == list(expected[1])  # keys in the same order


def test_the_head_walk_is_read_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><head><meta name='Author' content='Jo'></head><body></body></html>"
    assert Document.parse(page, URL).meta == {"author": ["Jo"]}
    calls: list[Any] = []

    def head(tree: Any) -> tuple[Any, ...]:
        calls.append(tree)
        return {}, [], []

    fake = _tree_with(head=head)
    monkeypatch.setattr(document, "_compiled_tree", fake)
    assert Document.parse(page, URL).meta == {}
    assert len(calls) == 1


# --- the page's links in C --------------------------------------------------------------------

_LINK_TOKENS = [
    *("<a href='/about/'>", "<a href=''>", "<a href>", "<a>", "<a rel='author' href='x'>"),
    *("<a REL='Author Me' HREF=' /staff/jo '>", "<a href='/caf\u00e9?q=&amp;x'>", "</a>"),
    *("<a rel=''>", "<A href='https://other.example/contact'>", "<b>", "</b>", "<p>", "</p>"),
    *("<div>", "</div>", "<br>", "<img alt='not text'>", "<span class='x'>", "</span>"),
    *("About  us ", "\n", "Contact\u00a0", "caf\u00e9 &amp; ", "\U0001f600", "\u0130", "x"),
    *("<svg><title>t</title></svg>", "<![CDATA[c]]>", "<!-- gone -->", "<script>s</script>"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINK_TOKENS), max_size=40))
def test_the_links_in_c_equal_the_ones_in_python(tokens: list[str]) -> None:
    """Each <a> in page order, its address, its text as text_content gives it (nested
    elements' text included, its tail not) and its rel, as the plain reads give them."""
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    assert document._compiled_tree is not None
    found = document.LinkTable(*document._compiled_tree.links(doc.tree))
    expected = document._link_table(doc.tree)
    assert found == expected
    assert [type(t) for t in found.texts] == [str] * len(found.anchors)


def test_the_links_are_read_in_c_once(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (
        "<html><body><p>Read <a href='/a' rel='author'>Jo <b>Doe</b></a> then"
        "<a>plain</a></p></body></html>"
    )
    doc = Document.parse(page, URL)
    assert doc.links.hrefs == ["/a", ""]
    assert doc.links.texts == ["Jo Doe", "plain"]
    assert doc.links.rels == ["author", None]
    assert doc.anchors is doc.links.anchors
    calls: list[Any] = []

    def links(tree: Any) -> tuple[list[Any], ...]:
        calls.append(tree)
        return [], [], [], []

    fake = _tree_with(links=links)
    monkeypatch.setattr(document, "_compiled_tree", fake)
    doc = Document.parse(page, URL)
    assert doc.anchors == [] and doc.links.hrefs == []
    assert len(calls) == 1


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(_BLOCK_TOKENS + ["<p class='x'>", "</p>", "<p>" + "y" * 24]), max_size=40
    )
)
def test_the_paragraph_weights_in_c_equal_the_ones_in_python(tokens: list[str]) -> None:
    """The same holders with the same weights, in the same order (the body's choice breaks
    ties by it)."""
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    assert document._compiled_tree is not None
    in_c = document._compiled_tree.paragraph_weights(doc.tree, document.MIN_PARAGRAPH_CHARS)
    in_python = document._paragraph_weights(doc.tree)
    assert list(in_c.items()) == list(in_python.items())


def test_the_body_is_chosen_by_paragraph_weights_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    long = "The harbour bridge opens to traffic next spring, the council said. " * 3
    page = (
        f"<html><body><div id='a'><p>{long}</p><p>{long}</p></div>"
        f"<nav><p>{long}</p></nav></body></html>"
    )
    from scoring import _tree

    calls: list[Any] = []

    def paragraph_weights(root: Any, min_chars: int) -> dict[Any, int]:
        calls.append(root)
        return _tree.paragraph_weights(root, min_chars)

    fake = _tree_with(paragraph_weights=paragraph_weights)
    monkeypatch.setattr(document, "_compiled_tree", fake)
    doc = Document.parse(page, URL)
    assert doc.body.get("id") == "a"
    assert calls == [doc.tree]
    monkeypatch.setattr(document, "_compiled_tree", None)
    assert Document.parse(page, URL).body.get("id") == "a"
    with pytest.raises(TypeError):
        _tree.paragraph_weights("body", 25)
