"""Per-rule fixtures: for every rule, a page that must trigger it and one that must not.

Each miss page stays close to its hit page and differs in the one thing the rule looks at.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape

import pytest
from material import FILLER
from test_admin_rules import CASES as ADMIN_DATA_CASES  # rules that read the admin's data files

from scoring import score_html
from scoring.facts import (
    CheckedPage,
    CitedPage,
    CredentialSigner,
    ImageCredentials,
    OutletProfile,
)
from scoring.report import Finding, Report
from scoring.rules import all_rules

TODAY = date(2026, 11, 28)
SITE = "https://www.riverside-chronicle.org"
URL = f"{SITE}/local/council-approves-harbour-bridge"


def article(
    *,
    title: str = "Council approves harbour bridge after decade of debate",
    head: str = "",
    byline: str = "",
    paragraphs: tuple[str, ...] | list[str] = (),
    footer: str = "",
) -> str:
    """A realistic article page: site header and nav, headline, byline, body, footer.

    `paragraphs` come first in the body, before the neutral filler text; plain strings are
    wrapped in <p>, strings that start with a tag are used as they are.
    """
    blocks = [p if p.lstrip().startswith("<") else f"<p>{p}</p>" for p in (*paragraphs, *FILLER)]
    body = "\n".join(blocks)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/local/">Local</a> <a href="/sport/">Sport</a></nav>
</header>
<main><article>
<h1>{escape(title)}</h1>
{byline}
<div class="article-body">
{body}
</div>
</article></main>
<footer>{footer}</footer>
</body></html>"""


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{escape(content)}">'


def dated(published: str, modified: str | None = None) -> str:
    """Head tags with a publication (and modification) time."""
    tags = meta("article:published_time", published)
    return tags + (meta("article:modified_time", modified) if modified else "")


def news_article(**props: object) -> str:
    """A JSON-LD NewsArticle with the given properties."""
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", **props}
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def byline(name: str) -> str:
    return f'<p class="byline">By {name}</p>'


def footer_link(href: str, text: str) -> str:
    return f'<ul class="site-links"><li><a href="{href}">{text}</a></li></ul>'


def link(href: str, text: str) -> str:
    return f'<a href="{href}">{text}</a>'


BYLINE_PERSON = byline("Maria Lopez")
LD_MARIA = {"@type": "Person", "name": "Maria Lopez"}
BYLINE_PROFILE = '<p class="byline">By <a href="/author/maria-lopez">Maria Lopez</a></p>'
AUTHOR_BOX = '<div class="author-box"><span class="author-name">Maria Lopez</span>{bio}</div>'
BIO = '<p class="author-bio">Maria Lopez covers city hall and transport for the paper.</p>'
ONS = "https://www.ons.gov.uk/economy/inflationandpriceindices/bulletins/november2026"
QUOTE_LOPEZ = (
    "“We expect the first cars to cross before the next election,” said Maria Lopez, "
    "the council's head of transport."
)


DATED_URL = f"{SITE}/2026/11/council-approves-harbour-bridge"
SHOWN_DATE = '<time datetime="2026-11-20T08:00:00Z">20 November 2026</time>'


def quote_by(speaker: str) -> str:
    return (
        "“The ferry has been a lifeline, but it cannot carry a growing town,” "
        f"said {speaker}, who chairs the residents' association."
    )


LEAD_IMAGE = f"{SITE}/media/harbour-bridge-dawn.jpg"
PHOTO_HEAD = meta("og:image", LEAD_IMAGE)


def figure(caption: str) -> str:
    img = f'<img src="{LEAD_IMAGE}" alt="The bridge">'
    return f"<figure>{img}<figcaption>{caption}</figcaption></figure>"


def credentials(**found: object) -> dict[str, ImageCredentials]:
    """What the lead image's Content Credentials were found to say, keyed by its address."""
    signer = CredentialSigner(issuer="Riverside Chronicle", common_name="Photo Desk")
    found = {"state": "ready", "present": True, "signer": signer, **found}
    return {LEAD_IMAGE: ImageCredentials(**found)}  # type: ignore[arg-type]


AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTURED = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"

POLICY_FOOTER = "".join(
    footer_link(f"/{kind}", kind.capitalize()) for kind in ("corrections", "masthead", "ownership")
)


def checked(kind: str, status: str = "ok", **found: list[str]) -> CheckedPage:
    """What the outlet's /<kind> page, which the page's footer links to, was found to say."""
    return CheckedPage(kind=kind, url=f"{SITE}/{kind}", status=status, **found)


def profile(*pages: CheckedPage) -> OutletProfile:
    return OutletProfile(
        domain="riverside-chronicle.org",
        home_url=f"{SITE}/",
        checked_at="2026-11-28T06:00:00+00:00",
        pages={p.kind: p for p in pages},
    )


# A cited report, and what the article's sentences attribute to it.
REPORT = "https://www.harbour-authority.gov.uk/reports/bridge-traffic-2026"
CITES_FIGURES = (
    f"The crossing will cost £48m and carry 12,000 vehicles a day, figures from the "
    f"{link(REPORT, 'harbour authority')} published on 20 November show."
)
CITES_QUOTE = (
    f"“The bridge will carry most of the traffic that now queues for the ferry,” the "
    f"{link(REPORT, 'authority said in its report')}."
)
CITING = article(head=dated("2026-11-20T08:00:00Z"), paragraphs=[CITES_FIGURES])
QUOTING = article(paragraphs=["The vote ends years of delay.", CITES_QUOTE])
REPORT_TEXT = (
    "Harbour bridge traffic forecast. Published 20 November 2026. "
    "The new crossing is estimated to cost £48 million. "
    "Our model shows it would carry 12,000 vehicles a day once open. The bridge will carry "
    "most of the traffic that now queues for the ferry, and the ferry would keep a reduced "
    "service at weekends. Freight is expected to use the northern approach road. "
)
UNRELATED_TEXT = (
    "Annual report on coastal erosion. Surveys of the southern cliffs found faster loss of "
    "ground than in the previous decade, and the authority will consult on new defences for "
    "the beach huts and the promenade. Monitoring stations will be added at three sites. "
)


def cited(outcome: str = "ok", text: str = REPORT_TEXT, **found: object) -> dict[str, CitedPage]:
    """What fetching the cited report found, keyed by its address."""
    page = CitedPage(REPORT, outcome=outcome, http_status=200, final_url=REPORT, text=text)
    for name, value in found.items():
        setattr(page, name, value)
    return {REPORT: page}


# RULE_ID: (page that must trigger it, page that must not, url). The url is either shared by
# both pages or, for rules about the domain itself, a (hit_url, miss_url) pair.
CASES: dict[str, tuple[str, str, str | tuple[str, str]]] = {
    # --- outlet ---------------------------------------------------------------------------
    "OUTLET_NAMED": (
        article(head=meta("og:site_name", "Riverside Chronicle")),
        article(),
        URL,
    ),
    "OUTLET_KNOWN": (
        article(),
        article(),
        ("https://www.reuters.com/world/council-approves-harbour-bridge-2026-11-20/", URL),
    ),
    "OUTLET_ABOUT_PAGE": (
        article(footer=footer_link("/about-us", "About us")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    "OUTLET_CONTACT_PAGE": (
        article(footer=footer_link("/contact", "Contact us")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    "OUTLET_CORRECTIONS_POLICY": (
        article(footer=footer_link("/corrections", "Corrections")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    "OUTLET_ETHICS_POLICY": (
        article(footer=footer_link("/editorial-standards", "Editorial standards")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    "OUTLET_OWNERSHIP_DISCLOSED": (
        article(footer=footer_link("/who-funds-us", "Who funds us")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    "OUTLET_MASTHEAD": (
        article(footer=footer_link("/masthead", "Masthead")),
        article(footer=footer_link("/weather", "Weather")),
        URL,
    ),
    # A contact page is not a disclosure: only About, Corrections, Ethics, Ownership, Masthead.
    "OUTLET_DISCLOSES_NOTHING": (
        article(footer=footer_link("/contact", "Contact us")),
        article(footer=footer_link("/about-us", "About us")),
        URL,
    ),
    # TASS is state-controlled; the BBC is state-affiliated but independent public media.
    "OUTLET_STATE_CONTROLLED": (
        article(),
        article(),
        ("https://tass.com/world/1234567", "https://www.bbc.co.uk/news/articles/c0abcdef"),
    ),
    "OUTLET_LOOKALIKE_DOMAIN": (
        article(),
        article(),
        (
            "https://wsj.com.co/articles/council-approves-harbour-bridge",
            "https://www.wsj.com/articles/council-approves-harbour-bridge",
        ),
    ),
    # --- authorship -----------------------------------------------------------------------
    "AUTHOR_NAMED": (article(byline=BYLINE_PERSON), article(byline=byline("Staff")), URL),
    "AUTHOR_ORGANIZATION": (
        article(byline=byline("The Associated Press")),
        article(byline=BYLINE_PERSON),
        URL,
    ),
    "AUTHOR_GENERIC": (article(byline=byline("Staff")), article(byline=BYLINE_PERSON), URL),
    "AUTHOR_MISSING": (article(), article(byline=BYLINE_PERSON), URL),
    "AUTHOR_METADATA_MISMATCH": (
        article(head=news_article(author=LD_MARIA), byline=byline("John Carter")),
        article(head=news_article(author=LD_MARIA), byline=BYLINE_PERSON),
        URL,
    ),
    "AUTHOR_PROFILE_LINKED": (
        article(byline=BYLINE_PROFILE),
        article(byline=BYLINE_PERSON),
        URL,
    ),
    "AUTHOR_NO_PROFILE": (article(byline=BYLINE_PERSON), article(byline=BYLINE_PROFILE), URL),
    "AUTHOR_BIO": (
        article(byline=AUTHOR_BOX.format(bio=BIO)),
        article(byline=AUTHOR_BOX.format(bio="")),
        URL,
    ),
    "DATE_PUBLISHED": (
        article(byline='<time datetime="2026-11-20T08:00:00Z">20 November 2026</time>'),
        article(),
        URL,
    ),
    # Only the address carries a date: inferred, never "stated".
    "DATE_FROM_ADDRESS": (
        article(),
        article(byline=SHOWN_DATE),
        DATED_URL,
    ),
    "DATE_MISSING": (
        article(),
        article(byline='<time datetime="2026-11-20T08:00:00Z">20 November 2026</time>'),
        URL,
    ),
    "DATE_MODIFIED": (
        article(head=dated("2026-11-20T08:00:00Z", "2026-11-22T10:30:00Z")),
        article(head=dated("2026-11-20T08:00:00Z", "2026-11-20T09:15:00Z")),
        URL,
    ),
    "DATES_INCONSISTENT": (
        article(head=dated("2026-11-20T08:00:00Z", "2026-11-18T10:30:00Z")),
        article(head=dated("2026-11-20T08:00:00Z", "2026-11-22T10:30:00Z")),
        URL,
    ),
    "DATES_METADATA_DISAGREE": (
        article(head=dated("2026-11-10T08:00:00Z"), byline=SHOWN_DATE),
        article(head=dated("2026-11-20T08:00:00Z"), byline=SHOWN_DATE),
        URL,
    ),
    # --- sourcing -------------------------------------------------------------------------
    "LINKS_EXTERNAL_SOURCES": (
        article(paragraphs=[f"Prices rose, {link(ONS, 'official figures')} show."]),
        article(paragraphs=[f"Prices rose, {link('/local/prices', 'our earlier story')} shows."]),
        URL,
    ),
    "LINKS_SEVERAL_DOMAINS": (
        article(
            paragraphs=[
                f"Prices rose, {link(ONS, 'official figures')} show.",
                f"The {link('https://www.bankofengland.co.uk/monetary-policy', 'bank')} agreed.",
                f"A {link('https://www.ifs.org.uk/publications/bridges', 'think tank')} did not.",
            ]
        ),
        article(
            paragraphs=[
                f"Prices rose, {link(ONS, 'official figures')} show.",
                f"The {link('https://www.bankofengland.co.uk/monetary-policy', 'bank')} agreed.",
                f"Its {link('https://www.bankofengland.co.uk/minutes', 'minutes')} said so.",
            ]
        ),
        URL,
    ),
    "LINKS_PRIMARY_DOCUMENTS": (
        article(paragraphs=[f"Prices rose, {link(ONS, 'official figures')} show."]),
        article(
            paragraphs=[
                f"Prices rose, {link('https://www.shopping-deals.net/blog/prices', 'a blog')} says."
            ]
        ),
        URL,
    ),
    "WIRE_CREDITED": (
        article(paragraphs=["LONDON (Reuters) - Ministers backed the plan on Wednesday."]),
        article(paragraphs=["LONDON - Ministers backed the plan on Wednesday."]),
        URL,
    ),
    "QUOTES_NAMED_PEOPLE": (
        article(paragraphs=[QUOTE_LOPEZ, quote_by("John Carter")]),
        article(paragraphs=[QUOTE_LOPEZ, quote_by("a spokesperson")]),
        URL,
    ),
    "NO_LINKED_SOURCES": (
        article(),
        article(paragraphs=[f"Prices rose, {link(ONS, 'official figures')} show."]),
        URL,
    ),
    "NAMED_SOURCES_UNLINKED": (
        article(paragraphs=["The cost has doubled since 2019, according to Reuters."]),
        article(
            paragraphs=[
                "The cost has doubled since 2019, according to "
                f"{link('https://www.reuters.com/world/uk/bridge-costs-2026-11-19/', 'Reuters')}."
            ]
        ),
        URL,
    ),
    "STATE_MEDIA_CITED": (
        article(paragraphs=["The cost has doubled since 2019, according to TASS."]),
        article(paragraphs=["The cost has doubled since 2019, according to Reuters."]),
        URL,
    ),
    "ANONYMOUS_SOURCING": (
        article(paragraphs=["The vote was delayed twice, said a person familiar with the talks."]),
        article(paragraphs=["The vote was delayed twice, said Maria Lopez, the council leader."]),
        URL,
    ),
    # --- the lead image ------------------------------------------------------------------
    "IMAGE_CREDITED": (
        article(head=PHOTO_HEAD, byline=figure("The bridge at dawn. Photo: Jane Doe/Reuters")),
        article(head=PHOTO_HEAD, byline=figure("The bridge at dawn.")),
        URL,
    ),
    "IMAGE_NO_CREDIT": (
        article(head=PHOTO_HEAD, byline=figure("The bridge at dawn.")),
        article(head=PHOTO_HEAD, byline=figure("The bridge at dawn. Photo: Jane Doe/Reuters")),
        URL,
    ),
    # What the image's credentials say (the pages are the same; CREDENTIALS differ).
    "IMAGE_CREDENTIALS_VALID": (article(head=PHOTO_HEAD),) * 2 + (URL,),
    "IMAGE_CREDENTIALS_INVALID": (article(head=PHOTO_HEAD),) * 2 + (URL,),
    "IMAGE_AI_GENERATED": (article(head=PHOTO_HEAD),) * 2 + (URL,),
    # --- what the outlet's own pages say (the pages are the same; PROFILES differ) ----------
    "OUTLET_CORRECTIONS_VERIFIED": (article(footer=POLICY_FOOTER),) * 2 + (URL,),
    "OUTLET_MASTHEAD_NAMES_PEOPLE": (article(footer=POLICY_FOOTER),) * 2 + (URL,),
    "OUTLET_OWNER_NAMED": (article(footer=POLICY_FOOTER),) * 2 + (URL,),
    "OUTLET_PAGE_MISSING": (article(footer=POLICY_FOOTER),) * 2 + (URL,),
    # --- what the cited links lead to (the pages are the same; CITED differs) ----------------
    "CITATIONS_RESOLVE": (CITING,) * 2 + (URL,),
    "CITATION_DEAD": (CITING,) * 2 + (URL,),
    "CITATION_QUOTE_VERIFIED": (QUOTING,) * 2 + (URL,),
    "CITATION_CONSISTENT": (CITING,) * 2 + (URL,),
    "CITATION_NOT_SUPPORTED": (CITING,) * 2 + (URL,),
    "CITATION_AFTER_ARTICLE": (CITING,) * 2 + (URL,),
}

# RULE_ID: (profile scored with the hit page, profile scored with the miss page), for the rules
# that read what the outlet's own policy pages were found to say when they were checked.
PROFILES: dict[str, tuple[OutletProfile, OutletProfile]] = {
    "OUTLET_CORRECTIONS_VERIFIED": (
        profile(checked("corrections", corrections=["2026-11-02", "2026-10-14"])),
        profile(checked("corrections", corrections=["2026-11-02"])),
    ),
    "OUTLET_MASTHEAD_NAMES_PEOPLE": (
        profile(checked("masthead", people=["Jane Doe", "Tom Baker"])),
        profile(checked("masthead", people=["Jane Doe"])),
    ),
    "OUTLET_OWNER_NAMED": (
        profile(checked("ownership", owners=["The Chronicle is owned by Coastal Media Ltd."])),
        profile(checked("ownership")),
    ),
    # A soft 404 is missing; a page that could not be reached in time is not.
    "OUTLET_PAGE_MISSING": (
        profile(checked("corrections", "soft_404", reason='It says "Page not found"')),
        profile(checked("corrections", "unreachable", reason="Timed out")),
    ),
}

# RULE_ID: (credentials scored with the hit page, with the miss page).
CREDENTIALS: dict[str, tuple[dict[str, ImageCredentials], dict[str, ImageCredentials]]] = {
    # Checked and valid; the miss was altered after signing.
    "IMAGE_CREDENTIALS_VALID": (
        credentials(validation="valid", claim_generator="Camera 1.0"),
        credentials(validation="invalid", problems=["assertion.dataHash.mismatch"]),
    ),
    "IMAGE_CREDENTIALS_INVALID": (
        credentials(validation="invalid", problems=["assertion.dataHash.mismatch"]),
        credentials(validation="valid"),
    ),
    "IMAGE_AI_GENERATED": (
        credentials(validation="valid", generated_by_ai=True, digital_source_type=AI_SOURCE),
        credentials(validation="valid", digital_source_type=CAPTURED),
    ),
}

# RULE_ID: (what the cited report was found to be, scored with the hit page; with the miss page).
CITED: dict[str, tuple[dict[str, CitedPage], dict[str, CitedPage]]] = {
    "CITATIONS_RESOLVE": (cited(), cited("missing", "", http_status=404)),
    # A site that does not answer in time is not a dead link.
    "CITATION_DEAD": (cited("soft_404", ""), cited("timeout", "", http_status=None)),
    # Curly quotes, case and a small edit aside; the miss page has other words.
    "CITATION_QUOTE_VERIFIED": (
        cited(text=REPORT_TEXT.replace("most of the", "Most Of The")),
        cited(text=UNRELATED_TEXT * 2),
    ),
    # £48m is £48 million; the miss page has the figures' words, not the figures.
    "CITATION_CONSISTENT": (
        cited(),
        cited(text=REPORT_TEXT.replace("48", "52").replace("12,000", "9,500")),
    ),
    # Too little text on the page to judge is no verdict at all.
    "CITATION_NOT_SUPPORTED": (
        cited(text=UNRELATED_TEXT * 2),
        cited(text="Please enable scripts to view this report."),
    ),
    # A day later is within the grace for time zones.
    "CITATION_AFTER_ARTICLE": (
        cited(published="2026-11-25T09:00:00Z"),
        cited(published="2026-11-21"),
    ),
}

# More pages that must trigger a rule: other ways the same problem shows.
MORE_HITS: list[tuple[str, str, str]] = [
    ("OUTLET_LOOKALIKE_DOMAIN", article(), "https://cnn-news24.com/2026/11/20/bridge-approved"),
    ("DATES_INCONSISTENT", article(head=dated("2027-01-05T08:00:00Z")), URL),
    ("AUTHOR_ORGANIZATION", article(byline=byline("Reuters")), URL),
    ("AUTHOR_GENERIC", article(byline=byline("Admin")), URL),
    ("AUTHOR_GENERIC", article(byline=byline("Newsdesk")), URL),
    (
        "AUTHOR_PROFILE_LINKED",
        article(
            head=news_article(
                author={"@type": "Person", "name": "Maria Lopez", "sameAs": ["https://x.com/mlo"]}
            )
        ),
        URL,
    ),
    (
        "AUTHOR_BIO",
        article(
            head=news_article(
                author={
                    "@type": "Person",
                    "name": "Maria Lopez",
                    "description": "Covers transport.",
                }
            )
        ),
        URL,
    ),
    ("DATE_PUBLISHED", article(head=news_article(datePublished="2026-11-20")), URL),
    (
        "OUTLET_ETHICS_POLICY",
        article(
            head=news_article(
                publisher={
                    "@type": "NewsMediaOrganization",
                    "name": "Riverside Chronicle",
                    "publishingPrinciples": f"{SITE}/principles",
                }
            )
        ),
        URL,
    ),
    (
        "STATE_MEDIA_CITED",
        article(paragraphs=[f"Moscow {link('https://tass.com/politics/1234567', 'said')} no."]),
        URL,
    ),
    (
        "ANONYMOUS_SOURCING",
        article(paragraphs=["An official spoke on condition of anonymity about the delay."]),
        URL,
    ),
]

CCTV = article(paragraphs=["CCTV footage showed the suspect leaving the quay, police said."])

# More pages that must not trigger a rule: near misses the rule must tell apart.
MORE_MISSES = [
    pytest.param(
        "STATE_MEDIA_CITED",
        CCTV,
        URL,
        id="STATE_MEDIA_CITED-cctv-footage",
    ),
    pytest.param(
        "NAMED_SOURCES_UNLINKED",
        CCTV,
        URL,
        id="NAMED_SOURCES_UNLINKED-cctv-footage",
    ),
    pytest.param(
        "NAMED_SOURCES_UNLINKED",
        article(paragraphs=["LONDON (Reuters) - Ministers backed the plan on Wednesday."]),
        URL,
        id="NAMED_SOURCES_UNLINKED-wire-dateline",
    ),
    pytest.param("DATE_PUBLISHED", article(), DATED_URL, id="DATE_PUBLISHED-address-only"),
    pytest.param("DATE_MISSING", article(), DATED_URL, id="DATE_MISSING-address-month"),
    # A day apart is a time zone; 03/11/2026 may be read either way; "Updated" is no publication.
    pytest.param(
        "DATES_METADATA_DISAGREE",
        article(head=dated("2026-11-19T23:30:00Z"), byline=SHOWN_DATE),
        URL,
        id="DATES_METADATA_DISAGREE-time-zone",
    ),
    pytest.param(
        "DATES_METADATA_DISAGREE",
        article(head=dated("2026-11-03T08:00:00Z"), byline='<p class="date">03/11/2026</p>'),
        URL,
        id="DATES_METADATA_DISAGREE-day-month-order",
    ),
    pytest.param(
        "DATES_METADATA_DISAGREE",
        article(
            head=dated("2026-11-10T08:00:00Z"),
            byline='<p class="date">Updated 20 November 2026</p>',
        ),
        URL,
        id="DATES_METADATA_DISAGREE-update",
    ),
    pytest.param(
        "OUTLET_LOOKALIKE_DOMAIN",
        article(),
        "https://edition.cnn.com/2026/11/20/bridge-approved",
        id="OUTLET_LOOKALIKE_DOMAIN-subdomain",
    ),
]

# Text the hit's evidence (or its description) must mention.
EVIDENCE: dict[str, str] = {
    "IMAGE_CREDITED": "Jane Doe/Reuters (Jane Doe, Reuters (news agency))",
    "IMAGE_NO_CREDIT": LEAD_IMAGE,
    "IMAGE_CREDENTIALS_VALID": "signed by Riverside Chronicle with Camera 1.0",
    "IMAGE_CREDENTIALS_INVALID": "assertion.dataHash.mismatch",
    "IMAGE_AI_GENERATED": "trainedAlgorithmicMedia",
    "OUTLET_NAMED": "Riverside Chronicle",
    "OUTLET_KNOWN": "Reuters",
    "OUTLET_ABOUT_PAGE": "/about-us",
    "OUTLET_CONTACT_PAGE": "/contact",
    "OUTLET_CORRECTIONS_POLICY": "/corrections",
    "OUTLET_ETHICS_POLICY": "/editorial-standards",
    "OUTLET_OWNERSHIP_DISCLOSED": "/who-funds-us",
    "OUTLET_MASTHEAD": "/masthead",
    "OUTLET_STATE_CONTROLLED": "TASS",
    "OUTLET_LOOKALIKE_DOMAIN": "Wall Street Journal",
    "AUTHOR_NAMED": "Maria Lopez",
    "AUTHOR_ORGANIZATION": "The Associated Press",
    "AUTHOR_GENERIC": "Staff, from the byline",
    "AUTHOR_PROFILE_LINKED": "/author/maria-lopez",
    "AUTHOR_NO_PROFILE": "Maria Lopez",
    "AUTHOR_BIO": "covers city hall",
    "DATE_PUBLISHED": "20 November 2026, from a date in the page's markup",
    "DATE_MODIFIED": "updated 22 November 2026",
    "DATES_INCONSISTENT": "2026-11-18",
    "DATE_FROM_ADDRESS": "2026-11 (inferred from the address, month only)",
    "DATES_METADATA_DISAGREE": "2026-11-10",
    "LINKS_EXTERNAL_SOURCES": "ons.gov.uk",
    "LINKS_SEVERAL_DOMAINS": "ifs.org.uk",
    "LINKS_PRIMARY_DOCUMENTS": "ons.gov.uk (government)",
    "WIRE_CREDITED": "(Reuters)",
    "QUOTES_NAMED_PEOPLE": "John Carter",
    "NAMED_SOURCES_UNLINKED": "Reuters",
    "STATE_MEDIA_CITED": "TASS",
    "ANONYMOUS_SOURCING": "a person familiar with",
    "OUTLET_CORRECTIONS_VERIFIED": "2 dated corrections",
    "OUTLET_MASTHEAD_NAMES_PEOPLE": "Tom Baker",
    "OUTLET_OWNER_NAMED": "Coastal Media Ltd",
    "OUTLET_PAGE_MISSING": "Page not found",
    "CITATIONS_RESOLVE": "harbour-authority.gov.uk: the page is there",
    "CITATION_DEAD": "the page says it was not found",
    "CITATION_QUOTE_VERIFIED": "traffic that now queues for the ferry",
    "CITATION_CONSISTENT": "£48m; 12,000",
    "CITATION_NOT_SUPPORTED": "neither its quote nor its figures",
    "CITATION_AFTER_ARTICLE": "dated 2026-11-25, the article 2026-11-20",
}


def score(
    html: str,
    url: str,
    outlet_profile: OutletProfile | None = None,
    image_credentials: dict[str, ImageCredentials] | None = None,
    cited_pages: dict[str, CitedPage] | None = None,
) -> Report:
    report = score_html(
        html,
        url,
        today=TODAY,
        outlet_profile=outlet_profile,
        image_credentials=image_credentials,
        cited_pages=cited_pages,
    )
    assert report.not_scored is None, report.not_scored
    return report


def findings(report: Report) -> dict[str, Finding]:
    return {f.rule: f for f in report.findings}


def urls(case: tuple[str, str, str | tuple[str, str]]) -> tuple[str, str]:
    url = case[2]
    return (url, url) if isinstance(url, str) else url


def evidence_text(f: Finding) -> str:
    parts = [f.description]
    for e in f.evidence:
        parts += [e.text, e.url or "", e.quote.exact if e.quote else ""]
    return " | ".join(parts)


def test_every_rule_has_fixtures() -> None:
    assert not set(CASES) & set(ADMIN_DATA_CASES)
    assert set(CASES) | set(ADMIN_DATA_CASES) == set(all_rules())
    assert set(EVIDENCE) <= set(CASES)
    assert set(PROFILES) <= set(CASES)
    assert set(CREDENTIALS) <= set(CASES)
    assert set(CITED) <= set(CASES)
    assert {rule for rule, _, _ in MORE_HITS} <= set(CASES)
    assert {p.values[0] for p in MORE_MISSES} <= set(CASES)


def profiles(rule: str) -> tuple[OutletProfile | None, OutletProfile | None]:
    return PROFILES.get(rule, (None, None))


def checked_credentials(rule: str) -> tuple[dict[str, ImageCredentials] | None, ...]:
    return CREDENTIALS.get(rule, (None, None))


def cited_pages(rule: str) -> tuple[dict[str, CitedPage] | None, ...]:
    return CITED.get(rule, (None, None))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_hit(rule: str) -> None:
    case = CASES[rule]
    checked = (profiles(rule)[0], checked_credentials(rule)[0], cited_pages(rule)[0])
    found = findings(score(case[0], urls(case)[0], *checked))
    assert rule in found, f"{rule} did not fire; fired: {sorted(found)}"
    if rule in EVIDENCE:
        assert EVIDENCE[rule] in evidence_text(found[rule])


@pytest.mark.parametrize("rule", sorted(CASES))
def test_miss(rule: str) -> None:
    case = CASES[rule]
    checked = (profiles(rule)[1], checked_credentials(rule)[1], cited_pages(rule)[1])
    found = findings(score(case[1], urls(case)[1], *checked))
    assert rule not in found, f"{rule} fired on its miss page: {evidence_text(found[rule])}"


@pytest.mark.parametrize(
    ("rule", "html", "url"), MORE_HITS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(MORE_HITS)]
)
def test_more_hits(rule: str, html: str, url: str) -> None:
    assert rule in findings(score(html, url))


@pytest.mark.parametrize(("rule", "html", "url"), MORE_MISSES)
def test_more_misses(rule: str, html: str, url: str) -> None:
    assert rule not in findings(score(html, url))


def test_lookalike_names_the_imitated_outlet() -> None:
    found = findings(score(article(), "https://cnn-news24.com/2026/11/20/bridge-approved"))
    assert "CNN" in evidence_text(found["OUTLET_LOOKALIKE_DOMAIN"])


def test_future_date_evidence() -> None:
    found = findings(score(article(head=dated("2027-01-05T08:00:00Z")), URL))
    assert "2027-01-05 is in the future" in evidence_text(found["DATES_INCONSISTENT"])


def test_a_date_a_day_ahead_is_within_grace() -> None:
    # Time zones can put a fresh article on tomorrow's date.
    found = findings(score(article(head=dated("2026-11-29T01:00:00+09:00")), URL))
    assert "DATES_INCONSISTENT" not in found


def test_a_link_to_a_page_found_missing_earns_no_credit() -> None:
    page = article(footer=POLICY_FOOTER)
    assert "OUTLET_CORRECTIONS_POLICY" in findings(score(page, URL))
    soft_404 = profile(checked("corrections", "soft_404", reason='It says "Page not found"'))
    assert "OUTLET_CORRECTIONS_POLICY" not in findings(score(page, URL, soft_404))


def test_pages_not_yet_checked_say_nothing() -> None:
    fired = {f.rule for f in score(article(footer=POLICY_FOOTER), URL).findings}
    assert not fired & set(PROFILES)


def test_a_state_agency_wire_story_relies_on_state_media() -> None:
    page = article(paragraphs=["MOSCOW, November 20 (TASS) - The ministry approved the loan."])
    found = findings(score(page, URL))
    assert "WIRE_CREDITED" in found
    assert "STATE_MEDIA_CITED" in found


def test_image_evidence_points_at_the_image() -> None:
    page = article(head=PHOTO_HEAD, byline=figure("The bridge at dawn. Photo: Jane Doe/Reuters"))
    found = findings(score(page, URL, image_credentials=credentials(validation="valid")))
    for rule in ("IMAGE_CREDITED", "IMAGE_CREDENTIALS_VALID"):
        (evidence,) = found[rule].evidence
        assert evidence.url == LEAD_IMAGE
        assert evidence.quote is not None and evidence.quote.exact == "Jane Doe/Reuters"


def test_credentials_not_yet_read_say_nothing() -> None:
    pending = {LEAD_IMAGE: ImageCredentials(state="pending")}
    fired = {f.rule for f in score(article(head=PHOTO_HEAD), URL, None, pending).findings}
    assert not fired & set(CREDENTIALS)


def test_an_untrusted_signer_is_said_plainly() -> None:
    found = findings(score(article(head=PHOTO_HEAD), URL, None, credentials(validation="valid")))
    assert "not on any trust list" in evidence_text(found["IMAGE_CREDENTIALS_VALID"])


def test_cited_links_not_yet_checked_say_nothing() -> None:
    fired = {f.rule for f in score(CITING, URL, cited_pages={REPORT: None}).findings}  # type: ignore[dict-item]
    assert not fired & set(CITED)
    (citation,) = score(CITING, URL, cited_pages={REPORT: None}).facts.citations  # type: ignore[dict-item]
    assert citation.check is not None and citation.check.state == "pending"


def test_citation_evidence_points_at_the_citing_sentence() -> None:
    found = findings(score(QUOTING, URL, cited_pages=cited()))
    (evidence,) = found["CITATION_QUOTE_VERIFIED"].evidence
    assert evidence.url == REPORT
    assert evidence.quote is not None
    assert evidence.quote.exact.startswith("“The bridge will carry most of the traffic")
    assert evidence.quote.exact.endswith("authority said in its report.")
    assert evidence.quote.prefix == ""
    assert "The vote ends years of delay." not in evidence.quote.exact
