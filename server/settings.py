"""Backend settings: the `[server]` table of the admin's TOML file, then PROVENANCE_* variables,
then command-line flags (a later source wins).

The `Settings` dataclass is the one definition: each field's type and constraints are
declared on it, and pydantic validates every source against it. A new setting is one line
here. An unknown key is an error that names it and suggests the closest one. The scoring
config itself is not parsed here (the engine owns it); `load_settings` only takes its
`[server]` table.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from scoring.config import CONFIG_ENV, resolve_config_path
from scoring.config_problems import unknown

ENV_PREFIX = "PROVENANCE_"


class SettingsError(ValueError):
    """One or more invalid server settings; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid server settings:\n" + "\n".join(f"  {p}" for p in problems))


def _network(v: str) -> str:
    try:
        ipaddress.ip_network(v, strict=False)
    except ValueError:
        raise ValueError(f"{v!r} is not an address or network") from None
    return v


def _rate_limit(v: str) -> str:
    if v:
        from limits import parse_many

        try:
            parse_many(v)
        except ValueError:
            raise ValueError(f"{v!r} is not a limit like '60/minute;1000/day'") from None
    return v


Seconds = Annotated[float, Field(gt=0, le=120)]
Secret = Annotated[str, Field(min_length=16)]


@dataclass(frozen=True)
class Settings:
    # Shared state. None: in-process cache and limits (one machine, no Redis).
    redis_url: Annotated[str, Field(pattern="^(redis|rediss|unix)://")] | None = None
    cache_ttl: Annotated[int, Field(ge=0)] = 3600
    # Without Redis: a folder for the SQLite file the workers of one machine share (outlet
    # checks, saved reports). None: each process keeps its own (`provenance serve` sets one).
    state_dir: str | None = None
    # flask-limiter notation, e.g. "60/minute;1000/day"; "" turns rate limiting off.
    rate_limit: Annotated[str, AfterValidator(_rate_limit)] = "60/minute"
    # TOML arrays arrive as lists; the settings keep tuples (they are frozen).
    api_keys: Annotated[tuple[Secret, ...], Field(strict=False)] = ()
    # Bearer token for POST /v1/admin/reload; None turns that endpoint off (SIGHUP still works).
    admin_token: Secret | None = field(default=None, repr=False)
    # Number of reverse proxies in front of the server whose X-Forwarded-For is trusted.
    trusted_proxies: Annotated[int, Field(ge=0)] = 0
    # Fetching: see server.fetcher and server.addresses.
    allow_private_addresses: bool = False
    allowed_networks: Annotated[
        tuple[Annotated[str, AfterValidator(_network)], ...], Field(strict=False)
    ] = ()
    connect_timeout: Seconds = 5.0
    read_timeout: Seconds = 10.0
    fetch_timeout: Seconds = 15.0
    max_page_bytes: Annotated[int, Field(ge=1_000, le=100_000_000)] = 5_000_000
    max_redirects: Annotated[int, Field(ge=0, le=5)] = 5
    # Outlet checks: each outlet's own policy pages, fetched in the background (RQ workers with
    # Redis, a small in-process pool without) and kept this long.
    outlet_checks: bool = True
    outlet_ttl: Annotated[int, Field(ge=60)] = 7 * 24 * 3600
    outlet_max_fetches: Annotated[int, Field(ge=2, le=20)] = 8
    # The lead image's Content Credentials, read in the background like the outlet checks:
    # image types only, at most image_max_bytes, kept image_ttl. A signer is "trusted" only
    # when it chains to a certificate in the PEM bundle at image_trust_anchors (none: untrusted).
    image_checks: bool = True
    image_max_bytes: Annotated[int, Field(ge=1_000, le=100_000_000)] = 10_000_000
    image_ttl: Annotated[int, Field(ge=60)] = 7 * 24 * 3600
    image_trust_anchors: str | None = None
    # Citation checks: the article body's cited links, fetched in the background like the
    # outlet checks (at most citation_max_checks per article) and kept per URL citation_ttl
    # (a failure for an hour). One fetch at a time per host, citation_host_delay seconds apart.
    citation_checks: bool = True
    citation_max_checks: Annotated[int, Field(ge=1, le=50)] = 10
    citation_ttl: Annotated[int, Field(ge=60)] = 7 * 24 * 3600
    citation_host_delay: Annotated[float, Field(ge=0, le=60)] = 1.0
    # Where a site's operator can read about the fetches and ask: sent in every User-Agent.
    contact_url: Annotated[str, Field(pattern="^https?://[^\\s]+$", max_length=200)] | None = None
    # Serving.
    # HOST:PORT, or fd://N: a listening socket the server inherits already bound (a supervisor's
    # socket activation, or a test harness that let the system pick a free port).
    bind: Annotated[str, Field(pattern="(:[0-9]+|^fd://[0-9]+)$")] = "127.0.0.1:8000"
    workers: Annotated[int, Field(ge=1, le=64)] = 2
    # Threads per worker: each slow client or slow fetch holds one, so keep plenty.
    threads: Annotated[int, Field(ge=1, le=256)] = 32
    # Seconds a request body may take to arrive in full (408 after that).
    body_timeout: Seconds = 10.0
    # Reading one page runs in a child process, killed after score_budget seconds (422).
    score_budget: Seconds = 3.0
    scoring_processes: Annotated[int, Field(ge=1, le=64)] = 2
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Not settings: the scoring config (scoring.Config) at start, None meaning the shipped
    # defaults, and the admin file it came from, read again on every reload.
    scoring: Any = field(default=None, compare=False, repr=False)
    config_path: str | None = field(default=None, compare=False)


NOT_SETTINGS = ("scoring", "config_path")
KEYS = tuple(f.name for f in fields(Settings) if f.name not in NOT_SETTINGS)


def _values_adapter(strict: bool) -> TypeAdapter[Any]:
    """Any subset of the settings, typed as the dataclass declares them: what each source is
    validated against (TOML strictly, so true is not 1; environment text leniently)."""
    hints = get_type_hints(Settings, include_extras=True)
    values = TypedDict("values", {k: hints[k] for k in KEYS}, total=False)  # type: ignore[misc]
    values.__pydantic_config__ = ConfigDict(extra="forbid", strict=strict)  # type: ignore[attr-defined]
    return TypeAdapter(values)


_ADAPTERS = {True: _values_adapter(True), False: _values_adapter(False)}
# How pydantic's type errors (int_type, int_parsing, bool_type ...) read to an admin.
_MESSAGES = {"int": "a whole number", "float": "a number", "bool": "true or false"}
_MESSAGES |= {"string": "a string", "tuple": "a list of strings"}


def load_settings(
    config_path: str | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Defaults, then the admin file's [server] table, then PROVENANCE_*, then `overrides`."""
    from scoring import load_config  # the engine validates everything but [server]

    env = os.environ if env is None else env
    path = resolve_config_path(config_path, env)
    scoring = load_config(path, env={})
    values = from_table(scoring.server, source=path or "config")
    values.update(from_env(env))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return validate(Settings(scoring=scoring, config_path=path, **values))


def from_table(table: Mapping[str, Any], source: str = "config") -> dict[str, Any]:
    values, problems = _checked(dict(table), strict=True)
    if problems:
        raise SettingsError([f"{source}: server.{key}: {message}" for key, message in problems])
    return values


def table_problems(table: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(TOML path, message) for every key of a [server] table that is wrong."""
    return [(f"server.{key}", message) for key, message in _checked(dict(table), True)[1]]


def from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """PROVENANCE_* variables as settings: lists are comma-separated, "" means unset."""
    raw: dict[str, Any] = {}
    names: dict[str, str] = {}
    problems: list[str] = []
    for name, text in env.items():
        if not name.startswith(ENV_PREFIX) or name == CONFIG_ENV:
            continue
        key = name[len(ENV_PREFIX) :].lower()
        if key not in KEYS:
            valid = tuple(ENV_PREFIX + k.upper() for k in KEYS) + (CONFIG_ENV,)
            problems.append(f"environment: {unknown('variable', name, valid)}")
            continue
        names[key] = name
        raw[key] = _from_text(key, text.strip())
    values, found = _checked(raw, strict=False)
    problems += [f"environment: {names[key]}: {message}" for key, message in found]
    if problems:
        raise SettingsError(problems)
    return values


def validate(s: Settings) -> Settings:
    """The settings, checked as a whole; SettingsError lists every problem."""
    found = problems_of(s)
    if found:
        raise SettingsError([f"{path}: {message}" for path, message in found])
    return s


def problems_of(s: Settings) -> list[tuple[str, str]]:
    """(TOML path, message) for every problem with these settings, taken together."""
    _, found = _checked({k: getattr(s, k) for k in KEYS}, strict=False)
    out = [(f"server.{key}", message) for key, message in found]
    if s.fetch_timeout < s.connect_timeout:
        out.append(("server.fetch_timeout", "must be >= connect_timeout"))
    if s.admin_token is not None and s.admin_token in s.api_keys:
        out.append(("server.admin_token", "must not be one of the api_keys"))
    if s.image_trust_anchors and not os.path.isfile(s.image_trust_anchors):
        out.append(("server.image_trust_anchors", f"no PEM bundle at {s.image_trust_anchors}"))
    return out


def _checked(values: dict[str, Any], strict: bool) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The values as the settings keep them, and (key, message) for every one that is wrong."""
    try:
        checked = _ADAPTERS[strict].validate_python(values)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            if err["type"] == "extra_forbidden" or key in NOT_SETTINGS:
                problems.append((key, unknown("key", key, KEYS)))
            else:
                problems.append((key, _message(err)))
        return {}, problems
    return dict(checked), []


def _message(err: Any) -> str:
    """pydantic's message, worded like the rest: "must be ...", without its prefixes."""
    kind, _, detail = str(err["type"]).partition("_")
    if detail in ("type", "parsing", "from_float") and kind in _MESSAGES:
        return f"must be {_MESSAGES[kind]}"
    message = str(err["msg"]).removeprefix("Value error, ")
    return re.sub(r"^(?:Input|String|Value) should ", "must ", message)


def _from_text(key: str, text: str) -> Any:
    """An environment variable's text: a list for list settings, None for "" where None is
    the default."""
    default = next(f.default for f in fields(Settings) if f.name == key)
    if isinstance(default, tuple):
        return [part.strip() for part in text.split(",") if part.strip()]
    return None if default is None and not text else text
