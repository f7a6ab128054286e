"""Backend settings: the `[server]` table of the admin's TOML file, then PROVENANCE_* variables.

Validated strictly: an unknown key is an error that names it and suggests the closest one.
The scoring config itself is not parsed here (the engine owns it); `load_settings` only takes
its `[server]` table.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

ENV_PREFIX = "PROVENANCE_"
CONFIG_ENV = "PROVENANCE_CONFIG"


class SettingsError(ValueError):
    """One or more invalid server settings; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid server settings:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    # Shared state. None: in-process cache and limits (one machine, no Redis).
    redis_url: str | None = None
    cache_ttl: int = 3600
    # flask-limiter notation, e.g. "60/minute;1000/day"; "" turns rate limiting off.
    rate_limit: str = "60/minute"
    api_keys: tuple[str, ...] = ()
    # Bearer token for POST /v1/admin/reload; None turns that endpoint off (SIGHUP still works).
    admin_token: str | None = field(default=None, repr=False)
    # Number of reverse proxies in front of the server whose X-Forwarded-For is trusted.
    trusted_proxies: int = 0
    # Fetching (DESIGN section 5).
    allow_private_addresses: bool = False
    allowed_networks: tuple[str, ...] = ()
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    fetch_timeout: float = 15.0
    max_page_bytes: int = 5_000_000
    max_redirects: int = 5
    # Outlet checks: each outlet's own policy pages, fetched in the background (RQ workers with
    # Redis, a small in-process pool without) and kept this long.
    outlet_checks: bool = True
    outlet_ttl: int = 7 * 24 * 3600
    outlet_max_fetches: int = 8
    # Serving.
    bind: str = "127.0.0.1:8000"
    workers: int = 2
    # Threads per worker: each slow client or slow fetch holds one, so keep plenty.
    threads: int = 32
    # Seconds a request body may take to arrive in full (408 after that).
    body_timeout: float = 10.0
    # Reading one page runs in a child process, killed after score_budget seconds (422).
    score_budget: float = 3.0
    scoring_processes: int = 2
    log_level: str = "info"
    # The scoring config (scoring.Config) at start; None means the shipped defaults.
    scoring: Any = field(default=None, compare=False, repr=False)
    # The admin file it came from, read again on every reload; None: PROVENANCE_CONFIG, if set.
    config_path: str | None = field(default=None, compare=False)


# Keys an admin may set, with how to read them from a string (environment variables).
_KINDS: dict[str, str] = {
    "redis_url": "optional_str",
    "cache_ttl": "int",
    "rate_limit": "str",
    "api_keys": "list",
    "admin_token": "optional_str",
    "trusted_proxies": "int",
    "allow_private_addresses": "bool",
    "allowed_networks": "list",
    "connect_timeout": "float",
    "read_timeout": "float",
    "fetch_timeout": "float",
    "max_page_bytes": "int",
    "max_redirects": "int",
    "outlet_checks": "bool",
    "outlet_ttl": "int",
    "outlet_max_fetches": "int",
    "bind": "str",
    "workers": "int",
    "threads": "int",
    "body_timeout": "float",
    "score_budget": "float",
    "scoring_processes": "int",
    "log_level": "str",
}
KEYS = tuple(_KINDS)
_NOT_FROM_ENV = {CONFIG_ENV}
_LOG_LEVELS = ("debug", "info", "warning", "error")


def load_settings(
    config_path: str | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Defaults, then the admin file's [server] table, then PROVENANCE_*, then `overrides`."""
    from scoring import load_config  # the engine validates everything but [server]

    env = os.environ if env is None else env
    path = config_path or env.get(CONFIG_ENV) or None
    scoring = load_config(path) if path else load_config()
    values = from_table(scoring.server, source=path or "config")
    values.update(from_env(env))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return validate(Settings(scoring=scoring, config_path=path, **values))


def from_table(table: Mapping[str, Any], source: str = "config") -> dict[str, Any]:
    out, problems = read_table(table)
    if problems:
        raise SettingsError([f"{source}: {path}: {message}" for path, message in problems])
    return out


def read_table(table: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A [server] table's settings, and (TOML path, message) for every key that is wrong."""
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KINDS:
            problems.append((f"server.{key}", unknown(key, KEYS)))
            continue
        try:
            out[key] = _coerce(key, value)
        except ValueError as e:
            problems.append((f"server.{key}", str(e)))
    return out, problems


def from_env(env: Mapping[str, str]) -> dict[str, Any]:
    problems: list[str] = []
    out: dict[str, Any] = {}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or name in _NOT_FROM_ENV:
            continue
        key = name[len(ENV_PREFIX) :].lower()
        if key not in _KINDS:
            names = [ENV_PREFIX + k.upper() for k in KEYS] + [CONFIG_ENV]
            problems.append(f"environment: {unknown(name, names, kind='variable')}")
            continue
        try:
            out[key] = _parse(_KINDS[key], raw)
            out[key] = _coerce(key, out[key])
        except ValueError as e:
            problems.append(f"environment: {name}: {e}")
    if problems:
        raise SettingsError(problems)
    return out


def validate(s: Settings) -> Settings:
    problems: list[str] = []

    def need(ok: bool, key: str, message: str) -> None:
        if not ok:
            problems.append(f"server.{key}: {message}")

    need(s.cache_ttl >= 0, "cache_ttl", "must be >= 0 seconds")
    need(s.trusted_proxies >= 0, "trusted_proxies", "must be >= 0")
    for key in ("connect_timeout", "read_timeout", "fetch_timeout"):
        need(0 < getattr(s, key) <= 120, key, "must be between 0 and 120 seconds")
    need(s.fetch_timeout >= s.connect_timeout, "fetch_timeout", "must be >= connect_timeout")
    need(1_000 <= s.max_page_bytes <= 100_000_000, "max_page_bytes", "must be 1000 to 100000000")
    need(0 <= s.max_redirects <= 5, "max_redirects", "must be 0 to 5")
    need(s.outlet_ttl >= 60, "outlet_ttl", "must be >= 60 seconds")
    need(2 <= s.outlet_max_fetches <= 20, "outlet_max_fetches", "must be 2 to 20")
    need(1 <= s.workers <= 64, "workers", "must be 1 to 64")
    need(1 <= s.threads <= 256, "threads", "must be 1 to 256")
    need(1 <= s.scoring_processes <= 64, "scoring_processes", "must be 1 to 64")
    for key in ("body_timeout", "score_budget"):
        need(0 < getattr(s, key) <= 120, key, "must be between 0 and 120 seconds")
    need(s.log_level in _LOG_LEVELS, "log_level", f"must be one of {', '.join(_LOG_LEVELS)}")
    need(":" in s.bind, "bind", "must be HOST:PORT")
    if s.redis_url:
        need(
            s.redis_url.startswith(("redis://", "rediss://", "unix://")),
            "redis_url",
            "must start with redis://, rediss:// or unix://",
        )
    for net in s.allowed_networks:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            problems.append(f"server.allowed_networks: {net!r} is not an address or network")
    if s.rate_limit:
        from limits import parse_many

        try:
            parse_many(s.rate_limit)
        except ValueError:
            problems.append(
                f"server.rate_limit: {s.rate_limit!r} is not a limit like '60/minute;1000/day'"
            )
    for key in s.api_keys:
        need(len(key) >= 16, "api_keys", "every key must be at least 16 characters")
    if s.admin_token is not None:
        need(len(s.admin_token) >= 16, "admin_token", "must be at least 16 characters")
        need(s.admin_token not in s.api_keys, "admin_token", "must not be one of the api_keys")
    if problems:
        raise SettingsError(problems)
    return s


def unknown(key: str, valid: list[str] | tuple[str, ...], kind: str = "key") -> str:
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown {kind} {key}{hint}"


def _parse(kind: str, raw: str) -> Any:
    """An environment variable's text as the key's type."""
    raw = raw.strip()
    if kind == "list":
        return [part.strip() for part in raw.split(",") if part.strip()]
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{raw!r} is not a boolean (use true or false)")
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a whole number") from None
    if kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    if kind == "optional_str":
        return raw or None
    return raw


def _coerce(key: str, value: Any) -> Any:
    """Check a TOML value's type (bool is not a number here) and normalise lists to tuples."""
    kind = _KINDS[key]
    if kind == "list":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        return tuple(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        return float(value)
    if kind == "optional_str" and value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


assert set(KEYS) == {f.name for f in fields(Settings)} - {"scoring", "config_path"}
