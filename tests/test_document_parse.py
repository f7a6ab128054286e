"""The document is the same tree whether the parser read the page's text or, where the engine
hands it over, the page's own UTF-8 bytes."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import scoring.document as document
import scoring.limits as limits
from scoring.document import Document

URL = "https://news.example/a"
PAGES = [
    "<html><head><meta charset='iso-8859-1'><title>Café</title></head>"
    "<body><p>Été</p></body></html>",
    "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
    "</head><body><p>naïve “quotes”</p></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>Ünïcödé</p></body></html>",
    "<html><body><p>記者：田中一郎 – 東京</p><script>var a = '<p>';</script></body></html>",
    "<p>no html element at all, 😀</p>",
    "<html><body><p>a\x00b</p></body></html>",
]


def _tree(doc: Document) -> bytes:
    return bytes(etree.tostring(doc.tree, encoding="utf-8"))


def _parsed_from_text(page: bytes) -> bytes:
    """The tree as the engine builds it when the parser is always given text (decoded here
    where the engine made none)."""
    real = document._parse_tree

    def from_text(text: str | None, utf8: bytes | None = None) -> object:
        assert text is not None or utf8 is not None
        return real(text if text is not None else utf8.decode("utf-8"))  # type: ignore[union-attr]

    document._parse_tree = from_text  # type: ignore[assignment]
    try:
        return _tree(Document.parse(page, URL))
    finally:
        document._parse_tree = real


def test_pages_read_from_bytes_or_text_give_one_tree() -> None:
    for page in PAGES:
        for data in (page.encode("utf-8"), codecs.BOM_UTF8 + page.encode("utf-8")):
            assert _tree(Document.parse(data, URL)) == _parsed_from_text(data), page
        assert _tree(Document.parse(page, URL)) == _parsed_from_text(page.encode("utf-8")), page


def test_the_bytes_are_handed_over_only_when_they_are_the_text() -> None:
    seen: list[bool] = []
    real = document._parse_tree

    def spy(text: str, utf8: bytes | None = None) -> object:
        seen.append(utf8 is not None)
        return real(text, utf8)

    document._parse_tree = spy  # type: ignore[assignment]
    try:
        for data, handed in (
            (PAGES[0].encode("utf-8"), True),  # UTF-8 whatever the page declares
            (PAGES[1].encode("cp1252"), False),  # read as windows-1252
            (PAGES[2].encode("utf-8"), False),  # the XML declaration is cut off
            (codecs.BOM_UTF8 + PAGES[3].encode("utf-8"), False),  # the BOM is not text
            (PAGES[5].encode("utf-8"), False),  # the NUL is removed
            (("<p>" + "x" * document.MAX_HTML_CHARS + "</p>").encode(), False),  # cut
        ):
            seen.clear()
            Document.parse(data, URL)
            assert seen == [handed], data[:60]
    finally:
        document._parse_tree = real


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>/=\"' abpé€😀\n\t&;#x0123456789", max_size=60))
def test_any_markup_gives_one_tree_from_bytes_or_text(body: str) -> None:
    data = f"<html><body>{body}</body></html>".encode()
    assert _tree(Document.parse(data, URL)) == _parsed_from_text(data)


def _decoded_input(data: bytes) -> tuple[str | None, bytes | None]:
    """parser_input as it is where the bytes are never read as they are: decoded first."""
    real = document._readable_as_bytes
    document._readable_as_bytes = lambda html, stage: False  # type: ignore[assignment]
    try:
        return document.parser_input(data)
    finally:
        document._readable_as_bytes = real


def _same_input(data: bytes) -> bool:
    """parser_input on data agrees with it decoded first; True where it made no text."""
    text, utf8 = document.parser_input(data)
    decoded, decoded_utf8 = _decoded_input(data)
    if text is None:
        assert utf8 is data and decoded_utf8 is data and decoded == data.decode("utf-8")
        return True
    assert (text, utf8) == (decoded, decoded_utf8)
    return False


def test_a_utf8_page_is_decoded_only_when_its_text_is_asked_for() -> None:
    page = PAGES[3].encode("utf-8")
    assert _same_input(page)
    doc = Document.parse(page, URL)
    assert doc._source is None
    assert doc.source == page.decode("utf-8")
    assert doc._source is not None


@pytest.mark.parametrize(
    "data",
    [
        PAGES[0].encode("utf-8"),  # declares latin-1, is UTF-8
        b"<meta charset=utf-8><p>x</p>",
        b"<meta charset=no-such-codec><p>\xc3\xa9</p>",
        b"\xe3\x80\x80<p>ideographic space first</p>",
    ],
)
def test_pages_read_as_bytes(data: bytes) -> None:
    assert _same_input(data)


@pytest.mark.parametrize(
    "data",
    [
        PAGES[1].encode("cp1252"),  # another charset
        b"<meta charset=windows-1252><p>ascii only</p>",  # read as declared
        PAGES[2].encode("utf-8"),  # an XML declaration
        b" \n<?XML version='1.0'?><p>x</p>",
        b"\xc2\x85<?xml version='1.0'?><p>x</p>",  # after a NEL, which \s reads
        PAGES[5].encode("utf-8"),  # a NUL
        codecs.BOM_UTF8 + b"<p>x</p>",
        b"\xe3\x80\x80\n",  # blank
        b"<p>\xff</p>",  # not UTF-8
        b"<p>\xed\xa0\x80</p>",  # a surrogate
        ("<p>" + "x" * document.MAX_HTML_CHARS + "</p>").encode(),  # cut at the length
    ],
)
def test_pages_decoded_first(data: bytes) -> None:
    assert not _same_input(data)
    doc = Document.parse(data, URL)
    assert doc.source == document.parser_input(data)[0]


def test_a_page_the_markup_scan_cuts_is_decoded_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 2)
    data = "<p>é</p><p>à</p><p>cut here</p>".encode()
    assert not _same_input(data)
    assert document.parser_input(data)[0] == "<p>é</p><p>à</p>"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(alphabet="<>/=\"' ab?xml\x00\x85é😀\n\t", max_size=40))
def test_any_page_gives_the_parser_what_decoding_it_first_gives(text: str, markup: str) -> None:
    for page in (text, markup, f"{markup}<html><body>{text}</body></html>"):
        _same_input(page.encode("utf-8", "surrogatepass"))


def test_only_the_first_4096_bytes_may_declare_a_charset() -> None:
    meta = b"<meta charset=windows-1252"  # its name's last byte the 4096th
    for pad, read in ((4096 - len(meta), "cp1252"), (4096 - len(b"<meta chars"), None)):
        page = b" " * pad + meta + b"><p>x</p>"
        assert document._declared_codec(page) == read, pad


def test_a_page_is_read_in_the_charset_it_declares() -> None:
    """The declaration read to tell whether the bytes are UTF-8 is the one the page is then
    decoded in."""
    text = "<meta charset=windows-1250><p>Zażółć gęślą jaźń</p>"  # detection says 1252
    doc = Document.parse(text.encode("cp1250"), URL)
    assert "Zażółć gęślą jaźń" in doc.source
    assert document.parser_input(text.encode("cp1250"))[1] is None
