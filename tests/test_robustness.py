"""No input makes the engine raise or hang: random bytes, broken markup, odd encodings."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import score_html
from scoring.report import Report

URL = "https://news.example.com/2024/05/01/story"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>Budget vote | Example News</title>"
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "author": '
    '{"@type": "Person", "name": "Ana Lima"}, "datePublished": "2024-05-01"}</script>'
    "</head><body><article><h1>Budget vote</h1><p class='byline'>By Ana Lima</p>"
    + "<p>The council voted on the budget, according to Reuters, and officials said "
    "“the vote was close,” Mayor Jane Doe said after the meeting.</p>"
    * 8
    + "<p><a href='https://www.gov.uk/budget.pdf'>the budget</a></p></article></body></html>"
)


def check(report: Report) -> None:
    data = report.to_dict()
    assert data["score"] is None or 0 <= data["score"] <= 100
    assert (data["score"] is None) == (data["not_scored"] is not None)


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    check(score_html(data, URL))


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check(score_html(text, URL))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(ARTICLE)))
def test_truncated_html(cut: int) -> None:
    check(score_html(ARTICLE[:cut], URL))


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<a href='x'>",
                "</a>",
                "<b>",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "<",
                ">",
                "&amp;",
                "&#0;",
                "\x00",
                "“",
                "(",
            ]
        ),
        max_size=400,
    )
)
def test_tag_soup(parts: list[str]) -> None:
    check(score_html("".join(parts), URL))


@SETTINGS
@given(
    st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis", "koi8-r"]),
    st.sampled_from(["utf-8", "windows-1252", "shift_jis", "bogus-charset", "utf-16", ""]),
)
def test_declared_and_actual_encodings_disagree(actual: str, declared: str) -> None:
    html = ARTICLE.replace("<meta charset='utf-8'>", f"<meta charset='{declared}'>")
    check(score_html(html.encode(actual, errors="replace"), URL))


@SETTINGS
@given(st.text(max_size=200), st.text(max_size=200))
def test_hostile_urls_and_json_ld(url: str, blob: str) -> None:
    html = ARTICLE.replace('"2024-05-01"', f'"{blob}"').replace("Reuters", blob)
    check(score_html(html, url))


def test_deeply_nested_markup() -> None:
    for tag in ("div", "span", "p", "a", "table"):
        check(score_html(f"<{tag}>" * 20000 + "text" + f"</{tag}>" * 20000, URL))


def test_huge_attribute_and_huge_page() -> None:
    check(score_html(f"<p class='{'x' * 5_000_000}'>hi</p>", URL))
    check(score_html(ARTICLE.replace("<p>", "<p>" + "word " * 200, 1) * 200, URL))


def test_empty_and_whitespace_inputs() -> None:
    for html in (
        "",
        b"",
        " ",
        "\n\n",
        b"\xef\xbb\xbf",
        codecs.BOM_UTF16_LE,
        "<html></html>",
        "<?xml version='1.0'?>",
    ):
        check(score_html(html, URL))
    check(score_html(ARTICLE, ""))


def test_every_codec_name_a_page_can_declare() -> None:
    """A page may declare any name Python knows, text encoding or not ("base64", "rot13",
    "undefined"): it is read all the same, by the next rule of decoding."""
    import encodings.aliases

    names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    for name in sorted(names | {"undefined", "idna", "punycode", "unicode_escape"}):
        page = f'<html><head><meta charset="{name}"></head><body><p>café</p></body></html>'
        report = score_html(page.encode("utf-8"), "https://news.example/a")
        assert isinstance(report, Report), name
