"""The document is the same tree whether the parser read the page's text or, where the engine
hands it over, the page's own UTF-8 bytes."""

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import scoring.document as document
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
    """The tree as the engine builds it when the parser is always given text."""
    real = document._parse_tree
    document._parse_tree = lambda text, utf8=None: real(text)  # type: ignore[assignment]
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
