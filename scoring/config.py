"""Scoring config: shipped defaults, then the admin's TOML file, validated strictly.

Every weight, group cap, threshold and rating band comes from here, and so do the admin's own
data files (outlet lists, ratings) that the config names. The admin's file is merged onto the
defaults (a later source wins; arrays such as `bands` are replaced whole) and the result is
validated by the pydantic schema below. Each value type carries the one message an admin sees
when it is wrong; an unknown key is an error that names the key (with its line) and suggests
the closest valid one.

`load_config` only reads and validates: a server can call it on a changed file and keep its
current config when it raises.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    create_model,
)
from pydantic_core import PydanticCustomError

from scoring.admin_data import AdminData, load_admin_data
from scoring.config_problems import ConfigError, ConfigProblem, key_lines, line_in, unknown
from scoring.rules import Applies, RuleFn, all_rules

__all__ = ["Band", "Config", "ConfigError", "Group", "ConfigProblem", "check_config", "load_config"]

CONFIG_ENV = "PROVENANCE_CONFIG"
# Tables read by scoring.admin_data; `server` belongs to the backend, which validates it itself.
DATA_TABLES = ("outlets", "ratings")


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

    @cached_property
    def scored_rules(self) -> tuple[tuple[RuleFn, str, str, int, str, Applies | None], ...]:
        """The rules that weigh anything, in the registry's order, each as what a finding
        needs: its function, id, group, weight and description, and its precondition. Built
        once per config."""
        return tuple(
            (r.fn, r.id, r.group, w, r.description, r.applies)
            for r in all_rules().values()
            if (w := self.weights.get(r.id, 0)) != 0
        )

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
    merged = {"server": {}} | _merged(defaults, override)
    tables = _validate(merged, override, defaults, text or "", source, problems)
    base_dir = Path(path).parent if path is not None else Path()
    data = _data(override, base_dir, text or "", source, problems)
    config = _build(tables, data, problems, text or "", source)
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


def _says(message: str) -> WrapValidator:
    """A value that is wrong in itself reads as `message`; a wrong key inside it keeps its own."""

    def reword(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as e:
            if any(err["loc"] or err["type"] == "config" for err in e.errors()):
                raise
            raise PydanticCustomError("config", message) from None

    return WrapValidator(reword)


def _whole(value: float) -> int:
    if not value.is_integer():
        raise ValueError("not a whole number")
    return int(value)


# The schema of the merged config. Each value type carries the one message an admin sees.
Number = Annotated[float, Strict()]  # a TOML integer or float; true is not 1
Whole = Annotated[Number, AfterValidator(_whole)]
Label = Annotated[str, Strict(), Field(min_length=1), _says("must be a non-empty string")]
Cap = Annotated[Whole, Field(ge=0), _says("must be a whole number >= 0")]
Weight = Annotated[
    Annotated[Whole, _says("must be a whole number")],
    Field(ge=-100, le=100),
    _says("must be between -100 and 100"),
]
Threshold = Annotated[Number, Field(ge=0), _says("must be a number >= 0")]
BandId = Annotated[
    str, Strict(), Field(pattern="^[a-z][a-z0-9_]*$"), _says("must be a lower_snake id")
]
BandMin = Annotated[Number, Field(ge=0, le=100), _says("must be a number from 0 to 100")]
_ABSENT: Any = None  # with validate_default, an absent key reads like a wrong one


class _GroupTable(BaseModel, extra="forbid", validate_default=True):
    label: Label = _ABSENT
    max: Cap = _ABSENT


class _BandTable(BaseModel, extra="forbid", validate_default=True):
    id: BandId = _ABSENT
    label: Label = _ABSENT
    min: BandMin = _ABSENT


def _keyed(name: str, keys: tuple[str, ...], value: Any) -> Any:
    """A table with exactly these keys, each holding a `value` (aliases: any key is allowed)."""
    fields: dict[str, Any] = {f"k{i}": (value, Field(alias=k)) for i, k in enumerate(keys)}
    table = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    return Annotated[table, _says("must be a table")]


@lru_cache(maxsize=8)
def _schema(
    groups: tuple[str, ...], rules: tuple[str, ...], thresholds: tuple[str, ...]
) -> dict[str, TypeAdapter[Any]]:
    """The tables of the merged config: groups and thresholds are those of defaults.toml, and
    every rule needs a weight. `server` belongs to the backend, which validates it itself."""
    group = Annotated[_GroupTable, _says("must be a table with label and max")]
    band = Annotated[_BandTable, _says("must be a table with id, label and min")]
    bands = Annotated[list[band], Field(min_length=1), _says("must be a non-empty array of tables")]
    return {
        "groups": TypeAdapter(_keyed("groups", groups, group)),
        "rules": TypeAdapter(_keyed("rules", rules, Weight)),
        "thresholds": TypeAdapter(_keyed("thresholds", thresholds, Threshold)),
        "bands": TypeAdapter(bands),
        "server": TypeAdapter(Annotated[dict[str, Any], _says("must be a table")]),
    }


def _merged(base: Any, override: Any) -> Any:
    """`override` on top of `base`: tables merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        return base | {k: _merged(base.get(k), v) for k, v in override.items()}
    return override


def _validate(
    merged: dict[str, Any],
    override: dict[str, Any],
    defaults: dict[str, Any],
    text: str,
    source: str | None,
    problems: list[ConfigProblem],
) -> dict[str, Any]:
    """Each valid table of the merged config as plain data, and a problem for every wrong key."""
    known = {"groups": tuple(defaults["groups"]), "thresholds": tuple(defaults["thresholds"])}
    known["rules"] = tuple(all_rules())
    schema = _schema(known["groups"], known["rules"], known["thresholds"])
    valid: dict[str, Any] = {}
    for table, value in merged.items():
        if table not in schema:
            if table not in DATA_TABLES:  # those are read by _data
                message = unknown("table", table, (*schema, *DATA_TABLES))
                problems.append(_problem(table, message, text, source))
            continue
        try:
            valid[table] = schema[table].dump_python(
                schema[table].validate_python(value), by_alias=True
            )
        except ValidationError as e:
            for err in e.errors():
                loc, message = err["loc"], err["msg"]
                path = table + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
                if err["type"] == "missing":  # only rules have no default to fall back on
                    problems.append(ConfigProblem(path, "rule has no weight in defaults.toml"))
                    continue
                if err["type"] == "extra_forbidden":
                    record = _GroupTable if table == "groups" else _BandTable
                    kind, keys = (
                        (table[:-1], known[table])
                        if len(loc) == 1
                        else ("key", record.model_fields)
                    )
                    message = unknown(kind, str(loc[-1]), tuple(keys))
                    if not _given(override, (table, *loc)):  # a key defaults.toml ships
                        problems.append(ConfigProblem(path, message))
                        continue
                problems.append(_problem(path, message, text, source))
    return valid


def _given(doc: Any, loc: tuple[Any, ...]) -> bool:
    for part in loc:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def _build(
    tables: dict[str, Any],
    data: AdminData,
    problems: list[ConfigProblem],
    text: str,
    source: str | None,
) -> Config | None:
    """The checks that span keys and tables, on the valid tables; then the Config."""
    rules = all_rules()
    groups = {gid: Group(gid, g["label"], g["max"]) for gid, g in tables.get("groups", {}).items()}
    weights: dict[str, int] = tables.get("rules", {})
    thresholds: dict[str, float] = tables.get("thresholds", {})
    bands = tuple(Band(**b) for b in sorted(tables.get("bands", ()), key=lambda b: -b["min"]))
    total = sum(g.max for g in groups.values())
    if groups and total != 100:
        message = f"group caps add up to {total:g}; they must add up to 100"
        problems.append(_problem("groups", message, text, source))
    for rid, r in rules.items():
        if groups and r.group not in groups:
            problems.append(
                ConfigProblem(f"rules.{rid}", f"rule's group {r.group!r} is not configured")
            )
    if bands and bands[-1].min != 0:
        problems.append(_problem("bands", "the lowest band must start at min = 0", text, source))
    if len({b.id for b in bands}) != len(bands):
        problems.append(_problem("bands", "band ids must be unique", text, source))
    if len({b.min for b in bands}) != len(bands):
        problems.append(_problem("bands", "two bands start at the same min", text, source))
    if groups and weights and bands:  # a band no page can reach, under the group caps
        best = sum(
            min(sum(w for rid, w in weights.items() if w > 0 and rules[rid].group == g.id), g.max)
            for g in groups.values()
        )
        for b in bands:
            if b.min > best:
                message = (
                    f"band {b.id} (min {b.min:g}) cannot be reached: "
                    f"the positive weights allow at most {best:g} points under the group caps"
                )
                problems.append(_problem("bands", message, text, source))
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
        server=tables["server"],
        sources=((source,) if source else ()) + data.list_files + data.ratings_files,
        data=data,
    )


def _problem(path: str, message: str, text: str, source: str | None) -> ConfigProblem:
    return ConfigProblem(path, message, line_in(key_lines(text), path) if text else None, source)
