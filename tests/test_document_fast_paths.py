"""The document model's shortcuts give what the longer way gives, on small pages of odd markup."""

import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

import scoring.document as document
from scoring.document import BlockText, Document, count_words, text_content, text_length

_WS = re.compile(r"\s+")
URL = "https://news.example/2024/05/story"

_TOKENS = [
    "<p>",
    "</p>",
    "<p class='x'>",
    "<div>",
    "</div>",
    "<br>",
    "<span>",
    "</span>",
    "<b>",
    "</b>",
    "<li>",
    "<aside>",
    "</aside>",
    "<div class='share'>",
    "<script>var a;</script>",
    "<!-- note -->",
    "a",
    "word ",
    " ",
    "\t",
    "\n",
    "\xa0",
    "\u3000",
    "記者田中",
    "ü",
    "&amp;",
]
_PAGES = st.lists(st.sampled_from(_TOKENS), max_size=40).map(
    lambda tokens: "<html><body>" + "".join(tokens) + "</body></html>"
)


@settings(max_examples=300)
@given(_PAGES)
def test_text_length_is_the_length_of_the_text(page: str) -> None:
    doc = Document.parse(page, URL)
    for el in doc.tree.iter():
        assert text_length(el) == len(text_content(el))


@settings(max_examples=300)
@given(_PAGES)
def test_body_words_counts_the_words_of_the_body_text(page: str) -> None:
    doc = Document.parse(page, URL)
    assert doc.body_words == count_words(doc.body_text)


@settings(max_examples=500)
@given(st.text(alphabet="ab \t\n\r\u00a0\u2003\u3000\x1c.", max_size=30))
def test_a_block_folded_whole_is_its_text_with_each_run_one_space(text: str) -> None:
    block = BlockText.__new__(BlockText)
    block.text = text
    assert block._folded == _WS.sub(" ", text)


@settings(max_examples=500)
@given(
    st.text(alphabet="ab \t\n\r\u00a0\u2003\u3000\x1c.", max_size=30),
    st.lists(st.integers(min_value=0, max_value=30), max_size=4),
)
def test_the_first_element_quoted_in_a_block_has_its_words_around_folded(
    text: str, cuts: list[int]
) -> None:
    offsets = [0, *sorted(min(c, len(text)) for c in cuts), len(text)]
    for first in range(len(offsets) - 1):
        for last in range(first, len(offsets) - 1):
            block = BlockText.__new__(BlockText)
            block.text, block._quoted = text, 0
            start, end = offsets[first], offsets[last + 1]
            assert block.around(start, end) == (
                _WS.sub(" ", text[:start]).lstrip(),
                _WS.sub(" ", text[start:end]).strip(),
                _WS.sub(" ", text[end:]).rstrip(),
            )


_HEAD_TOKENS = [
    "<meta property='og:title' content='A'>",
    "<meta name='OG:Title  dc:title og:title' content='B'>",
    "<meta name=' ' content='C'>",
    "<meta itemprop='datePublished' datetime='2024-05-01'>",
    "<meta name='description' value='D'>",
    "<meta http-equiv='refresh' content=''>",
    "<meta name='x'>",
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "H"}</script>',
    '<script type=\'application/LD+JSON\'>[{"@type": "Person"},]</script>',
    "<script type='text/javascript'>var x = 1;</script>",
    '<script>{"@type": "Thing"}</script>',
    "<link rel='canonical' href='/a'>",
    "<link rel='Canonical alternate' href='https://news.example/b'>",
    "<link rel='canonical' href=' '>",
    "<link rel='stylesheet' href='/s.css'>",
    "<link href='/c'>",
    "<noscript>",
    "</noscript>",
    "<template>",
    "</template>",
    "<div>",
    "</div>",
    "<p>text</p>",
]


def _meta_by_search(tree: Any) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in tree.iterfind(".//meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if content is None:
            content = el.get("value") if el.get("value") is not None else el.get("datetime")
        if key and content is not None:
            for k in dict.fromkeys(key.lower().split()):
                meta.setdefault(k, []).append(content)
    return meta


def _json_ld_by_search(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for el in tree.iterfind(".//script[@type]"):
        document._read_json_ld(el, out)
    return out


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(_HEAD_TOKENS), max_size=12),
    st.lists(st.sampled_from(_HEAD_TOKENS), max_size=12),
)
def test_one_walk_reads_the_metadata_each_search_reads(head: list[str], body: list[str]) -> None:
    page = f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    tree = document._parse_tree(page)
    json_ld, meta = _json_ld_by_search(tree), _meta_by_search(tree)
    doc = Document.parse(page, URL)
    assert doc.json_ld == json_ld
    assert doc.meta == meta and list(doc.meta) == list(meta)
    searched = Document(url=URL, tree=doc.tree)  # no links found beforehand: searched for
    assert doc.canonical_url == searched.canonical_url


_CLASS_WORDS = st.sampled_from(
    ["share", "Share", "nav", "navy", "ads", "x", "-", "_", " ", "\n", "İ", "ΣΑΣ", "2", "comment"]
)


@settings(max_examples=500)
@example(["İİİİİİİİ-ads", "a"])  # lowercased longer: the later values' offsets move
@given(st.lists(st.lists(_CLASS_WORDS, max_size=5).map("".join), max_size=6))
def test_boilerplate_values_are_those_the_pattern_finds_a_marker_in(values: list[str]) -> None:
    found = {v for v in values if document._BOILERPLATE.search(v.lower())}
    assert document._boilerplate_values(values) == found


_JSON_PIECES = st.sampled_from(
    [
        "//",
        "// ",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "{",
        "}",
        '"@type"',
        ":",
        '"A"',
        " ",
        "\n",
        ">",
    ]
)


@settings(max_examples=500)
@example('// <![CDATA[ {"@type": "A"}')
@example('<!-- {"@type": "A"}')
@example('{"@type": "A",} -->')
@given(st.lists(_JSON_PIECES, max_size=10).map("".join))
def test_json_ld_blocks_are_read_as_with_their_wrappers_always_searched_for(text: str) -> None:
    script = etree.Element("script", type="application/ld+json")
    script.text = text
    read: list[dict[str, Any]] = []
    document._read_json_ld(script, read)
    raw = document._CDATA.sub("", text.strip())
    expected: list[dict[str, Any]] = []
    if raw:
        data = document._lenient_json_ld(raw)
        if data is not document._UNREADABLE and data is not None:
            document._flatten(data, expected, depth=0)
    assert read == expected


_LINK_TOKENS = [
    "<div class='share'>",
    "<aside>",
    "<nav>",
    "<div>",
    "</div>",
    "</aside>",
    "</nav>",
    "<a href='/x'>",
    "<a>",
    "<a class='share' href='/y'>",
    "</a>",
    "<p>",
    "</p>",
    "words of the article " * 3,
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_LINK_TOKENS), max_size=30))
def test_body_links_are_the_links_with_no_skipped_region_around_them(tokens: list[str]) -> None:
    doc = Document.parse("<html><body>" + "".join(tokens) + "</body></html>", URL)
    expected = []
    for a in doc.body.iter("a"):
        around = [a, *a.iterancestors()]
        below_body = around[: around.index(doc.body)] if doc.body in around else around
        if a.get("href") and not any(x in doc.skipped for x in below_body):
            expected.append(a)
    assert doc.body_links == expected
