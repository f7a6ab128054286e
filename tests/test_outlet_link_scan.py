"""The transparency-link scan's joined search of every link's address and text picks out every
link that reading each link on its own would take for a policy page."""

from __future__ import annotations

from random import Random

import pytest

import scoring.extract.outlet as outlet
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
