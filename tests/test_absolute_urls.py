"""Document.absolute resolves links as urljoin does, including on the shapes its fast paths take."""

from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.document import Document

BASES = [
    "https://news.example.com/world/2024/05/story.html?x=1#top",
    "http://Example.org:8080/a/b/",
    "https://example.com",
    "HTTPS://example.com/a",
    "https://ex-ample.co.uk/a;p/b",
    "ftp://example.com/a/b",
    "",
    "/relative/only",
]
CASES = [
    "https://other.example/path/to/page",
    "http://other.example",
    "https://other.example?q=1",
    "https://other.example/a?",
    "https://other.example/a#",
    "https://other.example/a?#f",
    "https://other.example/a/../b",
    "https://other.example/a/./b",
    "https://other.example/a;b",
    "https://other.example/a;",
    "/a;",
    "/a;b/c;",
    "https://[::1]/a",
    "https://user@other.example/a",
    "HTTPS://other.example/a",
    "/",
    "/a/b/c",
    "/a//b",
    "/a/../b",
    "/a/./b",
    "/a/.",
    "/a/..",
    "/.hidden/x",
    "/a?b=c#d",
    "/a?",
    "/a#",
    "//cdn.example/x",
    "a/b",
    "../a",
    "?q=2",
    "#frag",
    "mailto:someone@example.com",
    "  /padded  ",
    "/tab\there",
    "",
]


def _expected(base: str, href: str) -> str:
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return href.strip()


def test_known_shapes_resolve_as_urljoin_does() -> None:
    for base in BASES:
        doc = Document.parse("<p>x</p>", base)
        for href in CASES:
            assert doc.absolute(href) == _expected(base, href), (base, href)


_URLISH = st.text(alphabet="/.?#;:@[]%=&-_aAzZ09 \t", max_size=24)


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(BASES),
    head=st.sampled_from(["", "/", "//", "http://h.example", "https://h.example:8", "http:"]),
    tail=_URLISH,
)
def test_any_link_resolves_as_urljoin_does(base: str, head: str, tail: str) -> None:
    doc = Document.parse("<p>x</p>", base)
    assert doc.absolute(head + tail) == _expected(base, head + tail)
