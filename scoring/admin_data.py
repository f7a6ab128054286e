"""The admin's own data: outlet lists and external ratings files, named from the admin config.

    [outlets]
    lists = ["lists/newsroom.toml"]      # TOML: [[trusted]], [[watch]], [[state_affiliated]]
    [ratings]
    files = ["ratings/factcheckers.csv"] # CSV with the header domain,rating,source

Paths are relative to the config file. Every entry names a registrable domain (eTLD+1), which
also covers its subdomains: an entry for bbc.co.uk matches a page on news.bbc.co.uk. Loading
only reads and validates; it reports every problem with its file and line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from scoring.config_problems import key_lines, line_in, unknown
from scoring.data import STATE_MEDIA
from scoring.domains import public_suffix, registrable_domain

LIST_KINDS = ("trusted", "watch", "state_affiliated")
RATING_LEVELS = ("high", "mixed", "low")
RATINGS_HEADER = ("domain", "rating", "source")
_ENTRY_KEYS = {
    "trusted": ("domain", "note"),
    "watch": ("domain", "note"),
    "state_affiliated": ("domain", "note", "type"),
}
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")

# (path inside the file, message, line, file); config.py turns these into Problems.
OnProblem = Callable[[str, str, int | None, str | None], None]


@dataclass(frozen=True)
class ListEntry:
    kind: str  # one of LIST_KINDS
    domain: str
    note: str
    file: str
    state_affiliation: str | None = None  # State Media Matrix type, state_affiliated only


@dataclass(frozen=True)
class RatingEntry:
    domain: str
    rating: str  # one of RATING_LEVELS
    source: str
    file: str


@dataclass(frozen=True)
class AdminData:
    # kind -> domain -> entry
    lists: Mapping[str, Mapping[str, ListEntry]] = field(default_factory=dict)
    # domain -> one entry per source, in file order
    ratings: Mapping[str, tuple[RatingEntry, ...]] = field(default_factory=dict)
    list_files: tuple[str, ...] = ()
    ratings_files: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.lists or self.ratings)

    def listed(self, domain: str) -> list[ListEntry]:
        return [e[domain] for kind in LIST_KINDS if domain in (e := self.lists.get(kind, {}))]

    def state_entry(self, domain: str | None) -> ListEntry | None:
        return self.lists.get("state_affiliated", {}).get(domain or "")

    def ratings_for(self, domain: str) -> tuple[RatingEntry, ...]:
        return self.ratings.get(domain, ())

    def fingerprint(self) -> str:
        """A digest of every entry, so rules_version changes when the data do."""
        content = {
            "lists": {
                k: sorted([e.domain, e.note, e.state_affiliation or ""] for e in v.values())
                for k, v in self.lists.items()
            },
            "ratings": sorted(
                [e.domain, e.rating, e.source] for entries in self.ratings.values() for e in entries
            ),
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def summary(self) -> dict[str, Any]:
        """Counts and file names (not paths) for `rules list` and GET /v1/rules."""
        sources: dict[str, int] = {}
        for entries in self.ratings.values():
            for e in entries:
                sources[e.source] = sources.get(e.source, 0) + 1
        return {
            "outlet_lists": {k: len(self.lists.get(k, {})) for k in LIST_KINDS},
            "rating_sources": sources,
            "files": [Path(f).name for f in (*self.list_files, *self.ratings_files)],
        }


def load_admin_data(
    tables: Mapping[str, Any],
    base_dir: Path,
    report: OnProblem,
    line_of: Callable[[str], int | None],
) -> AdminData:
    """Read the files the admin config's [outlets] and [ratings] tables name."""
    list_files = _file_list(tables, "outlets", "lists", base_dir, report, line_of)
    ratings_files = _file_list(tables, "ratings", "files", base_dir, report, line_of)
    lists: dict[str, dict[str, ListEntry]] = {k: {} for k in LIST_KINDS}
    for file in list_files:
        text = _read(file, report)
        if text is not None:
            _load_list(text, file, lists, report)
    _cross_check(lists, report)
    ratings: dict[str, list[RatingEntry]] = {}
    seen: dict[tuple[str, str], int] = {}
    for file in ratings_files:
        text = _read(file, report)
        if text is not None:
            _load_ratings(text, file, ratings, seen, report)
    return AdminData(
        lists={k: v for k, v in lists.items() if v},
        ratings={d: tuple(v) for d, v in ratings.items()},
        list_files=tuple(list_files),
        ratings_files=tuple(ratings_files),
    )


def _file_list(
    tables: Mapping[str, Any],
    table: str,
    key: str,
    base_dir: Path,
    report: OnProblem,
    line_of: Callable[[str], int | None],
) -> list[str]:
    raw = tables.get(table)
    if raw is None:
        return []
    if not isinstance(raw, dict):
        report(table, "must be a table", line_of(table), None)
        return []
    for sub in raw:
        if sub != key:
            report(f"{table}.{sub}", unknown("key", sub, (key,)), line_of(f"{table}.{sub}"), None)
    names = raw.get(key, [])
    path = f"{table}.{key}"
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        report(path, "must be an array of file names", line_of(path), None)
        return []
    files: list[str] = []
    for i, name in enumerate(names):
        file = str(base_dir / name) if not Path(name).is_absolute() else name
        if file in files:
            report(f"{path}[{i}]", f"{name} is named twice", line_of(path), None)
            continue
        files.append(file)
    return files


def _read(file: str, report: OnProblem) -> str | None:
    try:
        return Path(file).read_text(encoding="utf-8-sig")
    except OSError as e:
        report("", f"cannot read file: {e.strerror}", None, file)
    except UnicodeDecodeError:
        report("", "not UTF-8 text", None, file)
    return None


def _load_list(
    text: str, file: str, lists: dict[str, dict[str, ListEntry]], report: OnProblem
) -> None:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        report("", f"not valid TOML: {e}", getattr(e, "lineno", None), file)
        return
    lines = key_lines(text)

    def problem(path: str, message: str) -> None:
        report(path, message, line_in(lines, path), file)

    for kind, entries in raw.items():
        if kind not in LIST_KINDS:
            problem(kind, unknown("list", kind, LIST_KINDS))
            continue
        if not isinstance(entries, list):
            problem(kind, f"must be an array of tables: [[{kind}]]")
            continue
        for i, entry in enumerate(entries):
            path = f"{kind}[{i}]"
            if not isinstance(entry, dict):
                problem(path, "must be a table with domain and note")
                continue
            for key in entry:
                if key not in _ENTRY_KEYS[kind]:
                    problem(f"{path}.{key}", unknown("key", key, _ENTRY_KEYS[kind]))
            domain = _domain(entry.get("domain"), partial(problem, f"{path}.domain"))
            note = entry.get("note")
            if not isinstance(note, str) or not note.strip():
                problem(f"{path}.note", "must say why the outlet is on the list")
            code = entry.get("type")
            if kind == "state_affiliated" and code not in STATE_MEDIA.types:
                valid = ", ".join(STATE_MEDIA.types)
                if code is None:
                    hint = f"missing: the outlet's State Media Matrix type ({valid})"
                else:
                    hint = f"{unknown('type', str(code), tuple(STATE_MEDIA.types))} ({valid})"
                problem(f"{path}.type", hint)
                code = None
            if domain is None or not isinstance(note, str):
                continue
            if domain in lists[kind]:
                other = lists[kind][domain].file
                where = "earlier in this file" if other == file else f"in {other}"
                problem(f"{path}.domain", f"{domain} is already on the {kind} list {where}")
                continue
            lists[kind][domain] = ListEntry(kind, domain, note.strip(), file, code)


def _cross_check(lists: dict[str, dict[str, ListEntry]], report: OnProblem) -> None:
    for domain, entry in lists["watch"].items():
        trusted = lists["trusted"].get(domain)
        if trusted is not None:
            report(
                "watch",
                f"{domain} is on both the trusted list ({trusted.file}) and the watch list",
                None,
                entry.file,
            )


def _load_ratings(
    text: str,
    file: str,
    ratings: dict[str, list[RatingEntry]],
    seen: dict[tuple[str, str], int],
    report: OnProblem,
) -> None:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row]
        if header is None:
            header = [c.lower() for c in cells]
            bad = [c for c in header if c not in RATINGS_HEADER]
            for c in bad:
                report("header", unknown("column", c, RATINGS_HEADER), line, file)
            missing = [c for c in RATINGS_HEADER if c not in header]
            if missing:
                report("header", f"missing column {', '.join(missing)}", line, file)
            if bad or missing:
                return
            continue
        if len(cells) != len(header):
            report(
                f"row {line}", f"has {len(cells)} cells; the header has {len(header)}", line, file
            )
            continue
        row_of = dict(zip(header, cells, strict=True))

        def problem(column: str, message: str, line: int = line) -> None:
            report(column, message, line, file)

        domain = _domain(row_of["domain"], partial(problem, "domain"))
        rating = row_of["rating"].lower()
        if rating not in RATING_LEVELS:
            valid = ", ".join(RATING_LEVELS)
            problem("rating", f"{unknown('rating', row_of['rating'], RATING_LEVELS)} ({valid})")
        source = row_of["source"]
        if not source:
            problem("source", "must name the source of the rating")
        if domain is None or rating not in RATING_LEVELS or not source:
            continue
        first = seen.get((domain, source.casefold()))
        if first is not None:
            problem("domain", f"{source} rates {domain} twice (first on line {first})")
            continue
        seen[(domain, source.casefold())] = line
        ratings.setdefault(domain, []).append(RatingEntry(domain, rating, source, file))
    if header is None:
        report("header", "empty file: expected the header " + ",".join(RATINGS_HEADER), None, file)


def _domain(value: Any, problem: Callable[[str], None]) -> str | None:
    """The registrable domain an entry names, or None after reporting why it is not one."""
    if not isinstance(value, str) or not value.strip():
        problem("must be a domain name such as example.com")
        return None
    domain = value.strip().lower().rstrip(".")
    if not _DOMAIN.match(domain):
        problem(f"{value!r} is not a domain name (write internationalized names as xn--...)")
        return None
    suffix = public_suffix(domain)
    if not suffix or suffix == domain:
        problem(f"{domain} is a public suffix, not a site")
        return None
    site = registrable_domain(domain)
    if site != domain:
        problem(f"{domain} is a subdomain: write {site} (it covers every subdomain)")
        return None
    return domain
