"""The engine's bounds on what it reads of one page (scoring.limits): hostile markup is refused
or cut before the parser sees it, and over-deep JSON-LD is skipped, never a crash."""

from __future__ import annotations

import importlib
import json
import random
import re
import string
import time
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from material import FILLER

from scoring import limits, score_html
from scoring.document import Document
from scoring.limits import (
    _ATTRIBUTE,
    _COMMENT_END,
    _COUNTED_TAG_CHARS,
    _END_TAG,
    _MARKUP,
    _RAW_TEXT,
    _RAW_TEXT_NAMES,
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_ELEMENTS,
    MAX_JSON_LD_DEPTH,
    TooComplex,
    _harmless_below,
    _markup_under,
    bound_markup,
    json_depth,
    load_json_ld,
    scan_compiled,
    scan_markup,
    utf8_markup_whole,
)


def article() -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in FILLER)
    return (
        "<html><head><title>Bridge approved - Harbour Gazette</title></head><body><article>"
        f'<h1>Bridge approved</h1><p class="byline">By Jane Doe</p>{paragraphs}'
        "</article></body></html>"
    )


def attributes(n: int, value: str = "b") -> str:
    return " ".join(f"a{i}={value}" for i in range(n))


def test_the_reported_page_is_refused_as_too_complex() -> None:
    """One tag with 62,000 attributes: quadratic in libxml2, minutes of CPU before the bound."""
    html = f"<p {attributes(62_000)}>x</p>"
    report = score_html(html, "http://example.com/a")
    assert report.not_scored is not None
    assert report.not_scored.code == "too_complex"
    assert report.score is None and report.findings == []


@pytest.mark.parametrize(
    "tag",
    [
        f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}>",
        # ">" inside quoted values does not end the tag for the parser, nor for the scan
        f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1, chr(34) + 'x>' + chr(34))}>",
        # values without "=", names split by "/" and quoted values run together
        "<p " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES_PER_ELEMENT + 1)) + ">",
        "<p " + "/".join(f"a{i}" for i in range(MAX_ATTRIBUTES_PER_ELEMENT + 1)) + ">",
        "<p " + "".join(f'a{i}="v"' for i in range(MAX_ATTRIBUTES_PER_ELEMENT + 1)) + ">",
        # unterminated: the parser still reads every attribute
        f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}",
    ],
)
def test_one_element_over_the_attribute_bound(tag: str) -> None:
    with pytest.raises(TooComplex):
        bound_markup(f"<html><body>{tag}x</p></body></html>")


def test_the_scan_counts_what_the_parser_reads() -> None:
    """Every variant above really gives the parser one element with that many attributes."""
    n = 50
    for tag in (
        f"<p {attributes(n, chr(34) + 'x>' + chr(34))}>",
        "<p " + "/".join(f"a{i}" for i in range(n)) + ">",
        "<p " + "".join(f'a{i}="v"' for i in range(n)) + ">",
    ):
        tree = etree.fromstring(tag + "x</p>", etree.HTMLParser())
        assert len(tree.find(".//p").attrib) == n


@pytest.mark.parametrize(
    ("tag", "read"),
    [
        # "=" right after the name starts an attribute named "=" whose value holds the rest
        ('<p ==" ' + attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1) + ' ">', 1),
        # a quote in the tag's name opens no value: the ">" after "a=" is inside one
        (
            '<p=" a=">" ' + attributes(MAX_ATTRIBUTES_PER_ELEMENT) + ">",
            MAX_ATTRIBUTES_PER_ELEMENT + 1,
        ),
    ],
)
def test_attributes_are_counted_as_the_parser_reads_them(tag: str, read: int) -> None:
    """Names and values the tokenizer reads oddly are counted as the parser counts them."""
    page = f"<html><body>{tag}x</p></body></html>"
    element = etree.fromstring(page, etree.HTMLParser()).find(".//body/*")
    assert len(element.attrib) == read
    for scan in (bound_markup, scan_markup):
        if read > MAX_ATTRIBUTES_PER_ELEMENT:
            with pytest.raises(TooComplex):
                scan(page)
        else:
            assert scan(page) == page


def _fragment(rng: random.Random) -> str:
    n = rng.choice((0, 3, 12, 13, 19, 20, 31, 32, 63, 64, 400, 1001))
    value = rng.choice(("b", '"x>y"', "'<p a b c d>'", '""'))
    tag = f"<{rng.choice(('p', 'div', 'SCRIPT', 'style', 'title', 'p='))} {attributes(n, value)}>"
    return rng.choice(
        (
            tag,
            "x < y z w v u t s r q p o n m l k j i h g f e d c b a",  # script-like text
            "<!-- <p " + attributes(40) + "> -->",
            "</script>",
            "<p>" + " ".join(FILLER) + "</p>",
            "<b>x</b>" * rng.randrange(50),
        )
    )


def test_the_quick_check_agrees_with_the_scan_tag_by_tag() -> None:
    """Pages the check in C passes whole are pages the scan passes whole; the rest are
    scanned. Random pages from hard fragments: quoted ">", raw text, comments, odd names."""
    rng = random.Random(7)
    outcomes = set()
    for _ in range(400):
        page = "".join(_fragment(rng) for _ in range(rng.randrange(1, 12)))
        try:
            expected: object = scan_markup(page)
        except TooComplex as e:
            expected = str(e)
        try:
            got: object = bound_markup(page)
        except TooComplex as e:
            got = str(e)
        assert got == expected, page[:300]
        outcomes.add(got is page)
    assert outcomes == {True, False}  # both refused and passed pages were drawn


def _outcome(scan: Callable[[str], str], page: str) -> str:
    try:
        return scan(page)
    except TooComplex as e:
        return str(e)


# Script text in which many "<" would start tags of many attributes, were it markup.
BUSY = "if (a <b c d e f g h i j k l m n o p q r s t u v w x y z) {}\n" * 80


def _read_by_the_pattern(page: str) -> bool:
    """Whether bound_markup's check in C passes the page whole."""
    n = _harmless_below(page.count("<"))
    assert n is not None
    return _markup_under(n).fullmatch(page) is not None


HOSTILE = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}>"


@pytest.mark.parametrize(
    ("before", "refused"),
    [
        # the hostile tag is markup: after the script ends, whatever the end tag's case
        ("<script>" + BUSY + "</script>", True),
        ("<script>" + BUSY + "</SCRIPT >", True),
        ("<script>" + BUSY + "</script/>", True),
        ("<script>" + BUSY + "</\u017fcript>", True),  # "\u017f" matches "s" ignoring case
        # ... or because what looks like a raw text element is not one
        ("<!-- <script> -->" + BUSY, True),
        ('<a title="<script>">' + BUSY, True),
        ("<scripts>" + BUSY, True),
        ("<\u017fcript>" + BUSY, True),
        # ... or a raw text element's own start tag is the hostile one
        ("<script " + attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1) + ">" + BUSY, True),
        # ... or it is inside one: raw text, not markup
        ("<script>" + BUSY + "</scripts>", False),
        ("<script>" + BUSY + "</script-x>", False),
        ("<TextArea rows=3>" + BUSY, False),
        ('<style media="print">' + BUSY, False),
        ("<title>" + BUSY + "</titlex>", False),
    ],
)
def test_a_hostile_tag_behind_a_busy_script(before: str, refused: bool) -> None:
    """Markup-like text in raw text elements is skipped in C exactly as the tag-by-tag scan
    skips it: a hostile tag in markup is refused, one in raw text is not markup."""
    page = f"<html><head>{before}{HOSTILE}x</p></head></html>"
    expected = _outcome(scan_markup, page)
    assert (expected != page) is refused
    assert _read_by_the_pattern(page) is not refused
    assert _outcome(bound_markup, page) == expected
    harmless = page.replace(HOSTILE, "<p>")
    assert _outcome(bound_markup, harmless) == _outcome(scan_markup, harmless)
    if not refused:  # raw text all along: the pattern reads the page to its end
        assert _read_by_the_pattern(harmless)
        assert scan_markup(harmless) is harmless


def test_no_other_character_lowers_to_a_raw_text_name() -> None:
    """The pattern matches raw text elements' names in ASCII letters of either case, as only
    those lower() to the names scan_markup looks up (lower() maps each character alone)."""
    letters = set("".join(_RAW_TEXT_NAMES))
    assert [c for c in map(chr, range(0x80, 0x110000)) if set(c.lower()) <= letters] == []


def _busy_fragment(rng: random.Random) -> str:
    name = rng.choice(("script", "SCRIPT", "style", "title", "textarea", "scripts", "\u017fcript"))
    return rng.choice(
        (
            f"<{name}{rng.choice(('', ' a=1', ' ' + attributes(40)))}>",
            f"</{name}{rng.choice(('>', ' >', '/>', 'x>'))}",
            "if (a <b c d e f g h i j k l m n o p q r s t u v w x y z) {}",
            '<a title="<script>">',
            "<!-- <script> -->",
            "<!-- x",
        )
    )


def test_the_check_in_c_agrees_with_the_scan_around_raw_text() -> None:
    """Random pages of raw text elements, end tags, busy scripts and the hard fragments
    above: whatever the pattern passes, the scan passes whole; bound_markup always agrees."""
    rng = random.Random(11)
    read = set()
    for _ in range(600):
        page = "".join(
            (_busy_fragment if rng.random() < 0.6 else _fragment)(rng)
            for _ in range(rng.randrange(1, 16))
        )
        expected = _outcome(scan_markup, page)
        by_pattern = _read_by_the_pattern(page)
        if by_pattern:
            assert expected is page, page[:300]
        read.add(by_pattern)
        assert _outcome(bound_markup, page) == expected, page[:300]
    assert read == {True, False}  # the pattern both passed pages and left some to the scan


def _most_attributes(page: str) -> int:
    """The most attributes of one start tag the tag-by-tag scan reads, every tag counted."""
    most = pos = 0
    while (m := _MARKUP.search(page, pos)) is not None:
        if m[1] is None:  # a comment
            end = _COMMENT_END.search(page, m.end())
            pos = end.end() if end else len(page)
            continue
        pos = m.end()
        most = max(most, len(_ATTRIBUTE.findall(page, m.end(1), pos)))
        raw_end = _RAW_TEXT.get(m[1].lower())
        if raw_end is not None:
            end = raw_end.search(page, pos)
            pos = end.start() if end else len(page)
    return most


# Attributes as real pages and hostile ones write them: the plain name="value" the pattern
# reads first, and every way of reading one that differs from it a little.
ODD_ATTRIBUTES = (
    ' a="v"',
    ' data-x="a b c d"',
    ' A_b:c.d-9="v"',
    ' a\u00e9="v"',
    '  a="v"',
    '\ta="v"',
    '\u00a0a="v"',
    '/a="v"',
    ' a/b="v"',
    ' a = "v"',
    ' a= "v"',
    " a='v'",
    " a='x>y'",
    ' a="x>y"',
    ' a="<p b c d>"',
    ' a="v"b="w"',
    ' a"b="v"',
    " a'b='v'",
    ' a=="v"',
    ' a=b="v w"',
    ' =a="v"',
    " a=v",
    ' a=v"w>x"',
    " a=v/",
    " a",
    ' a=""',
    " a=",
    ' a="v',
    " a='v",
    ' a="v"/',
    " a=>",
)
LOOK_ALIKE_NAMES = (
    "p",
    "div",
    "span",
    "i",
    "t",
    "s",
    "script",
    "SCRIPT",
    "ScRiPt",
    "scripts",
    "script-x",
    "\u017fcript",
    "style",
    "styles",
    "xmp",
    "xmpx",
    "iframe",
    "iframes",
    "noembed",
    "noframes",
    "noframe",
    "noframe\u017f",
    "textarea",
    "textArea",
    "title",
    "titles",
    "p=",
    'a"b',
)


def _odd_tag(rng: random.Random) -> str:
    n = rng.choice((0, 1, 2, 3, 11, 12, 13, 14, 18, 19, 20, 21, 30, 31, 32, 33, 62, 63, 64, 65))
    attributes = "".join(rng.choice(ODD_ATTRIBUTES) for _ in range(n))
    return f"<{rng.choice(LOOK_ALIKE_NAMES)}{attributes}{rng.choice(('>', ' >', '/>', ''))}"


def _odd_fragment(rng: random.Random) -> str:
    name = rng.choice(LOOK_ALIKE_NAMES)
    return rng.choice(
        (
            _odd_tag(rng),
            _odd_tag(rng),
            _odd_tag(rng),
            f"</{name}{rng.choice(('>', ' >', '/>', 'x>', ''))}",
            "a < b && c <d e f> g",
            "<" * rng.randrange(1, 80),
            "<a" * rng.randrange(1, 40),
            "< p a b c d e f g h i j k l m n o p q r s t u v w x y z>",
            "<!-- <p " + attributes(70) + "> -->",
            "<!-- x --!>",
            "<!-->",
            "<!--",
            "<!DOCTYPE html>",
            "<?xml version='1.0'?>",
            "text with 'quotes' and \"more\" > and = signs",
        )
    )


def test_the_check_in_c_counts_every_tag_as_the_scan_does() -> None:
    """The pattern passes a page exactly when no tag the scan reads has n attributes, for
    every n it is built for: random pages of odd attributes (quotes, ">" in values, names
    with quotes or "=", separators other than one space), raw text look-alikes, long runs
    of "<"."""
    rng = random.Random(5)
    seen = set()
    for _ in range(1500):
        page = "".join(_odd_fragment(rng) for _ in range(rng.randrange(1, 10)))
        most = _most_attributes(page)
        for n in (13, 20, 32, 64):
            passed = _markup_under(n).fullmatch(page) is not None
            assert passed is (most < n), (n, most, page[:400])
            seen.add(passed)
        assert _outcome(bound_markup, page) == _outcome(scan_markup, page), page[:400]
    assert seen == {True, False}


@pytest.mark.parametrize("attribute", ODD_ATTRIBUTES)
@pytest.mark.parametrize(
    "name", ["p", "span", "script", "title", "noframes", "\u017fcript", "noframe\u017f"]
)
def test_each_way_of_writing_an_attribute_is_counted_as_the_scan_counts_it(
    name: str, attribute: str
) -> None:
    """One tag of each odd attribute repeated, after a tag of plain ones, just under and just
    over each bound: the pattern stops exactly where the scan's count reaches n."""
    for n in (13, 20, 32, 64):
        for count in (n - 2, n - 1, n):
            page = f'<p a="v">{"<" * 3}<{name}{attribute * count} b="w">x</{name}>'
            most = _most_attributes(page)
            assert (_markup_under(n).fullmatch(page) is not None) is (most < n), (n, page)


@pytest.mark.parametrize(
    "page",
    [
        "<a" * 29_000,  # each "<" inside the name the one before starts
        "<a" * 1_000 + "a" * 2_000_000,
        "<p " + "b<" * 1_000 + "b" * 2_000_000,  # ... or inside an attribute
        '<p a="' + "<b" * 1_000 + "b" * 2_000_000,  # ... or inside a quoted value
        "<a " * 350_000,  # tags that never end, each inside the one before
        "<!--" * 250_000,  # a comment that never ends
        "<p a='" * 200_000,  # a value that never closes
        "<p a=" * 200_000,
        "<script>" + "</scrip" * 150_000,  # end tags one letter short
        "<script>" + "</ſcrip" * 150_000,
        "<p " + " =" * 500_000,
        "<p" + "\u3000" * 1_000_000,
    ],
)
def test_the_check_takes_linear_time(page: str) -> None:
    """Runs without spaces full of "<": read from every "<" they would take minutes. And pages
    that never close what they open, read to their end once."""
    start = time.perf_counter()
    _outcome(bound_markup, page)
    assert time.perf_counter() - start < 1.0
    _same_in_c(page[:3_000])


@pytest.mark.parametrize("tail", [" " * 40_000, "/" * 40_000, " /\u3000\x85" * 10_000])
@pytest.mark.parametrize("last", ['a="x"', "a=x/", "a=", 'a="x', "a"])
def test_the_scan_in_python_reads_the_separators_after_a_long_tag_once(
    tail: str, last: str
) -> None:
    """A long tag (one the pattern does not pass, on a page with a tag of 70 attributes) ends in
    a long run of separators: counted from each of them in turn, 40,000 took seconds. The
    count is the same as with the run (no attribute ends in a separator it could lose)."""
    page = "<p " + "a " * 70 + ">" + f"<p {last}{tail}>x"
    start = time.perf_counter()
    got = _outcome(scan_markup, page)
    assert time.perf_counter() - start < 1.0
    assert got == _outcome(scan_compiled, page)
    tag = page[page.index(">") + 1 :]
    assert len(limits._ATTRIBUTE.findall(tag[:2_000], 2)) == 1


@pytest.mark.parametrize(("per_tag", "passes"), [(12, True), (13, False)])
def test_the_most_tags_with_just_enough_attributes(per_tag: int, passes: bool) -> None:
    """MAX_ELEMENTS long tags of 12 attributes stay under the pair bound together (and the
    check in C passes them); of 13, they reach it, and the scan refuses them."""
    page = f"<p {attributes(per_tag, chr(34) + 'v' * 12 + chr(34))}>" * MAX_ELEMENTS
    for scan in (bound_markup, scan_markup):
        if passes:
            assert scan(page) == page
        else:
            with pytest.raises(TooComplex):
                scan(page)


def test_many_elements_each_under_the_bound_add_up() -> None:
    tag = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT)}>x</p>"
    with pytest.raises(TooComplex):
        bound_markup(tag * 10)


def test_scripts_comments_and_ordinary_pages_pass() -> None:
    """Markup-like text in scripts and comments is not markup to the parser."""
    busy = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT * 3)}>"
    page = article().replace("</head>", f"<script>var a = 1 {busy};</script><!-- {busy} --></head>")
    assert bound_markup(page) == page
    assert score_html(page, "https://harbour.example/news/a").score is not None


def test_a_page_is_cut_after_the_element_bound() -> None:
    page = "<html><body>" + "<span>x</span>" * (MAX_ELEMENTS + 500) + "</body></html>"
    doc = Document.parse(page, "https://harbour.example/a")
    assert len(doc.tree.findall(".//span")) == MAX_ELEMENTS - 2  # html and body come first


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_depth_skips_brackets_in_strings() -> None:
    assert json_depth('{"a": "[[[[[[", "b": [{"c": 1}]}') == 3
    assert json_depth(nested(40)) == 40


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (nested(MAX_JSON_LD_DEPTH), True),
        (nested(MAX_JSON_LD_DEPTH + 1), False),
        ("[" + ",".join(["[{}]"] * 40) + "]", True),  # many brackets, little depth
        ('["' + "[{" * 40 + '"]', True),  # brackets in a string
        ("[" * 20 + "{}" * 40 + "{" * 13 + "}" * 13 + "]" * 20, False),
    ],
)
def test_json_ld_is_read_up_to_the_depth_bound(raw: str, read: bool) -> None:
    assert (load_json_ld(raw) is not None) is read


@pytest.mark.parametrize(
    ("depth", "read"), [(10, True), (40, False), (1_000, False), (100_000, False)]
)
def test_over_deep_json_ld_is_skipped_and_the_page_still_scored(depth: int, read: bool) -> None:
    deep = json.dumps({"@type": "NewsArticle", "author": {"name": "Mallory"}})[:-1]
    deep += ', "x": ' + nested(depth) + "}"
    page = article().replace(
        "</head>", f'<script type="application/ld+json">{deep}</script></head>'
    )
    url = "https://harbour.example/news/a"
    assert bool(Document.parse(page, url).json_ld) is read
    assert score_html(page, url).score is not None


@pytest.mark.parametrize(
    "html",
    [
        "<p>a\x00b</p>",
        b"<p>a\x00b</p>",
        b"<meta charset='windows-1252'><p>a\x00b\xe9</p>",
        b"<meta charset='utf-7'><p>a+AAA-b</p>",  # a NUL with no zero byte
        "<p>a\x00b</p>".encode("utf-16"),
    ],
)
def test_no_nul_reaches_the_parser(html: str | bytes) -> None:
    doc = Document.parse(html, "https://harbour.example/a")
    assert "ab" in doc.source and "\x00" not in doc.source


# The scan in C (scoring._markup) against the scan in Python (scan_markup), the reference.


def test_the_scan_in_c_is_built_and_bound_markup_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test environment is installed as every machine with a compiler is: the scan in C
    is there, and bound_markup reads pages with it."""
    markup = importlib.import_module("scoring._markup")
    assert limits._compiled is markup
    read = []

    def scan(text: str, *bounds: object) -> int | tuple[int, int]:
        read.append(text)
        return markup.scan(text, *bounds)

    monkeypatch.setattr(limits, "_compiled", SimpleNamespace(scan=scan))
    page = article()
    assert bound_markup(page) is page
    assert read == [page]


def test_without_the_scan_in_c_bound_markup_reads_in_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the module could not be built, the patterns and the tag-by-tag scan read pages,
    with the same outcomes."""
    monkeypatch.setattr(limits, "_compiled", None)
    rng = random.Random(3)
    for _ in range(300):
        page = "".join(_odd_fragment(rng) for _ in range(rng.randrange(1, 10)))
        assert _outcome(bound_markup, page) == _outcome(scan_markup, page), page[:300]


def _small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounds small enough for short pages to reach each: every tag counted, 3 start tags, 2
    attributes a tag, 2 pairs in all."""
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 3)
    monkeypatch.setattr(limits, "MAX_ATTRIBUTES_PER_ELEMENT", 2)
    monkeypatch.setattr(limits, "MAX_ATTRIBUTE_PAIRS", 2)
    monkeypatch.setattr(limits, "_COUNTED_TAG_CHARS", 0)


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    _small_bounds(monkeypatch)


# Text before the markup that makes the page's str 1, 2 or 4 bytes a character.
WIDTHS = ("", "\u00e9", "\u2019", "\U0001f4f0")


def _same_in_c(page: str) -> object:
    """The outcome of scan_compiled, asserted to be scan_markup's: the same markup kept (the
    very str when nothing is cut) or the same TooComplex. So is the scan of the page's UTF-8
    bytes (utf8_markup_whole): whole, cut or refused with the same message."""
    expected = _outcome(scan_markup, page)
    got = _outcome(scan_compiled, page)
    assert got == expected, page[:400]
    assert (got is page) is (expected is page)
    _same_on_utf8(page, expected)
    return got


def _same_on_utf8(page: str, expected: str) -> None:
    """The scan of the page's UTF-8 bytes agrees with expected, the outcome on the page's text;
    the bytes of a page with a lone surrogate are not UTF-8, and are refused as such."""
    try:
        data = page.encode("utf-8")
    except UnicodeEncodeError:
        assert utf8_markup_whole(page.encode("utf-8", "surrogatepass")) is None
        return
    refused = False
    try:
        scan_markup(page)
    except TooComplex:
        refused = True
    try:
        whole = utf8_markup_whole(data)
    except TooComplex as e:
        assert refused and str(e) == expected, page[:400]
        return
    assert not refused, page[:400]
    assert whole is (expected is page), page[:400]


HAND_WRITTEN = (
    # comments: to the first "-->" or "--!>" after "<!--", else to the page's end
    "<!-- <a b c d> --><p a b c>",
    "<!--><a b c d>-->",
    "<!---><a b c d>-->",
    "<!----><a b c d>",
    "<!-- --!><a b c d>",
    "<!-- --! ><a b c d>",
    "<!-- -- ><a b c d>",
    "<!-- ---><a b c d>",
    "<!-- --!--><a b c d>",
    "<!-- <a b c d>",
    "<!-- x --",
    "<!-- x --!",
    "<!-",
    "<!- <a b c d>",
    "<! <a b c d>",
    "<!DOCTYPE html><a b c d>",
    # what "<" starts: a letter (ASCII only), "!--", else nothing
    "<1 a b c><a b><\u00e9 a b c><a>",
    "< a b c d>",
    "</a b c d>",
    "<",
    "<<<<a b c d",
    "<a<a<a<a<a",
    "a <b c d e> f",
    # attributes: separators, names with "=" and quotes, values quoted or not
    "<p a b c>",
    "<p a/b/c>",
    "<p/a/b/c/>",
    "<p a=1 b=2 c=3>",
    "<p a = 1 b= 2 c =3>",
    "<p a=\t\n1 b\u3000=\u30002 c>",
    "<p a\u3000=\u30001 b\u00a0=\u00a02>",
    "<p a\U0001f4f0=1 b=\u00e9\u00e9 c>",
    # in UTF-8, read from its second byte U+1020 would be a space and U+103E a ">"
    "<p a=x\u1020y b>",
    "<p a=x\u103ey b c>",
    "<p\u1020a b>",
    "<p\u1020a b><p c d><p e f>",
    "<p\u103ea b c>",
    "<p\u103ea b c><p d e><p f g>",
    "<p a\u1020b c>",
    '<p a="1>2" b c>',
    "<p a='1>2' b c>",
    "<p a=\"1'2\" b='3\"4' c>",
    '<p a="1"b="2"c="3">',
    '<p a"b="1" c d>',
    "<p a'b='1' c d>",
    "<p ==1 = =>",
    "<p a==b c d>",
    '<p a=b"c d"e>',
    "<p a=>b c d>",
    "<p a= >b c d>",
    '<p a="open b c d>',
    "<p a='open b c d>",
    "<p a=",
    "<p a= ",
    "<p a ",
    "<p a b",
    "<p= a b>",
    '<p" a b>',
    "<p\u00a0a\u00a0b>",
    "<p\u2003a\u2003b\u2003c>",
    "<p\x1ca\x1db\x1ec\x1fd>",
    "<p\x85a\x85b\x85c>",
    "<p\u200ba\u200bb\u200bc>",  # a zero-width space is no whitespace
    "<p\u180ea\u180eb>",
    # raw text: skipped to its end tag, found ignoring case as re does
    "<script><a b c d></script><p a b c>",
    "<script><a b c d></SCRIPT><p a b c>",
    "<script><a b c d></script ><p a b c>",
    "<script><a b c d></script/><p a b c>",
    "<script><a b c d></script\t><p a b c>",
    "<script><a b c d></script\u3000><p a b c>",
    "<script><a b c d></script\u200b><p a b c>",
    "<script><a b c d></scripts><p a b c>",
    "<script><a b c d></script",
    "<script><a b c d></scrip",
    "<script><a b c d></\u017fcript><p a b c>",
    "<script><a b c d></\u017fcrIpt><p a b c>",
    "<script><a b c d></scr\u0130pt><p a b c>",
    "<script><a b c d></scr\u0131pt><p a b c>",
    "<script><a b c d></scr\u00ecpt><p a b c>",
    "<title><a b c d></t\u0130tle><p a b c>",
    "<title><a b c d></t\u0131tle><p a b c>",
    "<style><a b c d></\u017ftyle><p a b c>",
    "<textarea><a b c d></TEXTAREA><p a b c>",
    "<noembed><a b c d></noembed><p a b c>",
    "<noframes><a b c d></noframes><p a b c>",
    "<iframe><a b c d></iframe><p a b c>",
    "<xmp><a b c d></xmp><p a b c>",
    "<SCRIPT><a b c d></script><p a b c>",
    "<ScRiPt type=x><a b c d></script><p a b c>",
    "<script/><a b c d></script><p a b c>",
    "<script a='</script>'><a b c d></script><p a b c>",
    "<script a='x><a b c d></script><p a b c>",
    "<script><!--</script>--><p a b c>",
    "<scripts><a b c d></scripts>",
    "<script-x><a b c d>",
    "<\u017fcript><a b c d>",
    "<scr\u0130pt><a b c d>",
    "<scr\u0131pt><a b c d>",
    "<t\u0130tle><a b c d>",
    "<titl\u212a><a b c d>",
    "<script\u3000a><a b c d></script><p a b c>",
    "<script\u200b><a b c d></script><p a b c>",
    # the cut: after MAX_ELEMENTS start tags, comments and end tags not counted
    "<a><b><c><d><e>",
    "<a></a><!-- <x> --><b></b><c></c>",
    "<a><b><c><d a b c d e f>",
    "<a><b><c>text",
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", HAND_WRITTEN)
def test_the_scan_in_c_agrees_on_each_rule(small_bounds: None, page: str, width: str) -> None:
    _same_in_c(width + page)
    _same_in_c(page + width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", HAND_WRITTEN)
def test_the_scan_in_c_agrees_on_each_rule_under_the_real_bounds(page: str, width: str) -> None:
    tag = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}>"
    for text in (width + page, page + tag, tag + page + width, (width + page) * 20):
        _same_in_c(text)


@pytest.mark.parametrize(
    ("page", "outcome"),
    [
        ("<a><b><c>x", "<a><b><c>x"),
        ("<a><b><c><d>x", "<a><b><c>"),
        ("<!-- <d> --><a></a><b></b><c></c><d>", "<!-- <d> --><a></a><b></b><c></c>"),
        ("<script><d><e></script><a><b><c>", "<script><d><e></script><a><b>"),
        ("<p a b>", "<p a b>"),
        ("<p a b c>", "an element has more than 2 attributes"),
        ("<p a b><p a b><p a b>", "the page's elements carry too many attributes (3 pairs)"),
        ("<p a b c><d>", "an element has more than 2 attributes"),
        ("<a><b><c><p a b c>", "<a><b><c>"),
    ],
)
def test_the_scan_in_c_cuts_and_refuses_where_the_scan_does(
    small_bounds: None, page: str, outcome: str
) -> None:
    for width in WIDTHS:
        assert _same_in_c(width + page) == (outcome if "attributes" in outcome else width + outcome)


def test_the_scan_in_c_refuses_with_the_same_messages() -> None:
    many = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}>"
    assert _same_in_c(many) == f"an element has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes"
    tags = f"<p {attributes(MAX_ATTRIBUTES_PER_ELEMENT)}>" * 5
    assert _same_in_c(tags) == "the page's elements carry too many attributes (2497500 pairs)"


def test_the_scan_in_c_reads_whitespace_as_re_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every character of Unicode between two attribute names: one tag whose count of
    attributes says which ones separate names, as "\\s" does (the pairs in the message)."""
    monkeypatch.setattr(limits, "MAX_ATTRIBUTES_PER_ELEMENT", 10_000_000)
    monkeypatch.setattr(limits, "MAX_ATTRIBUTE_PAIRS", 0)
    between = [chr(c) for c in range(0x110000) if chr(c) not in "<>"]
    page = "<p" + "".join(f" a{c}b" for c in between) + ">"
    spaces = sum(c.isspace() or c == "/" for c in between)
    n = len(between) + spaces
    assert (
        _same_in_c(page)
        == f"the page's elements carry too many attributes ({n * (n - 1) // 2} pairs)"
    )
    # Before "=", whitespace is read over to the value; anything else ends the name.
    _same_in_c("<p" + "".join(f" a{c}=b" for c in between) + ">")


def test_the_scan_in_c_finds_end_tags_ignoring_case_as_re_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every character of Unicode in an end tag of each one-letter raw text element: those re
    matches to the letter end it, as in scan_markup; no other does in C (the one page with
    all of them passes whole)."""
    names = tuple(string.ascii_lowercase)
    monkeypatch.setattr(limits, "_RAW_TEXT_NAMES", names)
    monkeypatch.setattr(limits, "_RAW_TEXT", {n: re.compile(_END_TAG.format(n)) for n in names})
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 1)
    every = "".join(map(chr, range(0x110000)))
    alike = string.ascii_letters + "\u0130\u0131\u017f\u212a"
    others = "".join(f"</{c}>" for c in every if c not in alike)
    for name in names:
        matching = {m[0] for m in re.finditer(f"(?i:{name})", every)}
        assert matching <= set(alike)
        page = f"<{name}>{others}<p>"
        assert scan_compiled(page) is page  # the raw text never ends: "<p>" is not read
        for c in alike:
            page = f"<{name}></{c}><p>"
            assert _same_in_c(page) == (page[:-3] if c in matching else page)


def test_raw_text_names_lower_as_lower_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag's name is a raw text element's when its lower() is: the Kelvin sign lowers to
    "k", a dotted capital I to two characters, a dotless small i to itself."""
    names = ("xkb", "xi")
    monkeypatch.setattr(limits, "_RAW_TEXT_NAMES", names)
    monkeypatch.setattr(limits, "_RAW_TEXT", {n: re.compile(_END_TAG.format(n)) for n in names})
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 1)
    for name, raw in [
        ("xkb", True),
        ("XKB", True),
        ("x\u212ab", True),
        ("xkB", True),
        ("xk", False),
        ("xkbx", False),
        ("xI", True),
        ("x\u0131", False),
        ("x\u0130", False),
    ]:
        page = f"<{name}><p>"
        assert (_same_in_c(page) is page) is raw, page


# Random markup from pieces that hit each rule: the characters that delimit tags, attributes,
# values and comments, letters re matches ignoring case, whitespace of every kind and none,
# raw text elements' names in mixed case, and text 1, 2 and 4 bytes a character wide.
PIECES = st.sampled_from(
    [
        "<",
        ">",
        "/",
        "=",
        '"',
        "'",
        "!--",
        "--!>",
        "-->",
        "--",
        "-",
        "!",
        "<!--",
        "</",
        "a",
        "b",
        "P",
        "x",
        "1",
        "\u00e9",
        "\u2019",
        "\U0001f4f0",
        "\u017f",
        "\u0130",
        "\u0131",
        "\u212a",
        "i",
        "I",
        "s",
        "S",
        " ",
        "\t",
        "\n",
        "\x0b",
        "\x0c",
        "\r",
        "\x1c",
        "\x85",
        "\u00a0",
        "\u1680",
        "\u2000",
        "\u2028",
        "\u3000",
        "\u200b",
        "\ufeff",
    ]
    + [name for n in _RAW_TEXT_NAMES for name in (n, n.upper(), n.title())]
    + ["scr\u0130pt", "\u017fcript", "t\u0131tle", "\u017ftyle"]
)
# Whole tokens, so that tags, comments and raw text are often complete and many attributes long.
TOKENS = st.sampled_from(
    [
        "<p",
        "<a ",
        " b",
        "/c",
        " d=e",
        ' f="g>h"',
        " i='j'",
        " k = l",
        "<!-- ",
        " -->",
        " --!>",
        "<script>",
        "</script>",
        "</SCRIPT ",
        "<TITLE a>",
        "</title\u3000",
        "<p a b c>",
    ]
)
MARKUP = st.lists(st.one_of(PIECES, TOKENS), min_size=20, max_size=100).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    MARKUP,
    st.integers(0, 6),
    st.integers(0, 4),
    st.integers(0, 8),
    st.sampled_from((0, 6, _COUNTED_TAG_CHARS)),
)
def test_the_scan_in_c_agrees_on_random_markup(
    page: str, elements: int, attributes: int, pairs: int, counted: int
) -> None:
    """Random markup under the real bounds and under small ones drawn with it."""
    _same_in_c(page)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(limits, "MAX_ELEMENTS", elements)
        monkeypatch.setattr(limits, "MAX_ATTRIBUTES_PER_ELEMENT", attributes)
        monkeypatch.setattr(limits, "MAX_ATTRIBUTE_PAIRS", pairs)
        monkeypatch.setattr(limits, "_COUNTED_TAG_CHARS", counted)
        _same_in_c(page)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_the_scan_in_c_reads_the_same_start_tags_in_random_markup(page: str) -> None:
    """Cut after each number of start tags in turn, random markup tells where every start tag
    the scan reads begins: the same tags in C (so the same comments, tag ends and raw text)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for elements in range(page.count("<") + 1):
            monkeypatch.setattr(limits, "MAX_ELEMENTS", elements)
            _same_in_c(page)


# The scan of a page's UTF-8 bytes (utf8_markup_whole) reads only strict UTF-8.


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_the_scan_of_bytes_takes_what_the_utf8_codec_takes() -> None:
    """Every first and second byte of a sequence, with continuation bytes after them and ASCII
    around them (so that a run of ASCII read eight bytes at a time ends anywhere): refused as
    bytes.decode("utf-8") refuses it (overlong forms, surrogates, past U+10FFFF, cut short,
    a stray continuation byte)."""
    for first in range(0x80, 0x100):
        for second in range(0x100):
            for tail in (b"", b"\x80", b"\x80\x80", b"\xbf\xbf\xbf", b"\x80a"):
                for before in (b"", b"abcdefg"):
                    data = before + bytes((first, second)) + tail
                    readable = utf8_markup_whole(data) is not None
                    assert readable is _is_utf8(data), data


@given(st.binary(max_size=40))
def test_the_scan_of_random_bytes_takes_what_the_utf8_codec_takes(data: bytes) -> None:
    assert (utf8_markup_whole(data) is not None) is _is_utf8(data)
    assert (utf8_markup_whole(b"<p a=1>" * 3 + data) is not None) is _is_utf8(data)


def test_the_scan_of_bytes_is_refused_where_the_scan_in_c_is_not_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "_compiled", None)
    assert utf8_markup_whole(article().encode()) is None


def test_the_scan_of_bytes_counts_a_tag_by_its_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tag's attributes count only in a tag longer than _COUNTED_TAG_CHARS characters (up to
    its ">"): one of that many characters in more bytes is not counted, one more is."""
    monkeypatch.setattr(limits, "MAX_ATTRIBUTE_PAIRS", 0)
    monkeypatch.setattr(limits, "_COUNTED_TAG_CHARS", 9)
    for page in ("<p a=\u00e9\u00e9 b>", "<p a=\u20ac\u20ac b>", "<p a=\U0001f4f0\U0001f4f0 b>"):
        assert len(page) == 10
        assert utf8_markup_whole(page.encode()) is True
        longer = page.replace(" b", " bc")
        with pytest.raises(TooComplex):
            utf8_markup_whole(longer.encode())
        _same_in_c(page)
        _same_in_c(longer)
