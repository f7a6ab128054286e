"""Scoring config: shipped defaults, then the admin's TOML file, validated strictly.

Every weight, group cap, threshold and rating band comes from here. An unknown key is an error
that names the key (with its line) and suggests the closest valid one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.rules import all_rules

# Tables an admin file may contain. `server` belongs to the backend, which validates it itself.
SCORING_TABLES = ("groups", "rules", "thresholds", "bands")
PASS_THROUGH_TABLES = ("server",)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file or 'config'}"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.path}: {self.message}"


class ConfigError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid config:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    max: float


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: float


@dataclass(frozen=True)
class Config:
    groups: dict[str, Group]
    weights: dict[str, float]
    thresholds: dict[str, float]
    bands: tuple[Band, ...]  # highest minimum first
    rules_version: str
    server: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def band_for(self, score: float) -> Band:
        for band in self.bands:
            if score >= band.min:
                return band
        return self.bands[-1]

    def to_dict(self) -> dict[str, Any]:
        rules = all_rules()
        return {
            "rules_version": self.rules_version,
            "groups": [{"id": g.id, "label": g.label, "max": g.max} for g in self.groups.values()],
            "rules": [
                {
                    "id": r.id,
                    "group": r.group,
                    "weight": self.weights[r.id],
                    "description": r.description,
                }
                for r in rules.values()
            ],
            "thresholds": dict(self.thresholds),
            "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in self.bands],
        }


def _defaults_text() -> str:
    return resources.files("scoring").joinpath("defaults.toml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None, *, text: str | None = None) -> Config:
    """The shipped defaults with the admin's file (or TOML text) layered on top."""
    defaults = tomllib.loads(_defaults_text())
    problems: list[Problem] = []
    override: dict[str, Any] = {}
    source = None
    if path is not None:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError([Problem("", f"cannot read file: {e.strerror}", file=source)]) from e
    if text is not None:
        try:
            override = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            line = getattr(e, "lineno", None)
            raise ConfigError([Problem("", f"not valid TOML: {e}", line, source)]) from e
    merged = _merge(defaults, override, text or "", source, problems)
    config = _build(merged, problems, text or "", source)
    if problems:
        raise ConfigError(problems)
    assert config is not None
    return config


def check_config(path: str | Path) -> list[Problem]:
    """Every problem with an admin file, without raising."""
    try:
        load_config(path)
    except ConfigError as e:
        return e.problems
    return []


def _merge(
    defaults: dict[str, Any],
    override: dict[str, Any],
    text: str,
    source: str | None,
    problems: list[Problem],
) -> dict[str, Any]:
    merged: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in defaults.items()
    }
    merged.setdefault("server", {})
    for key, value in override.items():
        if key in PASS_THROUGH_TABLES:
            if not isinstance(value, dict):
                problems.append(_problem(key, "must be a table", text, source))
                continue
            merged[key] = value
        elif key not in SCORING_TABLES:
            problems.append(
                _problem(
                    key, _unknown("table", key, SCORING_TABLES + PASS_THROUGH_TABLES), text, source
                )
            )
        elif key == "bands":
            merged["bands"] = value  # bands are replaced as a whole
        elif not isinstance(value, dict):
            problems.append(_problem(key, "must be a table", text, source))
        else:
            _merge_table(key, merged[key], value, text, source, problems)
    return merged


def _merge_table(
    table: str,
    base: dict[str, Any],
    override: dict[str, Any],
    text: str,
    source: str | None,
    problems: list[Problem],
) -> None:
    kind = {"rules": "rule", "groups": "group", "thresholds": "threshold"}[table]
    for key, value in override.items():
        path = f"{table}.{key}"
        if key not in base:
            problems.append(_problem(path, _unknown(kind, key, base), text, source))
            continue
        if table == "groups":
            if not isinstance(value, dict):
                problems.append(_problem(path, "must be a table with label and max", text, source))
                continue
            for sub in value:
                if sub not in ("label", "max"):
                    problems.append(
                        _problem(
                            f"{path}.{sub}", _unknown("key", sub, ("label", "max")), text, source
                        )
                    )
            base[key] = {**base[key], **{k: v for k, v in value.items() if k in ("label", "max")}}
        else:
            base[key] = value


def _build(
    merged: dict[str, Any], problems: list[Problem], text: str, source: str | None
) -> Config | None:
    rules = all_rules()
    groups: dict[str, Group] = {}
    for gid, g in merged["groups"].items():
        label, cap = g.get("label"), g.get("max")
        if not isinstance(label, str) or not label:
            problems.append(
                _problem(f"groups.{gid}.label", "must be a non-empty string", text, source)
            )
        if not _is_number(cap) or cap < 0:
            problems.append(_problem(f"groups.{gid}.max", "must be a number >= 0", text, source))
            cap = 0
        groups[gid] = Group(gid, str(label), float(cap))
    total = sum(g.max for g in groups.values())
    if groups and abs(total - 100) > 1e-9:
        problems.append(
            _problem(
                "groups", f"group caps add up to {total:g}; they must add up to 100", text, source
            )
        )

    weights: dict[str, float] = {}
    for rid, w in merged["rules"].items():
        if not _is_number(w):
            problems.append(_problem(f"rules.{rid}", "must be a number", text, source))
            continue
        if abs(w) > 100:
            problems.append(_problem(f"rules.{rid}", "must be between -100 and 100", text, source))
        weights[rid] = float(w)
    for rid, r in rules.items():
        if rid not in merged["rules"]:
            problems.append(
                Problem(f"rules.{rid}", "rule has no weight in defaults.toml", None, None)
            )
        if r.group not in groups:
            problems.append(Problem(f"rules.{rid}", f"rule's group {r.group!r} is not configured"))
    for rid in merged["rules"]:
        if rid not in rules:
            problems.append(Problem(f"rules.{rid}", _unknown("rule", rid, rules), None, None))

    thresholds: dict[str, float] = {}
    for key, v in merged["thresholds"].items():
        if not _is_number(v) or v < 0:
            problems.append(_problem(f"thresholds.{key}", "must be a number >= 0", text, source))
            continue
        thresholds[key] = float(v)

    bands = _bands(merged["bands"], problems, text, source)
    if problems:
        return None
    effective = {
        "groups": {g.id: [g.label, g.max] for g in groups.values()},
        "rules": weights,
        "thresholds": thresholds,
        "bands": [[b.id, b.label, b.min] for b in bands],
    }
    digest = hashlib.sha256(json.dumps(effective, sort_keys=True).encode()).hexdigest()[:12]
    return Config(
        groups=groups,
        weights=weights,
        thresholds=thresholds,
        bands=bands,
        rules_version=digest,
        server=dict(merged.get("server") or {}),
        sources=(source,) if source else (),
    )


def _bands(raw: Any, problems: list[Problem], text: str, source: str | None) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(_problem("bands", "must be a non-empty array of tables", text, source))
        return ()
    bands: list[Band] = []
    for i, b in enumerate(raw):
        path = f"bands[{i}]"
        if not isinstance(b, dict):
            problems.append(_problem(path, "must be a table with id, label and min", text, source))
            continue
        for sub in b:
            if sub not in ("id", "label", "min"):
                problems.append(
                    _problem(
                        f"{path}.{sub}", _unknown("key", sub, ("id", "label", "min")), text, source
                    )
                )
        bid, label, low = b.get("id"), b.get("label"), b.get("min")
        if not isinstance(bid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", bid or ""):
            problems.append(_problem(f"{path}.id", "must be a lower_snake id", text, source))
            continue
        if not isinstance(label, str) or not label:
            problems.append(_problem(f"{path}.label", "must be a non-empty string", text, source))
            continue
        if not isinstance(low, int | float) or isinstance(low, bool) or not 0 <= low <= 100:
            problems.append(_problem(f"{path}.min", "must be a number from 0 to 100", text, source))
            continue
        bands.append(Band(bid, label, float(low)))
    bands.sort(key=lambda b: -b.min)
    if bands and bands[-1].min != 0:
        problems.append(_problem("bands", "the lowest band must start at min = 0", text, source))
    ids = [b.id for b in bands]
    mins = [b.min for b in bands]
    if len(set(ids)) != len(ids):
        problems.append(_problem("bands", "band ids must be unique", text, source))
    if len(set(mins)) != len(mins):
        problems.append(_problem("bands", "two bands start at the same min", text, source))
    return tuple(bands)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _unknown(kind: str, key: str, valid: Mapping[str, Any] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.6)
    hint = f": did you mean {close[0]}?" if close else ""
    return f"unknown {kind} {key}{hint}"


def _problem(path: str, message: str, text: str, source: str | None) -> Problem:
    return Problem(path, message, _line_of(path, text), source)


def _line_of(path: str, text: str) -> int | None:
    """Best-effort line number of a dotted key in TOML text (tomllib keeps no positions)."""
    if not text:
        return None
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    table, key = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0], None)
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", s)
        if header:
            current = header.group(1)
            if key is None and current.split(".")[0] == table:
                return n
            if len(parts) > 2 and current == ".".join(parts[:2]) and key == parts[1]:
                return n
            continue
        if key is None:
            continue
        m = re.match(r'^"?([A-Za-z0-9_\-]+)"?\s*=', s)
        if not m or m.group(1) != key:
            continue
        if current.split(".")[0] == table or (not current and s.startswith(f"{table}.")):
            return n
    return None
