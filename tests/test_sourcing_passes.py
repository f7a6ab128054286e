"""Sourcing reads the body in one pass where it can: outlet names in the paragraphs picked out by
one search, anonymity hints and quotations searched in the whole body text. Each gives what
reading the paragraphs one by one gives."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.patterns
from scoring.data import OUTLETS, TOKEN, NameMatch
from scoring.document import Document, make_quote
from scoring.extract import sourcing
from scoring.extract.sourcing import (
    _AFTER_QUOTE,
    _ANON,
    _ANON_HINT,
    _BEFORE_QUOTE,
    QUOTED,
    _before_quote,
    _clip,
    _ends_sentence,
    _sentence_at,
    _sentence_cuts,
    _speaker,
    extract_anonymous,
    extract_quotes,
)
from scoring.facts import AttributedQuote, Mention

# Words that make the passes work: names and their parts, words that hold a name's key token
# inside a longer token, hints, quotation marks, letters whose lowercase is longer (İ) or depends
# on what follows (Σ).
_WORDS = [
    "Reuters",
    "The Associated Press",
    "Associated",
    "AP",
    "Ma'an",
    "an",
    "Die Zeit",
    "Zeit",
    "Novi list",
    "list",
    "dpa",
    "CNN",
    "New York Times",
    "France-Presse",
    "said",
    "sources said",
    "a source familiar with the matter",
    "who spoke on condition of anonymity",
    "Unnamed officials",
    "SOURCE",
    "Anonymity",
    "declined to be named",
    "n-tv",
    "bTV",
    "watson.ch",
    "taz",
    "stern",
    "western",
    "xReuters",
    "ReutersX",
    "Reuters-x",
    "A.Reuters",
    "&",
    "İ",
    "ΟΔΟΣ",
    "Σ",
    "“",
    "”",
    '"',
    "«",
    "»",
    "„",
    "(",
    ")",
    ",",
    ".",
    " ",
    "  ",
    "\n",
    "-",
    "_",
    "Mayor Jane Doe",
    "according to",
    "the bridge would open next year",
]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join)


def _every_word(text: str) -> list[NameMatch]:
    """The names in a text, every word of it tokenized: what names_in_each finds, slowly."""
    return list(OUTLETS._names_at(text, TOKEN.findall(text)))


@settings(max_examples=400)
@given(st.lists(_TEXT, max_size=6))
def test_names_found_in_texts_together_are_those_found_in_each(texts: list[str]) -> None:
    assert OUTLETS.names_in_each(texts) == [_every_word(t) for t in texts]


@settings(max_examples=400)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=8).map("".join), max_size=4))
def test_names_found_together_where_words_run_into_each_other(texts: list[str]) -> None:
    """Key tokens inside longer tokens, or after a joiner, start no name; the search that picks
    the texts to tokenize may pick too many, never too few."""
    assert OUTLETS.names_in_each(texts) == [_every_word(t) for t in texts]


def test_every_name_is_found_together_with_other_texts() -> None:
    names = [n for o in OUTLETS.outlets for n in (o.name, *o.aliases)]
    texts = [f"as {name} reported" for name in names]
    found = OUTLETS.names_in_each(["no name here", *texts, "x"])
    assert found == [_every_word(t) for t in ["no name here", *texts, "x"]]
    assert all(found[1:-1]), [n for n, f in zip(names, found[1:-1], strict=True) if not f]
    assert OUTLETS.names_in_each([]) == []
    assert OUTLETS.names_in_each(["", ""]) == [[], []]


# Text where tokens start and end: letters and digits of any script (and some that are
# neither: "_", marks, "²"), joiners, and key tokens of the outlet table.
_ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_WORDS + ["Reuters.", "-AP", "AP&", "a.b-c&d", "1.5", "x__y", "x_.y"]),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
        st.text(alphabet="aZ9-.&_ \u00e9\u0301\u00b2\u0663\u4e2d\U0001d400", max_size=8),
    ),
    max_size=12,
).map("".join)


def _keyed_in_python(texts: list[str]) -> list[tuple[int, list[str]]]:
    return [
        (i, TOKEN.findall(t))
        for i, t in enumerate(texts)
        if not OUTLETS._key_tokens.isdisjoint(TOKEN.findall(t))
    ]


@settings(max_examples=600, deadline=None)
@given(st.lists(_ANY_TEXT, max_size=5))
def test_the_key_tokens_in_c_are_those_the_search_in_re_finds(texts: list[str]) -> None:
    """The pass in C picks the same texts as the search in re, and reads each one's tokens as
    TOKEN.findall does."""
    assert scoring.patterns.scans is not None
    expected = _keyed_in_python(texts)
    assert OUTLETS._keyed(texts) == expected
    assert OUTLETS._keyed_by_search(texts) == expected


def test_the_key_tokens_in_c_on_every_name_and_at_a_texts_edges() -> None:
    names = [n for o in OUTLETS.outlets for n in (o.name, *o.aliases)]
    texts = [*names, *(f"{n}." for n in names), *(f"x{n}" for n in names), "", ".", "-AP-"]
    assert OUTLETS._keyed(texts) == _keyed_in_python(texts)
    # A token made of two keys joined is neither key: "Reuters-AP" names no outlet here.
    assert OUTLETS._keyed(["Reuters-AP", "Reuters -AP"]) == [(1, ["Reuters", "AP"])]


def test_the_key_tokens_are_read_in_c_once_and_in_re_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scoring import _tokens

    assert scoring.patterns.scans is _tokens
    calls: list[Any] = []

    def keyed(texts: list[str], index: Any) -> list[tuple[int, list[str]]]:
        calls.append(texts)
        return _tokens.keyed(texts, index)

    fake = type(_tokens)("fake")
    fake.keyed = keyed  # type: ignore[attr-defined]
    monkeypatch.setattr(scoring.patterns, "scans", fake)
    texts = ["no name", "according to Reuters"]
    assert [[m.outlet.name for m in f] for f in OUTLETS.names_in_each(texts)] == [[], ["Reuters"]]
    assert calls == [texts]
    monkeypatch.setattr(scoring.patterns, "scans", None)
    assert [[m.outlet.name for m in f] for f in OUTLETS.names_in_each(texts)] == [[], ["Reuters"]]
    assert OUTLETS.name_search_built is ("_key_search" in OUTLETS.__dict__)


def test_the_key_token_pass_refuses_what_it_cannot_read() -> None:
    from scoring import _tokens

    index = _tokens.index(frozenset({"AP"}))
    with pytest.raises(TypeError):
        _tokens.keyed(["AP", b"AP"], index)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _tokens.keyed(("AP",), index)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _tokens.keyed(["AP"], object())
    with pytest.raises(TypeError):
        _tokens.index(["AP"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _tokens.index(frozenset({1}))  # type: ignore[arg-type]
    assert _tokens.keyed(["AP", "ap"], _tokens.index(set())) == []


def _anonymous_by_paragraph(doc: Document) -> list[Mention]:
    found = []
    for p in doc.paragraphs:
        m = _ANON.search(p.text) if _ANON_HINT.search(p.text.lower()) else None
        if m:
            sentence, _ = _sentence_at(p.text, m.start())
            found.append(Mention(_clip(sentence), make_quote(p.text, m.start(), m.end())))
    return found


def _quotes_by_paragraph(doc: Document) -> list[AttributedQuote]:
    found = []
    for p in doc.paragraphs:
        for q in QUOTED.finditer(p.text):
            speaker = _speaker(p.text, q.start(), q.end())
            if speaker:
                quote = make_quote(p.text, q.start(), q.end())
                found.append(AttributedQuote(speaker, _clip(q.group(1)), quote))
    return found


_BLOCK = st.tuples(st.sampled_from(["p", "div", "li", "blockquote", "span", "b"]), _TEXT)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BLOCK, max_size=8))
def test_anonymity_and_quotes_found_in_the_body_text_are_those_found_by_paragraph(
    blocks: list[tuple[str, str]],
) -> None:
    body = "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in blocks)
    doc = Document.parse(f"<html><body><article>{body}</article></body></html>", "https://x.test/a")
    assert extract_anonymous(doc) == _anonymous_by_paragraph(doc)
    assert extract_quotes(doc) == _quotes_by_paragraph(doc)


def test_a_quotation_and_a_hint_in_every_paragraph() -> None:
    line = "“We will open the bridge next year,” Mayor Jane Doe said, citing sources close to the"
    paragraphs = [f"<p>{i} {escape(line)} talks.</p>" for i in range(5)]
    paragraphs.insert(2, "<p>İİ ΟΔΟΣ ΑΣ unnamed officials said.</p>")
    doc = Document.parse(f"<html><body><article>{''.join(paragraphs)}</article></body></html>", "")
    assert len(extract_quotes(doc)) == 5
    assert extract_quotes(doc) == _quotes_by_paragraph(doc)
    assert len(extract_anonymous(doc)) == 6
    assert extract_anonymous(doc) == _anonymous_by_paragraph(doc)


def test_anonymity_after_letters_whose_lowercase_is_longer() -> None:
    paragraphs = ["İ" * 40 + " said nothing.", "Unnamed sources said.", "Nothing more to add here."]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    doc = Document.parse(f"<html><body><article>{body}</article></body></html>", "")
    assert [m.quote.exact for m in extract_anonymous(doc)] == ["Unnamed sources"]
    assert extract_anonymous(doc) == _anonymous_by_paragraph(doc)


@settings(max_examples=1000)
@given(st.text(alphabet="aZ9_-.&' \n\u00e9\u0660\u2163\u00b2ß", max_size=40))
def test_tokens_are_those_of_the_plain_pattern(text: str) -> None:
    """TOKEN's possessive repeats change nothing it finds."""
    assert TOKEN.findall(text) == re.findall(r"[^\W_]+(?:[-.&][^\W_]+)*", text)


_LOOKBEHIND_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-Ý0-9])")


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from([*"a.!?\"'”’»)] \n“‘«([BÀ9", " a", "Dr", " Mr", "etc", "U.S", "e.g"]),
        max_size=24,
    ).map("".join)
)
def test_sentence_cuts_are_those_of_the_stop_looked_behind_for(text: str) -> None:
    """The boundary pattern matches its stop; the ends it gives are those of the pattern that
    looks behind for the stop."""
    ends = (m.end() for m in _LOOKBEHIND_BOUNDARY.finditer(text) if _ends_sentence(text, m.start()))
    assert _sentence_cuts(text) == [0, *ends, len(text)]


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from([",", ".", " ", "said", "says", "Jane", "Doe", "the", "mayor", "(", ")"]),
        max_size=12,
    ).map(" ".join)
)
def test_what_follows_a_quotation_is_read_from_its_start(window: str) -> None:
    """Every alternative of the pattern after a quotation is anchored at its start: matching it
    there finds what searching along the window finds."""
    found = _AFTER_QUOTE.search(window)
    matched = _AFTER_QUOTE.match(window)
    assert (found and found.groups()) == (matched and matched.groups())


@settings(max_examples=1500)
@given(
    st.lists(
        st.sampled_from(
            [
                "Jane",
                "Doe",
                "Mayor",
                "said",
                "says",
                "told",
                "sayso",
                "a déclaré",
                "(the mayor)",
                ", the mayor,",
                "“",
                '"',
                "(",
                ")",
                ",",
                " ",
                "\n",
                "reporters",
                "x" * 25,
                "on Monday",
            ]
        ),
        max_size=16,
    ).map(" ".join)
)
def test_the_words_before_a_quotation_are_searched_only_when_they_end_near_a_verb(
    window: str,
) -> None:
    found = _before_quote(window)
    searched = _BEFORE_QUOTE.search(window)
    assert (found and (found.span(), found.groups())) == (
        searched and (searched.span(), searched.groups())
    )


_HINT_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*sourcing._ANON_HINTS, "who", "spoke", "so", "sourc", "\n", " ", "é"]),
        st.text(alphabet="abcdefghijklmnorstuvwyz \u00e9\u2019\u4e2d", max_size=6),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_HINT_TEXT, st.integers(min_value=-2, max_value=40))
def test_the_first_hint_in_c_is_where_the_search_in_re_finds_it(text: str, start: int) -> None:
    m = sourcing._ANON_HINT.search(text, max(start, 0))
    assert sourcing._first_hint(text, max(start, 0)) == (m.start() if m else -1)
    assert scoring.patterns.scans is not None
    assert scoring.patterns.scans.first_key(text, sourcing._HINT_KEYS, start) == (
        m.start() if m else -1
    )


def test_the_first_hint_is_found_in_c_and_by_the_search_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scoring import _tokens

    calls: list[str] = []

    def first_key(text: str, index: Any, start: int) -> int:
        calls.append(text)
        return _tokens.first_key(text, index, start)

    fake = type(_tokens)("fake")
    fake.first_key = first_key  # type: ignore[attr-defined]
    monkeypatch.setattr(scoring.patterns, "scans", fake)
    text = "the mayor said. officials familiar with the plan"
    assert sourcing._first_hint(text) == text.index("familiar")
    assert calls == [text]
    monkeypatch.setattr(scoring.patterns, "scans", None)
    assert sourcing._first_hint(text) == text.index("familiar")
    assert sourcing._first_hint("the mayor said") == -1


def test_the_first_key_pass_refuses_what_it_cannot_read() -> None:
    from scoring import _tokens

    with pytest.raises(TypeError):
        _tokens.first_key(b"x", sourcing._HINT_KEYS, 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _tokens.first_key("x", object(), 0)
    with pytest.raises(TypeError):
        _tokens.first_key("x", sourcing._HINT_KEYS, "0")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        _tokens.first_key("x", _tokens.index({"a" * 64}), 0)
    assert _tokens.first_key("source", _tokens.index({"é", "ur"}), 0) == 2
    assert _tokens.first_key("café", _tokens.index({"é", "ur"}), 0) == 3
