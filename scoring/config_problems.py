"""Problems with an admin's config and data files: where each one is, and what to write instead.

tomllib keeps no positions, so `key_lines` maps every key path in a TOML text to its line by
reading the table headers and keys; good enough to point an admin at the right line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class ConfigProblem:
    path: str
    message: str
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file or 'config'}"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(ValueError):
    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("invalid config:\n" + "\n".join(f"  {p}" for p in problems))


def unknown(kind: str, key: str, valid: Mapping[str, Any] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.6)
    hint = f": did you mean {close[0]}?" if close else ""
    return f"unknown {kind} {key}{hint}"


_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_KEY = re.compile(rf"^\s*({_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=(.*)$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = re.compile(_BARE_OR_QUOTED)


@lru_cache(maxsize=32)
def key_lines(text: str) -> dict[str, int]:
    """Line of every key path in TOML text: "groups.outlet.max", "bands[2].min", "rules"."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table: list[str] = []
    closing: str | None = None  # the delimiter of a multi-line string being skipped
    for n, line in enumerate(text.splitlines(), 1):
        if closing:
            if closing in line:
                closing = None
            continue
        header = _HEADER.match(line)
        if header:
            parts = _split(header.group(2))
            if header.group(1) == "[[":
                name = ".".join(parts)
                index = counts.get(name, 0)
                counts[name] = index + 1
                parts[-1] = f"{parts[-1]}[{index}]"
                lines.setdefault(name, n)
            table = parts
            _record(lines, table, n)
            continue
        key = _KEY.match(line)
        if key:
            _record(lines, table + _split(key.group(1)), n)
            rest = key.group(2)
            for delim in ('"""', "'''"):
                if rest.count(delim) == 1:
                    closing = delim
    return lines


def line_in(lines: Mapping[str, int], path: str) -> int | None:
    """The line of `path`, else of the nearest enclosing key the text has (its table)."""
    parts = path.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        last = parts[-1]
        if last.endswith("]") and "[" in last:
            parts[-1] = last[: last.index("[")]  # bands[3] written inline: the bands line
        else:
            parts.pop()
    return None


def _split(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def _record(lines: dict[str, int], parts: list[str], n: int) -> None:
    for i in range(1, len(parts) + 1):
        lines.setdefault(".".join(parts[:i]), n)
