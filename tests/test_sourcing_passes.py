"""Sourcing reads the body in one pass where it can: outlet names from the paragraphs' tokens
found together. It gives what reading the paragraphs one by one gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.data import _SEPARATOR, _SEPARATOR_TOKEN, OUTLETS

# Words that make the passes work: names and their parts, hints, quotation marks, the separator
# of texts read together, letters whose lowercase is longer (İ) or depends on what follows (Σ).
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
    _SEPARATOR_TOKEN,
    _SEPARATOR,
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


@settings(max_examples=400)
@given(st.lists(_TEXT, max_size=6))
def test_names_found_in_texts_together_are_those_found_in_each(texts: list[str]) -> None:
    assert OUTLETS.names_in_each(texts) == [list(OUTLETS.find_names(t)) for t in texts]


def test_names_found_together_with_a_text_that_holds_the_separator() -> None:
    texts = ["Reuters said", f"{_SEPARATOR_TOKEN} CNN", "and AP", f"x{_SEPARATOR}Die Zeit"]
    assert OUTLETS.names_in_each(texts) == [list(OUTLETS.find_names(t)) for t in texts]
    assert OUTLETS.names_in_each([]) == []
    assert OUTLETS.names_in_each(["", ""]) == [[], []]
