"""The outlet, byline and lead-image extractors' shortcuts give what the plain ways give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.data import OUTLETS, lookalike_of
from scoring.extract.authorship import _PROFILE_PATH, _profile_links
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


_LABEL_PIECES = st.sampled_from(
    [*sorted(OUTLETS.brand_labels)[:40], "cnn", "wsj", "news", "24", "-", "_", "x", "the", "tv"]
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
