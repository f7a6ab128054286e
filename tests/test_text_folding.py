"""Folding whitespace: the shortcuts the document model takes give what folding gives."""

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.document import BlockText, normalize_space

_WS = re.compile(r"\s+")
_TEXT = st.text(alphabet="ab \t\n\r\u00a0\u2003\u3000\x1c.", max_size=30)


@given(_TEXT)
def test_normalize_space_folds_every_kind_of_whitespace(text: str) -> None:
    assert normalize_space(text) == _WS.sub(" ", text).strip()


def test_normalize_space_agrees_with_the_pattern_on_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert normalize_space(f"a{c}b") == _WS.sub(" ", f"a{c}b").strip(), hex(code)


class _Pieces(BlockText):
    """A block's text cut into pieces at given offsets, without a tree."""

    def __init__(self, text: str, cuts: list[int]) -> None:
        self.text = text
        self.offsets = [0, *sorted(min(c, len(text)) for c in cuts), len(text)]
        self._quoted = 0


@settings(max_examples=500)
@given(_TEXT, st.lists(st.integers(min_value=0, max_value=30), max_size=4))
def test_the_words_around_an_element_are_folded_slices_of_its_block(
    text: str, cuts: list[int]
) -> None:
    block = _Pieces(text, cuts)
    # Twice over: the first element is quoted directly, the others from the folded block.
    for first in [*range(len(block.offsets) - 1)] * 2:
        for last in range(first, len(block.offsets) - 1):
            start, end = block.offsets[first], block.offsets[last + 1]
            assert block.around(start, end) == (
                _WS.sub(" ", text[:start]).lstrip(),
                _WS.sub(" ", text[start:end]).strip(),
                _WS.sub(" ", text[end:]).rstrip(),
            )
