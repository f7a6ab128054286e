"""The lead image and its credit, read at score time: table-driven pages in several languages.

Each page is a small article of our own; the credit forms are the ones newsrooms print.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.document import Document
from scoring.extract import lead_image
from scoring.extract.lead_image import extract_lead_image
from scoring.facts import LeadImage

SITE = "https://www.harbour-gazette.example"
URL = f"{SITE}/2026/11/20/bridge"
IMG = f"{SITE}/media/bridge-dawn.jpg"


def page(head: str = "", lead: str = "", body: str = "", lang: str = "en") -> str:
    paragraphs = "".join(
        f"<p>{t}</p>"
        for t in (
            "The council approved the bridge on Wednesday after a decade of debate.",
            "Work is due to start in the spring and to take three years.",
        )
    )
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>Bridge</title>{head}</head><body>
<header><nav><a href="/">Home</a></nav><img src="/logo.png" alt="Gazette"></header>
<main><article><h1>Bridge</h1>{lead}
<div class="article-body">{body}{paragraphs}</div>
<aside class="related"><img src="/media/other-story.jpg" width="600"></aside>
</article></main></body></html>"""


def og(url: str = IMG) -> str:
    return f'<meta property="og:image" content="{escape(url)}">'


def fig(caption: str, src: str = IMG) -> str:
    return f'<figure><img src="{src}" alt=""><figcaption>{caption}</figcaption></figure>'


def ld(**image: object) -> str:
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", "image": image}
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def lead_of(html: str) -> LeadImage:
    lead = extract_lead_image(Document.parse(html, URL))
    assert lead is not None
    return lead


# (id, page, credit text, photographers, agencies by canonical name, caption)
CREDITS = [
    # --- English ---
    (
        "en-photo-person-wire",
        page(og(), fig("Dawn over the new span. Photo: Jane Doe/Reuters")),
        "Jane Doe/Reuters",
        ["Jane Doe"],
        ["Reuters"],
        "Dawn over the new span.",
    ),
    (
        "en-ap-photo-no-prefix",
        page(og(), fig("Dawn over the new span. AP Photo/Evan Vucci")),
        "AP Photo/Evan Vucci",
        ["Evan Vucci"],
        ["The Associated Press"],
        "Dawn over the new span.",
    ),
    (
        "en-image-getty",
        page(og(), fig("Dawn over the new span. Image: Getty")),
        "Getty",
        [],
        ["Getty Images"],
        "Dawn over the new span.",
    ),
    (
        "en-credit-markup-via",
        page(
            og(),
            fig(
                'Dawn over the new span. <span class="credit">Jane Doe/AFP via Getty Images</span>'
            ),
        ),
        "Jane Doe/AFP via Getty Images",
        ["Jane Doe"],
        ["Agence France-Presse", "Getty Images"],
        "Dawn over the new span.",
    ),
    (
        "en-photo-by",
        page(og(), fig("Dawn over the new span (Photo by Tom Baker)")),
        "Tom Baker",
        ["Tom Baker"],
        [],
        "Dawn over the new span",
    ),
    (
        "en-trailing-bracket-wire",
        page(og(), fig("Dawn over the new span. (REUTERS/Jane Doe)")),
        "REUTERS/Jane Doe",
        ["Jane Doe"],
        ["Reuters"],
        "Dawn over the new span.",
    ),
    (
        "en-json-ld-credit-text",
        page(ld(url=IMG, creditText="Jane Doe for The Harbour Gazette", caption="Dawn")),
        "Jane Doe for The Harbour Gazette",
        ["Jane Doe"],
        [],
        "Dawn",
    ),
    (
        "en-json-ld-copyright-holder",
        page(ld(url=IMG, copyrightHolder={"@type": "Organization", "name": "Associated Press"})),
        "Associated Press",
        [],
        ["The Associated Press"],
        None,
    ),
    (
        "en-image-via-agency",
        page(og(), fig("Dawn over the new span. (Image via Getty Images)")),
        "Getty Images",
        [],
        ["Getty Images"],
        "Dawn over the new span.",
    ),
    (
        "en-em-dash",
        page(og(), fig('Dawn. <span class="media-credit">David Lee—Getty Images</span>')),
        "David Lee—Getty Images",
        ["David Lee"],
        ["Getty Images"],
        "Dawn.",
    ),
    # --- German ---
    (
        "de-foto-dpa",
        page(og(), fig("Die neue Brücke im Morgenlicht. Foto: dpa"), lang="de"),
        "dpa",
        [],
        ["Deutsche Presse-Agentur"],
        "Die neue Brücke im Morgenlicht.",
    ),
    (
        "de-foto-person-bildfunk",
        page(og(), fig("Die neue Brücke. Foto: Max Mustermann/dpa-Bildfunk"), lang="de"),
        "Max Mustermann/dpa-Bildfunk",
        ["Max Mustermann"],
        ["Deutsche Presse-Agentur"],
        "Die neue Brücke.",
    ),
    (
        "de-bildquelle-markup",
        page(
            og(),
            fig('Die neue Brücke. <span class="bildquelle">Bild: Reuters</span>'),
            lang="de",
        ),
        "Reuters",
        [],
        ["Reuters"],
        "Die neue Brücke.",
    ),
    # --- French ---
    (
        "fr-credit-photo-afp",
        page(og(), fig("Le nouveau pont à l'aube. Crédit photo : Jean Dupont / AFP"), lang="fr"),
        "Jean Dupont / AFP",
        ["Jean Dupont"],
        ["Agence France-Presse"],
        "Le nouveau pont à l'aube.",
    ),
    (
        "fr-photo-copyright",
        page(og(), fig("Le nouveau pont. Photo © Marie Curie"), lang="fr"),
        "Marie Curie",
        ["Marie Curie"],
        [],
        "Le nouveau pont.",
    ),
    # --- Spanish ---
    (
        "es-foto-efe",
        page(og(), fig("El nuevo puente al amanecer. (Foto: EFE/Juan Pérez)"), lang="es"),
        "EFE/Juan Pérez",
        ["Juan Pérez"],
        ["Agencia EFE"],
        "El nuevo puente al amanecer.",
    ),
    (
        "es-fotografia-europa-press",
        page(og(), fig("El nuevo puente. Fotografía: Europa Press"), lang="es"),
        "Europa Press",
        [],
        ["Europa Press"],
        "El nuevo puente.",
    ),
    (
        "es-imagen-epa-efe",
        page(og(), fig("El nuevo puente. Imagen: EPA-EFE/Ana García"), lang="es"),
        "EPA-EFE/Ana García",
        ["Ana García"],
        ["European Pressphoto Agency"],
        "El nuevo puente.",
    ),
]


@pytest.mark.parametrize(
    ("html", "text", "photographers", "agencies", "caption"),
    [c[1:] for c in CREDITS],
    ids=[c[0] for c in CREDITS],
)
def test_credit(
    html: str, text: str, photographers: list[str], agencies: list[str], caption: str | None
) -> None:
    lead = lead_of(html)
    assert lead.credit is not None, f"no credit found; caption {lead.caption!r}"
    assert lead.credit.text == text
    assert lead.credit.photographers == photographers
    assert [a.name for a in lead.credit.agencies] == agencies
    assert lead.caption == caption


def test_agency_credits_resolve_to_wire_services() -> None:
    for html in (CREDITS[0][1], CREDITS[8][1], CREDITS[11][1], CREDITS[13][1]):
        credit = lead_of(html).credit
        assert credit is not None and credit.agencies
        assert all(a.wire and a.domain for a in credit.agencies)


@pytest.mark.parametrize(
    "caption",
    [
        "Dawn over the new span.",
        "The photo shows the bridge at dawn.",  # "photo" in running text is no credit
        "Die Brücke, die seit 2019 geplant wurde.",
        "Le pont, vu depuis la rive gauche.",
        "El puente visto desde el río.",
    ],
)
def test_no_credit(caption: str) -> None:
    lead = lead_of(page(og(), fig(caption)))
    assert lead.credit is None
    assert lead.caption == caption


# Which image: og:image, twitter:image, JSON-LD image/thumbnailUrl, first large body image.
CHOICES = [
    ("og", page(og() + '<meta name="twitter:image" content="/t.jpg">'), IMG, "og:image"),
    (
        "twitter",
        page('<meta name="twitter:image" content="/t.jpg">' + ld(url=IMG)),
        f"{SITE}/t.jpg",
        "twitter:image",
    ),
    ("json-ld", page(ld(url=IMG)), IMG, "json-ld"),
    (
        "json-ld-thumbnail",
        page(
            '<script type="application/ld+json">'
            + json.dumps({"@type": "NewsArticle", "thumbnailUrl": "/thumb.jpg"})
            + "</script>"
        ),
        f"{SITE}/thumb.jpg",
        "json-ld",
    ),
    (
        "body-skips-small-and-related",
        page(body='<img src="/icon.png" width="32" height="32"><img src="/media/big.jpg">'),
        f"{SITE}/media/big.jpg",
        "body",
    ),
]


@pytest.mark.parametrize(
    ("html", "url", "source"), [c[1:] for c in CHOICES], ids=[c[0] for c in CHOICES]
)
def test_which_image(html: str, url: str, source: str) -> None:
    lead = lead_of(html)
    assert (lead.url, lead.url_source) == (url, source)


def test_no_lead_image() -> None:
    assert extract_lead_image(Document.parse(page(), URL)) is None


def test_json_ld_describes_the_og_image() -> None:
    html = page(og() + ld(url=IMG, creditText="Reuters"))
    lead = lead_of(html)
    assert lead.url_source == "og:image"
    assert lead.credit is not None and lead.credit.source == "json-ld"


def test_the_figure_is_found_by_its_image_in_another_size() -> None:
    other = page(
        og(f"{SITE}/media/bridge-dawn.jpg?w=1200"),
        '<figure><img src="/media/portrait.jpg"><figcaption>A portrait. Photo: Tom Baker'
        "</figcaption></figure>"
        + fig("Dawn. Photo: Jane Doe/Reuters", src="/media/bridge-dawn.jpg?w=600"),
    )
    lead = lead_of(other)
    assert lead.in_page
    assert lead.credit is not None and lead.credit.text == "Jane Doe/Reuters"


def test_report_carries_the_lead_image() -> None:
    from scoring import score_html

    report = score_html(page(og(), fig("Dawn. Foto: dpa")), URL).to_dict()
    lead = report["facts"]["lead_image"]
    assert lead["url"] == IMG and lead["url_source"] == "og:image"
    assert lead["credit"]["agencies"][0]["name"] == "Deutsche Presse-Agentur"
    assert lead["credentials"] is None  # nothing checked it: no server behind this call


def test_a_footer_copyright_notice_is_no_credit() -> None:
    notice = (
        '<div class="copyright">© 2026 Harbour Gazette Ltd. All rights reserved. Registered '
        "office: 1 Quay Street, Harbourtown. Company number 01234567. Editor: Ann Lee. "
        "Reproduction in whole or in part without permission is prohibited.</div>"
    )
    html = page(og(), '<div><img src="/media/bridge-dawn.jpg"><p>Dawn.</p>' + notice + "</div>")
    assert lead_of(html).credit is None


def test_the_chosen_image_in_a_share_bar_first_is_not_the_figure() -> None:
    # The page's first element with the file name sits in the chrome: the figure is the next one.
    share = f'<nav class="share"><img src="{IMG}?w=80"></nav>'
    lead = lead_of(page(og(), share + fig("Dawn. Photo: Jane Doe/Reuters")))
    assert lead.in_page
    assert lead.credit is not None and lead.credit.text == "Jane Doe/Reuters"


def test_the_chosen_image_as_a_picture_source() -> None:
    picture = (
        f'<figure><picture><source srcset="{IMG}?w=1200 1200w, {IMG}?w=600 600w">'
        '<img src="/media/placeholder.gif" alt="The bridge at dawn"></picture>'
        "<figcaption>Dawn. Foto: dpa</figcaption></figure>"
    )
    lead = lead_of(page(og(), picture))
    assert lead.in_page and lead.alt == "The bridge at dawn"
    assert lead.credit is not None and lead.credit.text == "dpa"


@pytest.mark.parametrize(
    "markup",
    [
        '<span itemprop="CreditText">Jane Doe</span>',
        '<span class="Media-Credit">Jane Doe</span>',
        '<span id="İmage-credit">Jane Doe</span>',
    ],
)
def test_credit_markup_in_any_case(markup: str) -> None:
    lead = lead_of(page(og(), f'<div class="hero"><img src="{IMG}">{markup}</div>'))
    assert lead.credit is not None and lead.credit.text == "Jane Doe"
    assert lead.credit.source == "markup"


# --- the figure around an image: looked for at the highest level first ----------------------

_LEVEL = st.tuples(
    st.sampled_from(["div", "figure", "section", "span", "nav"]),
    st.sampled_from(["", "credit", "photo-credit", "wrapper", "caption"]),
    st.sampled_from(["", "<figcaption>The quay</figcaption>", "<span class='credit'>Jo</span>"]),
    st.sampled_from(["", "<p>Words around the picture.</p>", "<em itemprop='author'>Al</em>"]),
)


def _figure_level_by_level(img: Any) -> Any:
    """What _figure_of finds, asking each level in turn."""
    node = img.getparent()
    for _ in range(4):
        if node is None:
            return None
        if node.tag == "figure" or node.find(".//figcaption") is not None:
            return node
        if lead_image._credit_elements(node):
            return node
        node = node.getparent()
    return None


@settings(max_examples=500, deadline=None)
@given(st.lists(_LEVEL, max_size=7))
def test_the_figure_around_an_image_is_the_one_each_level_in_turn_gives(
    levels: list[tuple[str, str, str, str]],
) -> None:
    html = "<img src='/a.jpg'>"
    for tag, cls, inside, beside in levels:
        attr = f" class='{cls}'" if cls else ""
        html = f"<{tag}{attr}>{html}{inside}</{tag}>{beside}"
    doc = Document.parse(f"<html><body><article>{html}</article></body></html>", URL)
    img = next(doc.tree.iter("img"))
    assert lead_image._figure_of(img) is _figure_level_by_level(img)
