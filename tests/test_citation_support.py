"""The support judge and the cited-page reader: table-driven, on small pages written here."""

from __future__ import annotations

import pytest
from material import FILLER

from scoring.citation_support import (
    citations_to_check,
    home_redirect,
    judge_support,
    outcome_of_status,
    quotations,
    read_cited_page,
    specifics,
)
from scoring.config import load_config
from scoring.document import Document
from scoring.extract.sourcing import extract_citations
from scoring.facts import Citation
from scoring.schema import to_json

T = load_config(env={}).thresholds
NEUTRAL = " ".join(FILLER)  # a page's worth of words that hold no specifics of these sentences


def page_text(*sentences: str) -> str:
    return " ".join([NEUTRAL[:400], *sentences, NEUTRAL[400:800]])


# (case, citing sentence, cited page's main text, verdict, matched words or None)
JUDGED = [
    (
        "quote word for word",
        "“We will not reopen the old quay this winter,” the council said in a statement.",
        page_text("We will not reopen the old quay this winter, the council said."),
        "quote_found",
        "We will not reopen the old quay this winter",
    ),
    (
        "quote with other punctuation, case and one word changed",
        '"We will not re-open the old quay this winter," the council said.',
        page_text("WE WILL NOT REOPEN THE OLD QUAY THIS WINTER!"),
        "quote_found",
        "WE WILL NOT REOPEN THE OLD QUAY THIS WINTER",
    ),
    (
        "quote with a small edit",
        "“Dredging will begin in the first week of May,” the report says.",
        page_text("Dredging would begin in the first week of May, weather permitting."),
        "quote_found",
        "Dredging would begin in the first week of May",
    ),
    (
        "figure and name",
        "Unemployment rose to 4.5% last quarter, according to the Office for National Statistics.",
        page_text(
            "The Office for National Statistics said the unemployment rate was 4.5 per cent."
        ),
        "consistent",
        "4.5%; Office for National Statistics",
    ),
    (
        "money and count, written another way",
        "The scheme cost $4.2bn and created 1,200 jobs.",
        page_text("In all, US$4.2 billion was spent and 1200 jobs were created."),
        "consistent",
        "$4.2bn; 1,200",
    ),
    (
        "date and name",
        "Maria Lopez will chair the inquiry from 12 March, the ministry announced.",
        page_text("From March 12 the inquiry is chaired by Maria Lopez."),
        "consistent",
        "12 March; Maria Lopez",
    ),
    (
        "a name after a title, and a date",
        "Economist Maria Lopez will chair the inquiry from 12 March.",
        page_text("The inquiry, chaired by Maria Lopez, starts on 12 March."),
        "consistent",
        "12 March; Economist Maria Lopez",
    ),
    (
        "the name but not the figure",
        "Unemployment rose to 4.5% last quarter, according to the Office for National Statistics.",
        page_text(
            "The Office for National Statistics said the unemployment rate was 3.9 per cent."
        ),
        "no_match",
        None,
    ),
    (
        "the number with another unit",
        "Prices rose 12% and the Harbour Board approved the plan.",
        page_text("The Harbour Board approved the plan after 12 months of talks."),
        "no_match",
        None,
    ),
    (
        "a quote that is not there, and nothing else to check",
        "“We will not reopen the old quay this winter,” she said.",
        page_text("The council met on Tuesday to discuss parking."),
        "no_match",
        None,
    ),
    (
        "nothing checkable in the sentence",
        "Read the full report here.",
        page_text("The Office for National Statistics said the rate was 4.5 per cent."),
        "not_applicable",
        None,
    ),
    (
        "a page with too little text",
        "“We will not reopen the old quay this winter,” the council said.",
        "Please enable JavaScript.",
        "not_applicable",
        None,
    ),
]


@pytest.mark.parametrize(
    ("sentence", "text", "verdict", "matched"),
    [case[1:] for case in JUDGED],
    ids=[case[0] for case in JUDGED],
)
def test_judge(sentence: str, text: str, verdict: str, matched: str | None) -> None:
    support = judge_support(sentence, text, T)
    assert support.verdict == verdict, support
    assert support.matched == matched
    assert 0.0 <= support.score <= 1.0
    if verdict in ("quote_found", "consistent"):
        assert support.score >= 0.75


def test_a_quote_is_found_only_above_the_ratio() -> None:
    sentence = "“Dredging will begin in the first week of May,” the report says."
    text = page_text("Dredging would begin in the first week of May, weather permitting.")
    found = judge_support(sentence, text, T)
    assert found.verdict == "quote_found" and found.score < 1.0
    stricter = {**T, "citation_quote_min_ratio": 100}
    assert judge_support(sentence, text, stricter).verdict == "no_match"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Inflation was 4.5% in March, the ONS said.", {"4.5 percent", "ons"}),
        ("It cost £48m, or 48 million pounds.", {"48 million"}),
        ("On 3 May 2024 the Bank of England met.", {"5-3", "2024", "bank of england"}),
        ("Prices rose 1,250.5 per cent.", {"1250.5 percent"}),
        ("3 out of 4 said yes.", set()),  # single digits alone, and "out" is not a month
        (
            "According to Maria Lopez of the Harbour Board, it works.",
            {"maria lopez", "harbour board"},
        ),
        ("The Minister, Maria Lopez, agreed.", {"maria lopez"}),
    ],
)
def test_specifics(sentence: str, expected: set[str]) -> None:
    assert {s.key for s in specifics(sentence)} == expected


def test_quotations_need_four_words() -> None:
    assert quotations("He called it “unprecedented” and said “we will act within days now”.") == [
        "we will act within days now"
    ]


PAGE = """<!doctype html><html><head><title>{title}</title>{head}</head><body>
<nav><a href="/">Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"""


def html(title: str = "Bridge traffic forecast", body: str = "", head: str = "") -> str:
    paragraphs = body or "".join(f"<p>{p}</p>" for p in FILLER)
    return PAGE.format(title=title, body=paragraphs, head=head)


@pytest.mark.parametrize(
    ("page", "url", "final", "outcome"),
    [
        (html(), "https://a.example/r", "https://a.example/r", "ok"),
        (html("Page not found"), "https://a.example/r", "https://a.example/r", "soft_404"),
        (html(), "https://a.example/r", "https://a.example/", "home_redirect"),
        (html(), "https://a.example/r", "https://www.a.example/", "home_redirect"),
        (html(), "https://a.example/", "https://a.example/", "ok"),  # it named the home page
        (html(), "https://a.example/r", "https://a.example/reports/r", "ok"),  # moved, still there
    ],
)
def test_read_cited_page(page: str, url: str, final: str, outcome: str) -> None:
    found = read_cited_page(page, url, final, 200)
    assert (found.state, found.outcome) == ("ready", outcome)
    assert bool(found.text) == (outcome == "ok")


def test_a_cited_page_keeps_its_date_and_main_text() -> None:
    head = '<meta property="article:published_time" content="2026-03-20T10:00:00Z">'
    found = read_cited_page(html(head=head), "https://a.example/r", "https://a.example/r", 200)
    assert found.published is not None and found.published.startswith("2026-03-20")
    assert found.text.startswith("Bridge traffic forecast\n")
    assert FILLER[0] in found.text and "Home" not in found.text


def test_a_page_over_the_engines_bounds_is_not_read() -> None:
    page = "<p " + " ".join(f"a{i}=b" for i in range(2000)) + ">x</p>"
    found = read_cited_page(page, "https://a.example/r", "https://a.example/r", 200)
    assert found.state == "failed" and found.outcome is None and "limit" in (found.reason or "")


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(404, "missing"), (410, "missing"), (403, "blocked"), (429, "blocked"), (451, "blocked")]
    + [(401, "blocked"), (500, "unreachable"), (503, "unreachable"), (400, "unreachable")],
)
def test_outcome_of_status(status: int, outcome: str) -> None:
    assert outcome_of_status(status) == outcome


def test_home_redirect_needs_a_redirect() -> None:
    assert not home_redirect("https://a.example/", "https://a.example/")
    assert home_redirect("https://a.example/story", "https://a.example/?from=story")


def citation(kind: str, n: int) -> Citation:
    return Citation(f"https://{kind}{n}.example/p", f"{kind}{n}.example", kind, "link")


def test_the_kinds_a_claim_rests_on_are_checked_first() -> None:
    found = [citation(k, i) for i in range(3) for k in ("social", "self", "other", "news", "court")]
    chosen = citations_to_check(found, 7)
    assert [c.kind for c in chosen] == ["news"] * 3 + ["court"] * 3 + ["other"]
    assert [c.url for c in chosen[:3]] == [f"https://news{i}.example/p" for i in range(3)]
    assert citations_to_check(found, 100)[-3:] == [c for c in found if c.kind == "social"]


def test_links_in_one_paragraph_each_carry_their_own_sentence() -> None:
    body = (
        "<p>Rents rose, the <a href='https://stats.example/r'>survey</a> found. Wages did not, "
        "Dr. Okafor said, citing <a href='https://union.example/w'>union data</a>. "
        "<a href='https://city.example/p'>The city</a> disputes both.</p>"
    )
    doc = Document.parse(html(body=body), "https://news.example/story")
    sentences = [c.sentence.text if c.sentence else None for c in extract_citations(doc)]
    assert sentences == [
        "Rents rose, the survey found.",
        "Wages did not, Dr. Okafor said, citing union data.",
        "The city disputes both.",
    ]


def test_a_citation_carries_its_sentence() -> None:
    body = (
        "<p>The harbour reopened. Figures from the <a href='https://ons.example/r'>statistics "
        "office</a> show 4.5% growth, Mr. Lopez said. Tolls stay.</p>"
    )
    doc = Document.parse(html(body=body), "https://news.example/story")
    (c,) = extract_citations(doc)
    assert c.sentence is not None and c.sentence.quote is not None
    sentence = "Figures from the statistics office show 4.5% growth, Mr. Lopez said."
    assert c.sentence.text == sentence
    assert c.sentence.quote.exact == sentence
    assert c.sentence.quote.prefix == "The harbour reopened. "
    assert c.sentence.quote.suffix == " Tolls stay."
    # In the report: the sentence with its selector, for the reader to be shown it in the page.
    context = to_json(c)["context"]
    assert context["text"] == sentence
    assert context["selector"] == {
        "exact": sentence,
        "prefix": "The harbour reopened. ",
        "suffix": " Tolls stay.",
    }
    assert c.quote is not None and c.quote.exact == "statistics office"
