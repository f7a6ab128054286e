"""The transparency-link scan's joined search of every link's address and text picks out every
link that reading each link on its own would take for a policy page."""

from __future__ import annotations

from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.extract.outlet as outlet
from scoring import patterns
from scoring.document import Document

_WORDS = [
    "about",
    "About Us",
    "ABOUT-US",
    "contact",
    "Kontakt",
    "corrections",
    "Korrekturen",
    "impressum",
    "ethics",
    "Who we are",
    "who’s who",
    "send us a tip",
    "mailto:desk@example.com",
    "MAILTO:news@example.com?subject=x",
    "mailto:?subject=share",
    "news",
    "tag",
    "advertise",
    "Straße",
    "index.html",
    "x",
    "",
]
_SPACES = ["", " ", "\n\t ", "\u00a0", "\u2003", "\x1f"]
_PUNCT = ["", "»", " ?", "...", "(", ")", " | "]
_HOSTS = ["", "https://www.example.com", "//example.com", "https://other.org", "HTTP://Example.com"]


def _href(rnd: Random) -> str:
    path = "/".join(rnd.choice(_WORDS).replace(" ", "-") for _ in range(rnd.randint(0, 3)))
    lead = rnd.choice(["", "/", "./"])
    href = rnd.choice(_HOSTS) + lead + path + rnd.choice(["", "/", "#top", "?a=1", ".php"])
    if rnd.random() < 0.3:
        href = rnd.choice(_WORDS)  # relative, or an e-mail address
    return rnd.choice(_SPACES) + href + rnd.choice(_SPACES)


def _text(rnd: Random) -> str:
    words = [rnd.choice(_WORDS) for _ in range(rnd.randint(0, 3))]
    text = rnd.choice(_SPACES).join(words)
    text = rnd.choice(_PUNCT) + text + rnd.choice(_PUNCT)
    if rnd.random() < 0.3:
        half = len(text) // 2
        return f"{text[:half]}<span>{text[half:]}</span>{rnd.choice(_SPACES)}"
    return text


def _page(rnd: Random) -> str:
    links = []
    for _ in range(rnd.randint(1, 12)):
        href = _href(rnd).replace('"', "")
        attr = f' href="{href}"' if rnd.random() < 0.9 else ""
        links.append(f"<a{attr}>{_text(rnd)}</a>")
    return "<html><body><footer>" + " ".join(links) + "</footer></body></html>"


def _every_link(hrefs: list[str], texts: list[str]) -> list[int]:
    return list(range(len(hrefs)))


@pytest.mark.parametrize("seed", range(300))
def test_the_joined_search_finds_every_policy_link_each_link_read_alone_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = Random(seed)
    html = _page(rnd)
    doc = Document.parse(html, "https://www.example.com/news/story")
    fast = outlet._link_pages(doc)
    with monkeypatch.context() as m:
        m.setattr(outlet, "_candidates", _every_link)
        plain = outlet._link_pages(doc)
    assert fast == plain, html


@pytest.mark.parametrize(
    "href",
    [" mailto:desk@example.com", "\n\tabout-us", "\u00a0/contact", " /Impressum.html "],
)
def test_a_policy_address_written_with_white_space_around_it_is_found(href: str) -> None:
    html = f'<html><body><a href="{href}">here</a></body></html>'
    doc = Document.parse(html, "https://www.example.com/news/story")
    assert outlet._link_pages(doc)


# Addresses and texts read in C where they are ASCII, by the searches otherwise: every mix.
_PIECES = [
    *_WORDS,
    *_SPACES,
    *_PUNCT,
    *_HOSTS,
    "/",
    "//",
    "-",
    "'",
    "’",
    "Über uns",
    "À PROPOS",
    "qui-sommes-nous",
    "CONTACT-US",
    "K\u212aontakt",
    "\u212aontakt",
    "/\u212aontakt",
    "mailto:",
    "x" * 70,
    "about " * 12,
]
_LINK_TEXT = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(_LINK_TEXT, _LINK_TEXT), max_size=8))
def test_the_policy_links_read_in_c_are_those_the_searches_find(
    links: list[tuple[str, str]],
) -> None:
    hrefs = [h for h, _ in links]
    texts = [t for _, t in links]
    assert patterns.scans is not None
    assert outlet._candidates(hrefs, texts) == outlet._candidates_by_search(hrefs, texts)


@pytest.mark.parametrize("seed", range(100))
def test_the_policy_links_read_in_c_on_random_pages(seed: int) -> None:
    rnd = Random(seed)
    doc = Document.parse(_page(rnd), "https://www.example.com/news/story")
    _, hrefs, texts, _ = doc.links
    assert outlet._candidates(hrefs, texts) == outlet._candidates_by_search(hrefs, texts)


def test_every_policy_name_and_address_is_found_in_c() -> None:
    names = list(outlet._TEXT_KIND)
    paths = list(outlet._PATH_KIND)
    hrefs = [f"/{p}" for p in paths] + [f" {p.upper()}/x" for p in paths] + ["/news"] * len(names)
    texts = ["here"] * (2 * len(paths)) + [f" {n.title()} »" for n in names]
    found = outlet._candidates(hrefs, texts)
    assert found == outlet._candidates_by_search(hrefs, texts)
    ascii_names = [i for i, n in enumerate(names) if n.isascii()]
    assert set(range(2 * len(paths))) | {2 * len(paths) + i for i in ascii_names} <= set(found)


def test_the_policy_links_are_read_in_c_and_by_the_searches_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scoring import _tokens

    calls: list[Any] = []

    def policy_candidates(*args: Any) -> Any:
        calls.append(args[:2])
        return _tokens.policy_candidates(*args)

    fake = type(_tokens)("fake")
    fake.policy_candidates = policy_candidates  # type: ignore[attr-defined]
    monkeypatch.setattr(patterns, "scans", fake)
    hrefs, texts = ["/about-us", "/news", "/x"], ["About", "News", "Über uns"]
    assert outlet._candidates(hrefs, texts) == [0, 2]
    assert calls == [(hrefs, texts)]
    monkeypatch.setattr(patterns, "scans", None)
    assert outlet._candidates(hrefs, texts) == [0, 2]


def test_the_policy_link_pass_refuses_what_it_cannot_read() -> None:
    from scoring import _tokens

    words, phrases = outlet._ADDRESS_KEYS, outlet._TEXT_KEYS
    with pytest.raises(TypeError):
        _tokens.policy_candidates(["/a"], ["a", "b"], words, phrases, "")
    with pytest.raises(TypeError):
        _tokens.policy_candidates(["/a"], [b"a"], words, phrases, "")  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _tokens.policy_candidates(["/a"], ["a"], object(), phrases, "")
    with pytest.raises(TypeError):
        _tokens.policy_candidates(["/a"], ["a"], words, phrases, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        _tokens.policy_candidates(["/a"], ["a"], _tokens.index({"a" * 64}), phrases, "")
    assert _tokens.policy_candidates([], [], words, phrases, "") == ([], [], [])


def test_no_character_casefolds_to_white_space_or_a_gap() -> None:
    """What the pass in C counts on to leave a long text that is not ASCII unread: every
    character that is neither white space nor a gap folds to one or more characters that are
    neither, so a text folds to at least as many as it holds."""
    gaps = set(outlet._PUNCTUATION)
    for code in range(0x110000):
        c = chr(code)
        if c.isspace() or c in gaps:
            continue
        folded = c.casefold().translate(outlet._FOLD)
        assert folded and not any(x.isspace() or x in gaps for x in folded), hex(code)


def test_a_long_text_that_is_not_ascii_is_read_in_c() -> None:
    from scoring import _tokens

    long = "Über die Brücke fährt heute kein Zug mehr, sagt die Bahn " * 2
    short = "Über uns"
    found, odd_hrefs, odd_texts = _tokens.policy_candidates(
        ["/news", "/news"],
        [long, short],
        outlet._ADDRESS_KEYS,
        outlet._TEXT_KEYS,
        outlet._PUNCTUATION,
    )
    assert (found, odd_hrefs, odd_texts) == ([], [], [1])
