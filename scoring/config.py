"""Scoring config: shipped defaults, then the admin's TOML file, validated strictly.

Every weight, group cap, threshold and rating band comes from here, and so do the admin's own
data files (outlet lists, ratings) that the config names. An unknown key is an error that names
the key (with its line) and suggests the closest valid one.

`load_config` only reads and validates: a server can call it on a changed file and keep its
current config when it raises.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.admin_data import AdminData, load_admin_data
from scoring.config_problems import ConfigError, ConfigProblem, key_lines, line_in, unknown
from scoring.rules import all_rules

__all__ = ["Band", "Config", "ConfigError", "Group", "ConfigProblem", "check_config", "load_config"]

CONFIG_ENV = "PROVENANCE_CONFIG"
# Tables an admin file may contain. `server` belongs to the backend, which validates it itself.
SCORING_TABLES = ("groups", "rules", "thresholds", "bands")
DATA_TABLES = ("outlets", "ratings")
PASS_THROUGH_TABLES = ("server",)


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    max: int


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: float


@dataclass(frozen=True)
class Config:
    groups: dict[str, Group]
    weights: dict[str, int]  # points are whole numbers, in the report as here
    thresholds: dict[str, float]
    bands: tuple[Band, ...]  # highest minimum first
    rules_version: str
    server: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # the admin file and the data files it names
    data: AdminData = field(default_factory=AdminData)

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
                    "example": r.example,
                }
                for r in rules.values()
            ],
            "thresholds": dict(self.thresholds),
            "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in self.bands],
            "data": self.data.summary(),
        }


def resolve_config_path(
    path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> str | None:
    """The admin file: `path` if given, else the one PROVENANCE_CONFIG names (`env` stands in
    for os.environ), else None for the shipped defaults alone."""
    if path:
        return str(path)
    return (os.environ if env is None else env).get(CONFIG_ENV) or None


def defaults_text() -> str:
    return resources.files("scoring").joinpath("defaults.toml").read_text(encoding="utf-8")


def load_config(
    path: str | Path | None = None,
    *,
    text: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Config:
    """The shipped defaults with the admin's file (or TOML text) layered on top.

    With neither `path` nor `text`, the file that PROVENANCE_CONFIG names, if it is set (`env`
    stands in for os.environ; pass {} for the shipped defaults alone). Data files the config
    names are read relative to the config file (to the working directory for `text`).
    Raises ConfigError listing every problem; reads files and has no other effect.
    """
    defaults = tomllib.loads(defaults_text())
    problems: list[ConfigProblem] = []
    override: dict[str, Any] = {}
    source = None
    if path is None and text is None:
        path = resolve_config_path(None, env)
    if path is not None:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(
                [ConfigProblem("", f"cannot read file: {e.strerror}", file=source)]
            ) from e
    if text is not None:
        try:
            override = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            line = getattr(e, "lineno", None)
            raise ConfigError([ConfigProblem("", f"not valid TOML: {e}", line, source)]) from e
    merged = _merge(defaults, override, text or "", source, problems)
    base_dir = Path(path).parent if path is not None else Path()
    data = _data(override, base_dir, text or "", source, problems)
    config = _build(merged, data, problems, text or "", source)
    if problems:
        files = list(dict.fromkeys(p.file for p in problems))
        problems.sort(key=lambda p: (files.index(p.file), p.line or 0))
        raise ConfigError(problems)
    assert config is not None
    return config


def check_config(path: str | Path) -> list[ConfigProblem]:
    """Every problem with an admin file, without raising."""
    try:
        load_config(path)
    except ConfigError as e:
        return e.problems
    return []


def _data(
    override: dict[str, Any],
    base_dir: Path,
    text: str,
    source: str | None,
    problems: list[ConfigProblem],
) -> AdminData:
    lines = key_lines(text)

    def report(path: str, message: str, line: int | None, file: str | None) -> None:
        problems.append(ConfigProblem(path, message, line, file or source))

    return load_admin_data(override, base_dir, report, lambda p: line_in(lines, p))


def _merge(
    defaults: dict[str, Any],
    override: dict[str, Any],
    text: str,
    source: str | None,
    problems: list[ConfigProblem],
) -> dict[str, Any]:
    merged: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in defaults.items()
    }
    merged.setdefault("server", {})
    for key, value in override.items():
        if key in DATA_TABLES:
            continue  # read by _data
        if key in PASS_THROUGH_TABLES:
            if not isinstance(value, dict):
                problems.append(_problem(key, "must be a table", text, source))
                continue
            merged[key] = value
        elif key not in SCORING_TABLES:
            problems.append(
                _problem(
                    key,
                    unknown("table", key, SCORING_TABLES + DATA_TABLES + PASS_THROUGH_TABLES),
                    text,
                    source,
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
    problems: list[ConfigProblem],
) -> None:
    kind = {"rules": "rule", "groups": "group", "thresholds": "threshold"}[table]
    for key, value in override.items():
        path = f"{table}.{key}"
        if key not in base:
            problems.append(_problem(path, unknown(kind, key, base), text, source))
            continue
        if table == "groups":
            if not isinstance(value, dict):
                problems.append(_problem(path, "must be a table with label and max", text, source))
                continue
            for sub in value:
                if sub not in ("label", "max"):
                    problems.append(
                        _problem(
                            f"{path}.{sub}", unknown("key", sub, ("label", "max")), text, source
                        )
                    )
            base[key] = {**base[key], **{k: v for k, v in value.items() if k in ("label", "max")}}
        else:
            base[key] = value


def _build(
    merged: dict[str, Any],
    data: AdminData,
    problems: list[ConfigProblem],
    text: str,
    source: str | None,
) -> Config | None:
    rules = all_rules()
    groups: dict[str, Group] = {}
    for gid, g in merged["groups"].items():
        label, cap = g.get("label"), g.get("max")
        if not isinstance(label, str) or not label:
            problems.append(
                _problem(f"groups.{gid}.label", "must be a non-empty string", text, source)
            )
        if not _is_whole(cap) or cap < 0:
            problems.append(
                _problem(f"groups.{gid}.max", "must be a whole number >= 0", text, source)
            )
            cap = 0
        groups[gid] = Group(gid, str(label), int(cap))
    total = sum(g.max for g in groups.values())
    if groups and abs(total - 100) > 1e-9:
        problems.append(
            _problem(
                "groups", f"group caps add up to {total:g}; they must add up to 100", text, source
            )
        )

    weights: dict[str, int] = {}
    for rid, w in merged["rules"].items():
        if not _is_whole(w):
            problems.append(_problem(f"rules.{rid}", "must be a whole number", text, source))
            continue
        if abs(w) > 100:
            problems.append(_problem(f"rules.{rid}", "must be between -100 and 100", text, source))
        weights[rid] = int(w)
    for rid, r in rules.items():
        if rid not in merged["rules"]:
            problems.append(
                ConfigProblem(f"rules.{rid}", "rule has no weight in defaults.toml", None, None)
            )
        if r.group not in groups:
            problems.append(
                ConfigProblem(f"rules.{rid}", f"rule's group {r.group!r} is not configured")
            )
    for rid in merged["rules"]:
        if rid not in rules:
            problems.append(ConfigProblem(f"rules.{rid}", unknown("rule", rid, rules), None, None))

    thresholds: dict[str, float] = {}
    for key, v in merged["thresholds"].items():
        if not _is_number(v) or v < 0:
            problems.append(_problem(f"thresholds.{key}", "must be a number >= 0", text, source))
            continue
        thresholds[key] = float(v)

    bands = _bands(merged["bands"], problems, text, source)
    _reachable(bands, groups, weights, problems, text, source)
    if problems:
        return None
    effective = {
        "groups": {g.id: [g.label, g.max] for g in groups.values()},
        "rules": weights,
        "thresholds": thresholds,
        "bands": [[b.id, b.label, b.min] for b in bands],
    }
    if data:
        effective["data"] = data.fingerprint()
    digest = hashlib.sha256(json.dumps(effective, sort_keys=True).encode()).hexdigest()[:12]
    return Config(
        groups=groups,
        weights=weights,
        thresholds=thresholds,
        bands=bands,
        rules_version=digest,
        server=dict(merged.get("server") or {}),
        sources=((source,) if source else ()) + data.list_files + data.ratings_files,
        data=data,
    )


def _reachable(
    bands: tuple[Band, ...],
    groups: dict[str, Group],
    weights: dict[str, int],
    problems: list[ConfigProblem],
    text: str,
    source: str | None,
) -> None:
    """A band no page can reach: its min is above the sum of what each group can give."""
    rules = all_rules()
    best = 0.0
    for g in groups.values():
        gain = sum(
            w for rid, w in weights.items() if w > 0 and rid in rules and rules[rid].group == g.id
        )
        best += min(gain, g.max)
    for b in bands:
        if b.min > best:
            problems.append(
                _problem(
                    "bands",
                    f"band {b.id} (min {b.min:g}) cannot be reached: "
                    f"the positive weights allow at most {best:g} points under the group caps",
                    text,
                    source,
                )
            )


def _bands(
    raw: Any, problems: list[ConfigProblem], text: str, source: str | None
) -> tuple[Band, ...]:
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
                        f"{path}.{sub}", unknown("key", sub, ("id", "label", "min")), text, source
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


def _is_whole(v: Any) -> bool:
    return _is_number(v) and float(v).is_integer()


def _problem(path: str, message: str, text: str, source: str | None) -> ConfigProblem:
    return ConfigProblem(path, message, line_in(key_lines(text), path) if text else None, source)
