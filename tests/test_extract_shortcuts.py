"""The outlet, byline and lead-image extractors' shortcuts give what the plain ways give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.extract.authorship import _PROFILE_PATH, _profile_links

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
