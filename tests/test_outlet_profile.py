"""Reading an outlet's own pages (scoring.outlet_profile): table-driven, no network."""

from __future__ import annotations

import pytest

from scoring.document import Document
from scoring.facts import CheckedPage, OutletProfile
from scoring.outlet_profile import (
    check_page,
    dated_corrections,
    home_candidates,
    masthead_people,
    named_owners,
    not_found_text,
    pages_to_check,
    profile_key,
    same_page,
    signature,
)

SITE = "https://www.harbour-gazette.co.uk"


def doc(body: str, title: str = "Harbour Gazette", url: str = f"{SITE}/page") -> Document:
    return Document.parse(
        f"<html><head><title>{title}</title></head><body>"
        f'<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>{body}'
        "<footer>Harbour Gazette 2024. All rights reserved.</footer></body></html>",
        url,
    )


@pytest.mark.parametrize(
    ("title", "heading", "expected"),
    [
        ("Page not found - Harbour Gazette", "Sorry", "Page not found - Harbour Gazette"),
        ("Harbour Gazette", "404", "404"),
        ("Seite nicht gefunden | Zeitung", "Hoppla", "Seite nicht gefunden | Zeitung"),
        ("Page introuvable", "Oups", "Page introuvable"),
        ("Página no encontrada", "Ups", "Página no encontrada"),
        ("Página não encontrada", "Ops", "Página não encontrada"),
        ("Pagina non trovata", "Ops", "Pagina non trovata"),
        ("Corrections - Harbour Gazette", "Corrections", None),
        ("Route 4040 reopens", "Traffic", None),
    ],
)
def test_soft_404_by_title_or_heading(title: str, heading: str, expected: str | None) -> None:
    assert not_found_text(doc(f"<h1>{heading}</h1><p>Text.</p>", title)) == expected


CORRECTIONS_LIST = """<h1>Corrections</h1><ul>
<li>12 March 2024: An earlier version misstated the cost of the bridge.</li>
<li>March 3, 2024 - A caption misidentified the harbour master.</li>
<li><time datetime="2024-02-01">1 Feb</time> The mayor's name was misspelled.</li></ul>"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (CORRECTIONS_LIST, ["2024-03-12", "2024-03-03", "2024-02-01"]),
        # A policy's revision date is one date, not a list of corrections.
        (
            "<h1>Corrections policy</h1><p>We correct errors. Updated 3 March 2024.</p>",
            ["2024-03-03"],  # one date: short of the rule's threshold of two
        ),
        ("<h1>Corrections policy</h1><p>We correct errors promptly and openly.</p>", []),
        # Dated entries on a page that is not about corrections at all.
        ("<h1>Events</h1><p>12 March 2024: fair.</p><p>3 March 2024: market.</p>", []),
        (
            "<h1>Korrekturen</h1><p>12.03.2024: Berichtigung zum Hafen.</p>"
            "<p>05.02.2024: Korrektur eines Namens.</p>",
            ["2024-03-12", "2024-02-05"],
        ),
    ],
)
def test_dated_corrections(body: str, expected: list[str]) -> None:
    assert dated_corrections(doc(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<h1>Masthead</h1><ul><li>Jane Doe, Editor-in-Chief</li>"
            "<li>Tom Baker — Managing Editor</li><li>Ann Lee: Reporter</li></ul>",
            ["Jane Doe", "Tom Baker", "Ann Lee"],
        ),
        (
            "<h1>Our Team</h1><p>Our editorial staff works around the clock.</p><ul>"
            "<li>Editor-in-Chief</li><li>Managing Editor</li><li>News Desk</li></ul>",
            [],
        ),
        # Sister titles and plain words are not people.
        ("<h1>Masthead</h1><ul><li>Harbour Times</li><li>print and online</li></ul>", []),
        (
            "<h1>Impressum</h1><p>Chefredakteur: Max Mustermann</p>"
            "<p>Verantwortlich: Erika Musterfrau</p>",
            ["Max Mustermann", "Erika Musterfrau"],
        ),
    ],
)
def test_masthead_people(body: str, expected: list[str]) -> None:
    assert masthead_people(doc(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<p>The Gazette is owned by Coastal Media Holdings Ltd, of Cardiff.</p>",
            ["The Gazette is owned by Coastal Media Holdings Ltd, of Cardiff."],
        ),
        ("<p>We are funded by readers like you.</p>", []),
        ("<p>We are independent.</p>", []),
        ("<p>Le journal appartient à Xavier Niel.</p>", ["Le journal appartient à Xavier Niel."]),
        (
            "<p>Die Zeitung gehört der Funke Mediengruppe.</p>",
            ["Die Zeitung gehört der Funke Mediengruppe."],
        ),
        (
            "<h2>Our funders</h2><ul><li>Sea Trust</li><li>Open Press Fund</li></ul>",
            ["Our funders: Sea Trust, Open Press Fund"],
        ),
    ],
)
def test_named_owners(body: str, expected: list[str]) -> None:
    assert named_owners(doc(body)) == expected


HOME = doc(
    "".join(f"<h2>Story {i} about the ferry timetable and the quay</h2>" for i in range(20))
    + '<a href="/corrections">Corrections</a> <a href="https://other.example/about">About</a>'
    + '<a href="http://harbour-gazette.co.uk/masthead">Masthead</a>',
    url=f"{SITE}/",
)


def test_pages_to_check_are_the_outlets_own_pages_its_home_page_links() -> None:
    assert pages_to_check("harbour-gazette.co.uk", HOME, f"{SITE}/") == {
        "corrections": f"{SITE}/corrections",
        "masthead": "http://harbour-gazette.co.uk/masthead",
    }


@pytest.mark.parametrize(
    ("key", "candidates"),
    [
        (
            "harbour-gazette.co.uk",
            [
                "https://harbour-gazette.co.uk/",
                "https://www.harbour-gazette.co.uk/",
                "http://harbour-gazette.co.uk/",
                "http://www.harbour-gazette.co.uk/",
            ],
        ),
        ("127.0.0.1:8080", ["https://127.0.0.1:8080/", "http://127.0.0.1:8080/"]),
        ("[::1]:8080", ["https://[::1]:8080/", "http://[::1]:8080/"]),
        ("localhost:8080", ["https://localhost:8080/", "http://localhost:8080/"]),
        ("127.0.0.1", ["https://127.0.0.1/", "http://127.0.0.1/"]),
    ],
)
def test_home_candidates_come_from_the_key_alone(key: str, candidates: list[str]) -> None:
    assert home_candidates(key) == candidates


CATCH_ALL = "<h1>Looking for something?</h1><p>Try the search box above, or the sections.</p>"


@pytest.mark.parametrize(
    ("final_url", "body", "status", "reason"),
    [
        (f"{SITE}/corrections", CORRECTIONS_LIST, "ok", None),
        (f"{SITE}/", CORRECTIONS_LIST, "home_redirect", "it leads to the home page"),
        (f"{SITE}/corrections", CATCH_ALL, "soft_404", "for any address"),
        (f"{SITE}/corrections", "<h1>Corrections</h1><p>None this month.</p>", "ok", None),
    ],
)
def test_check_page(final_url: str, body: str, status: str, reason: str | None) -> None:
    probe = signature(doc(CATCH_ALL, url=f"{SITE}/provenance-check-0"))
    page = check_page(
        "corrections",
        f"{SITE}/corrections",
        doc(body, url=final_url),
        final_url,
        home=HOME,
        home_final_url=f"{SITE}/",
        probe=probe,
    )
    assert page.status == status
    assert (reason or "") in (page.reason or "")
    assert page.absent == (status != "ok")


def test_a_page_that_shows_the_home_page_is_not_there() -> None:
    same = doc(
        "".join(f"<h2>Story {i} about the ferry timetable and the quay</h2>" for i in range(20)),
        url=f"{SITE}/ownership",
    )
    page = check_page("ownership", f"{SITE}/ownership", same, f"{SITE}/ownership", home=HOME)
    assert (page.status, page.reason) == ("soft_404", "it shows the home page")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://news.bbc.co.uk/world/1", "bbc.co.uk"),
        ("https://www.harbour-gazette.co.uk:8443/x", "harbour-gazette.co.uk"),
        ("http://127.0.0.1:8080/story", "127.0.0.1:8080"),
        ("http://127.0.0.1/story", "127.0.0.1"),
        ("http://[::1]:8080/story", "[::1]:8080"),
        ("http://localhost:8080/story", "localhost:8080"),
        ("http://localhost/story", "localhost"),
        ("not a url", ""),
    ],
)
def test_profile_key(url: str, key: str) -> None:
    assert profile_key(url) == key


def test_same_page() -> None:
    assert same_page(f"{SITE}/", "https://harbour-gazette.co.uk/?ref=404")
    assert not same_page(f"{SITE}/about", f"{SITE}/")


def test_a_profile_round_trips_through_json() -> None:
    profile = OutletProfile(
        "harbour-gazette.co.uk",
        f"{SITE}/",
        "2026-11-28T06:00:00+00:00",
        pages={"masthead": CheckedPage("masthead", f"{SITE}/masthead", "ok", people=["Ann Lee"])},
    )
    assert OutletProfile.from_dict(profile.to_dict()) == profile
