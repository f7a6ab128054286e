"""host_of and path_of read most addresses without urlsplit; they give what urlsplit gives."""

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.domains import host_of, path_of


def _host_by_urlsplit(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def _path_by_urlsplit(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


CASES = [
    "https://news.example.com/world/story.html?x=1#top",
    "http://Example.ORG:8080/a/b/",
    "https://example.com",
    "https://example.com.",
    "https://example.com./a",
    "https://example.com:",
    "https://example.com:/a",
    "https://example.com:80x/a",
    "https://exa\tmple.com/a",
    "https://example.com\t/a",
    "https://example.com/a\tb?c\nd#e",
    "https://example.com/a#b?c",
    "https://example.com?a/b#c",
    "https://example.com#",
    "https://user@example.com/a",
    "https://[::1]:8080/a",
    "https://[::1/a",
    "https://ex%41mple.com/a",
    "https://exämple.com/a",
    "HTTPS://Example.com/a",
    " https://example.com/a ",
    "https:///a",
    "https://-a-.b-/c",
    "https://a.com:99999999999999999999/a",
    "//example.com/a",
    "mailto:someone@example.com",
    "",
]
_URL = st.lists(
    st.sampled_from(
        [
            "http",
            "https",
            "HTTP",
            "://",
            "//",
            "/",
            "?",
            "#",
            ":",
            "80",
            "@",
            "[",
            "]",
            "::1",
            "%",
            ".",
            "-",
            "a",
            "B",
            "example",
            "com",
            "\t",
            "\n",
            " ",
            "ä",
            ";",
            "_",
        ]
    ),
    max_size=12,
).map("".join)


def test_the_shapes_near_the_fast_path() -> None:
    for url in CASES:
        assert host_of(url) == _host_by_urlsplit(url), url
        assert path_of(url) == _path_by_urlsplit(url), url


@settings(max_examples=2000)
@given(st.sampled_from(["http://", "https://", ""]), _URL)
def test_host_and_path_are_those_urlsplit_gives(scheme: str, rest: str) -> None:
    url = scheme + rest
    assert host_of(url) == _host_by_urlsplit(url)
    assert path_of(url) == _path_by_urlsplit(url)
