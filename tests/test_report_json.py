"""The report's JSON written by generated code (scoring.schema.fast_to_json) is pydantic's
(scoring.schema.to_json): the same keys in the same order, the same values and types."""

from __future__ import annotations

import json
import random

from scoring.engine import default_config, score_facts, score_html, with_checks
from scoring.facts import (
    Author,
    CheckedPage,
    CitationCheck,
    CitationSupport,
    CredentialSigner,
    CreditAgency,
    ImageCredentials,
    ImageCredit,
    LeadImage,
    Lookalike,
    Mention,
    NamedSource,
    OutletListing,
    OutletProfile,
    OutletRating,
    TransparencyLink,
)
from scoring.report import NotScored, Quote
from scoring.schema import fast_to_json, to_json


def same(obj: object) -> None:
    slow, fast = to_json(obj), fast_to_json(obj)
    assert fast == slow
    assert json.dumps(fast) == json.dumps(slow)  # key order too
    assert repr(fast) == repr(slow)  # lists stay lists, ints stay ints


PAGE = """<html><head><title>Bridge opens | The Gazette</title>
<meta property="og:site_name" content="The Gazette">
<meta property="og:image" content="https://gazette.example/bridge.jpg">
<meta property="article:published_time" content="2026-11-20T08:00:00Z">
<meta property="article:modified_time" content="2026-11-22T08:00:00Z">
</head><body><article><h1>Bridge opens</h1><p class="byline">By Maria Lopez</p>
<figure><img src="https://gazette.example/bridge.jpg">
<figcaption>The bridge at dawn. Photo: Jane Doe/Reuters</figcaption></figure>
<p>The bridge opened on Monday, <a href="https://www.ons.gov.uk/figures">figures show</a>, and
the cost doubled, according to Reuters. "We expect delays," said Tom Baker. Officials who asked
not to be named said more was to come. See the <a href="https://court.example.gov/r.pdf">
ruling</a> and <a href="https://other.example/x">another report</a>.</p>
<p>MOSCOW (TASS) - A second paragraph of words, words and more words for the body.</p>
</article><footer><a href="/about">About us</a> <a href="/corrections">Corrections</a>
<a href="/contact">Contact</a></footer></body></html>"""


def test_a_scored_page_with_every_check_in() -> None:
    report = score_html(PAGE, "https://gazette.example/news/bridge")
    facts = report.facts
    quote = Quote("exact", "pre", "suf")
    facts.outlet.lookalike_of = Lookalike("Real Outlet", ["real.example", "real2.example"])
    facts.outlet.ratings = [OutletRating("A", "high"), OutletRating("B", "low")]
    facts.outlet.lists = [OutletListing("trusted", "note"), OutletListing("watch", "n", "SC")]
    facts.outlet.transparency["ethics"] = TransparencyLink("https://g.example/e", "E", "link")
    facts.authors.append(Author("Ann Lee", "person", "json-ld", "https://x", "bio", ["s"], quote))
    facts.byline_disagrees = [Author("Bob", "person", "byline")]
    facts.named_sources.append(
        NamedSource("TASS", "tass.com", False, "SC", True, [Mention("m", quote)], True)
    )
    facts.wire_credits.append(Mention("w", quote))
    facts.lead_image = LeadImage(
        "https://g.example/i.jpg",
        "og:image",
        "caption",
        "figcaption",
        ImageCredit("Jane/Reuters", "caption", ["Jane"], [CreditAgency("Reuters", "r.com", True)]),
        "alt",
        True,
        quote,
        ImageCredentials(
            "ready", True, "valid", True, CredentialSigner("Iss", "cn"), "Cam", "2026", ["a"]
        ),
    )
    for i, c in enumerate(facts.citations):
        support = CitationSupport("quote_found", "m", [0.5, float("inf"), float("nan")][i % 3])
        c.check = CitationCheck("ready", "ok", 200, c.url, "2026-01-01", support, None)
        c.sentence = Mention("The sentence.", quote if i % 2 else None)
    assert facts.citations and facts.named_sources and facts.authors
    facts.outlet_profile = OutletProfile(
        "g.example", "https://g.example/", "2026", pages={"about": CheckedPage("about", "u", "ok")}
    )
    same(score_facts(facts, default_config()))
    report.not_scored = NotScored("not_an_article", "Not an article.")
    report.score = report.rating = report.rating_label = None
    same(report)


def test_pages_of_odd_markup() -> None:
    rnd = random.Random(7)
    bits = [
        "<p>",
        "</p>",
        "<a href='https://x.example/a'>",
        "</a>",
        "<h1>Head</h1>",
        "By Jane Roe ",
        "said John Doe. ",
        '"Quoted words here," said Ann. ',
        "according to Reuters ",
        "<time datetime='2025-02-03'>3 Feb</time>",
        "<img src='/i.png' alt='x'>",
        "<figure><figcaption>Photo: AP</figcaption></figure>",
        "<meta name='author' content='Kim Park'>",
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "author": {"name": "Z"}}</script>',
        "word " * 40,
        "<div class='byline'>",
        "</div>",
        "\u00e9\u4e2d\U0001f600 ",
    ]
    for n in range(40):
        page = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 60)))
        report = score_html(page, f"https://site{n}.example/2025/02/story")
        if n % 3 == 0:
            with_checks(report.facts, None, None, {c.url: None for c in report.facts.citations})
        same(report)


def test_the_dict_shares_nothing_with_the_report() -> None:
    report = score_html(PAGE, "https://gazette.example/news/bridge")
    report.facts.authors[0].same_as = ["https://a.example"]
    out = report.to_dict()
    out["facts"]["authors"][0]["same_as"].append("changed")
    assert report.facts.authors[0].same_as == ["https://a.example"]
    assert report.to_dict() != out
