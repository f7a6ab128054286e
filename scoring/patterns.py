"""Regular expressions built from word lists, shaped so that the regex engine searches them in C
without trying every word at every position."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

# Word scans in C (scoring._tokens, compiled from _tokens.c where the package was built): each
# answers as a search in re beside its caller answers, which runs without it (see _tokens.c).
scans: ModuleType | None
try:
    from scoring import _tokens as scans
except ImportError:  # pragma: no cover - the build had no compiler
    scans = None


def trie_pattern(words: Iterable[Sequence[str]]) -> str:
    """A regex group matching any of the words, each given as a sequence of regex pieces (one a
    character, as a rule). The regex engine tries alternatives one by one, so a long list of
    words costs one test per word at every position; a tree of their pieces costs a few."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for piece in word:
            node = node.setdefault(piece, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        alternatives = [piece + branch(rest) if piece else "" for piece, rest in node.items()]
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return branch(tree)


def pieces(word: str, instead: dict[str, str] | None = None) -> list[str]:
    """A word's characters as regex pieces; `instead` maps characters to other pieces."""
    instead = instead or {}
    return [instead.get(ch) or re.escape(ch) for ch in word]
