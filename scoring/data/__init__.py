"""Curated data: known outlets, state-media typology, and the word lists the extractors use.

Everything is loaded once per process from the TOML files beside this module.
"""

from __future__ import annotations

import re
import string
import tomllib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from itertools import accumulate, compress
from typing import Any

from scoring import patterns
from scoring.domains import domain_label, public_suffix
from scoring.patterns import trie_pattern


def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


# Tokens of running text: words, with inner hyphens and dots ("France-Presse", "U.S"). The
# repeats are possessive: a token ends where no letter or joiner follows, so nothing is ever
# given back, and the regex engine keeps no points to go back to (a tenth faster).
TOKEN = re.compile(r"[^\W_]++(?:[-.&][^\W_]++)*+")


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str
    kind: str
    state_affiliation: str | None = None

    @property
    def wire(self) -> bool:
        return self.kind == "wire"

    @property
    def primary_domain(self) -> str:
        return self.domains[0]


@dataclass(frozen=True)
class NameMatch:
    outlet: Outlet
    start: int
    end: int


@dataclass
class OutletTable:
    outlets: list[Outlet]
    by_domain: dict[str, Outlet] = field(init=False)
    _by_first_token: dict[str, list[tuple[tuple[str, ...], Outlet]]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_domain = {d: o for o in self.outlets for d in o.domains}
        index: dict[str, list[tuple[tuple[str, ...], Outlet]]] = {}
        for o in self.outlets:
            for name in (o.name, *o.aliases):
                tokens = tuple(TOKEN.findall(name))
                if tokens:
                    index.setdefault(tokens[0], []).append((tokens, o))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest name first
        self._by_first_token = index

    @classmethod
    def load(cls) -> OutletTable:
        raw = load_toml("outlets.toml").get("outlet", [])
        return cls(
            [
                Outlet(
                    name=r["name"],
                    aliases=tuple(r.get("aliases", ())),
                    domains=tuple(d.lower() for d in r["domains"]),
                    country=r.get("country", ""),
                    kind=r.get("kind", "newspaper"),
                    state_affiliation=r.get("state_affiliation"),
                )
                for r in raw
            ]
        )

    def for_domain(self, domain: str) -> Outlet | None:
        return self.by_domain.get(domain)

    def names_in_each(self, texts: list[str]) -> list[list[NameMatch]]:
        """Every mention of a known outlet's name or alias in each of the texts (case-sensitive).
        Most texts hold no key token (_key_tokens): only those that do are read name by name."""
        out: list[list[NameMatch]] = [[] for _ in texts]
        for i, tokens in self._keyed(texts):
            out[i] = list(self._names_at(texts[i], tokens))
        return out

    def _keyed(self, texts: list[str]) -> list[tuple[int, list[str]]]:
        """Each text that holds a key token, by its position, with its tokens (TOKEN's), in
        order: one pass in C where it was built (patterns.scans, which reads the same tokens
        and makes no string of the other texts' words), else _keyed_by_search."""
        if patterns.scans is not None:
            return patterns.scans.keyed(texts, self._key_index)
        return self._keyed_by_search(texts)

    def _keyed_by_search(self, texts: list[str]) -> list[tuple[int, list[str]]]:
        """_keyed in Python. One search over all the texts, joined, picks out those that may
        hold a key token (_maybe_named), and only they are tokenized: a word of running text
        is a string made, one key token in a search is not."""
        keys = self._key_tokens
        out = []
        for i in sorted(self._maybe_named(texts)):
            tokens = TOKEN.findall(texts[i])
            if not keys.isdisjoint(tokens):
                out.append((i, tokens))
        return out

    def _maybe_named(self, texts: list[str]) -> set[int]:
        """The indexes of the texts that hold a key token, and perhaps a few more: each key
        token is looked for as written, with no word boundary before it checked."""
        pattern, plain = self._key_search
        joined = "\n".join(texts)  # no key token holds a line break: none spans two texts
        starts = list(accumulate([len(t) + 1 for t in texts], initial=0))
        found: set[int] = set()
        m = pattern.search(joined)
        while m:
            i = bisect_right(starts, m.start()) - 1
            found.add(i)
            m = pattern.search(joined, starts[i + 1])  # the next text on
        for key in plain:
            at = joined.find(key)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                found.add(i)
                at = joined.find(key, starts[i + 1])
        return found

    @property
    def name_search_built(self) -> bool:
        """Whether what names_in_each builds on first use (the key tokens' table in C, or the
        search in re without it) is built."""
        return ("_key_index" if patterns.scans is not None else "_key_search") in self.__dict__

    @cached_property
    def _key_index(self) -> Any:
        """The key tokens as the pass in C looks them up."""
        assert patterns.scans is not None
        return patterns.scans.index(self._key_tokens)

    @cached_property
    def _key_search(self) -> tuple[re.Pattern[str], tuple[str, ...]]:
        """A search for the key tokens, and the few left to look for one by one. The regex
        engine skips in C to the characters a pattern can start with; a key that starts with a
        lowercase letter would make most letters of running text such a start, so it is
        looked for from its first other character (a capital, digit or joiner), the letters
        before it checked behind. Keys of lowercase letters only are few and plain string
        searches. The search ends where a token ends, as TOKEN's does."""
        words: list[list[str]] = []
        plain: list[str] = []
        for key in sorted(self._key_tokens):
            lead = len(key) - len(key.lstrip(string.ascii_lowercase))
            if lead == len(key):
                plain.append(key)
                continue
            anchor = re.escape(key[lead])
            if lead:
                anchor += f"(?<={re.escape(key[: lead + 1])})"
            words.append([anchor, *map(re.escape, key[lead + 1 :])])
        return re.compile(trie_pattern(words) + r"(?![^\W_]|[-.&][^\W_])"), tuple(plain)

    def _names_at(self, text: str, tokens: list[str]) -> Iterator[NameMatch]:
        """The names in `text`, whose tokens are `tokens`."""
        index = self._names_by_first_token
        cursor = 0
        after = 0  # the token after the last name matched
        # Only tokens that start a name matter, found in C: most tokens start none.
        for i in compress(range(len(tokens)), map(index.get, tokens)):
            if i < after:
                continue  # inside the name just matched
            lengths, names = index[tokens[i]]
            for n in lengths:  # the longest name that the tokens here spell
                name_tokens = tuple(tokens[i : i + n])
                outlet = names.get(name_tokens)
                if outlet is not None:
                    start = text.find(tokens[i], cursor)
                    end = start
                    for t in name_tokens:
                        end = text.find(t, end) + len(t)
                    cursor = end
                    yield NameMatch(outlet, start, end)
                    after = i + len(name_tokens)
                    break
            else:
                cursor = text.find(tokens[i], cursor) + len(tokens[i])

    @cached_property
    def _names_by_first_token(
        self,
    ) -> dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], Outlet]]]:
        """For each token that starts a name: the lengths of those names, longest first, and
        the names by their tokens (of equal names, the first listed)."""
        out = {}
        for first, entries in self._by_first_token.items():
            names: dict[tuple[str, ...], Outlet] = {}
            for tokens, outlet in entries:
                names.setdefault(tokens, outlet)
            out[first] = (tuple(sorted({len(t) for t in names}, reverse=True)), names)
        return out

    @cached_property
    def _key_tokens(self) -> frozenset[str]:
        """One token of every name: text without any of them names no outlet, and most text
        has none. The longest (the last of equals) of the tokens with a capital letter, if any:
        a name's lowercase words ("an", "list", "magazine") are ordinary words of running text,
        and would send most texts on to be read again."""
        keys: set[str] = set()
        for entries in self._by_first_token.values():
            for tokens, _ in entries:
                capitalized = [t for t in tokens if not t.islower() and not t.isdigit()]
                keys.add(max(reversed(capitalized or tokens), key=len))
        return frozenset(keys)

    def match_name(self, name: str) -> Outlet | None:
        """The known outlet a whole string names ("Reuters", "The Associated Press"), if any."""
        tokens = tuple(TOKEN.findall(name))
        for name_tokens, outlet in self._by_first_token.get(tokens[0], []) if tokens else []:
            if name_tokens == tokens:
                return outlet
        low = name.casefold().strip()
        return self._casefolded.get(low)

    @cached_property
    def _casefolded(self) -> dict[str, Outlet]:
        return {n.casefold(): o for o in self.outlets for n in (o.name, *o.aliases) if len(n) > 3}

    @cached_property
    def brand_labels(self) -> dict[str, Outlet]:
        """Distinctive domain labels of known outlets ("wsj", "cnn", "nytimes") for lookalikes."""
        labels: dict[str, Outlet] = {}
        for o in self.outlets:
            for d in o.domains:
                label = domain_label(d)
                if len(label) >= 3 and label not in COMMON_LABELS:
                    labels.setdefault(label, o)
        return labels


_DOMAIN_WORDS = load_toml("domains.toml")
COMMON_LABELS = frozenset(_DOMAIN_WORDS["common_labels"])
FILLER_TOKENS = frozenset(_DOMAIN_WORDS["filler_tokens"])


class StateMediaTypes:
    def __init__(self, raw: dict[str, Any]):
        self.types: dict[str, dict[str, Any]] = raw["types"]

    def is_controlled(self, code: str) -> bool:
        return bool(self.types.get(code, {}).get("controlled"))

    def describe(self, code: str) -> str:
        label = self.types.get(code, {}).get("label", "state-affiliated media")
        return f"{label} (State Media Matrix: {code})"


OUTLETS = OutletTable.load()
STATE_MEDIA = StateMediaTypes(load_toml("state_media.toml"))
TRANSPARENCY = load_toml("transparency.toml")
AUTHOR_WORDS = load_toml("authors.toml")
SOURCING = load_toml("sourcing.toml")


def lookalike_of(domain: str) -> Outlet | None:
    """The known outlet whose name an unknown domain borrows (wsj.com.co, cnn-news24.com)."""
    if not domain or domain in OUTLETS.by_domain:
        return None
    label = domain_label(domain)
    brands = OUTLETS.brand_labels
    if label in brands:
        # Same label under another suffix: a stacked suffix such as .com.co imitates .com.
        outlet = brands[label]
        if public_suffix(domain) not in {public_suffix(d) for d in outlet.domains}:
            return outlet
        return None
    parts = [p for p in re.split(r"[-_.]|(?<=\D)(?=\d)|(?<=\d)(?=\D)", label) if p]
    found = [p for p in parts if p in brands]
    if found and all(p in brands or p in FILLER_TOKENS for p in parts):
        return brands[found[0]]
    return None
