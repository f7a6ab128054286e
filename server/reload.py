"""Live reload of the scoring rules (SIGHUP or POST /v1/admin/reload), without a restart.

A reload reads the admin file again with `load_config`, the same validation as `provenance
rules check`, checks its [server] table as `provenance serve` would, and only then puts the new
Config in force with one assignment. A request takes the Config once when it starts and keeps
it to the end, so a reload never changes the rules under a request in flight. An invalid file
changes nothing: every problem is logged (and returned to an HTTP caller), and the rules in
force stay. [server] settings are read once at start; a changed one applies at the next restart.
"""

from __future__ import annotations

import logging
import os
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring import Config, ConfigError, load_config
from scoring.config import resolve_config_path
from scoring.config_problems import ConfigProblem, key_lines, line_in
from server.settings import Settings, from_table, problems_of, table_problems

if TYPE_CHECKING:  # the gunicorn master imports this module, and needs nothing of the service
    from server.service import ScoreService

log = logging.getLogger("provenance.server")


def read_config(path: str | None) -> Config:
    """The admin file (None: PROVENANCE_CONFIG, else the defaults), validated; or ConfigError
    listing every problem, in the scoring tables, the data files and the [server] table."""
    path = resolve_config_path(path)
    try:
        config = load_config(path)
    except ConfigError as e:
        problems = e.problems + server_table_problems(_server_table(path), path)
        raise ConfigError(problems) from None
    problems = server_table_problems(config.server, path)
    if problems:
        raise ConfigError(problems)
    return config


def _server_table(path: str | None) -> dict[str, Any]:
    """The [server] table of a file load_config refused, if it can be read at all."""
    try:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("server") if path else {}
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def server_table_problems(table: dict[str, Any], path: str | None) -> list[ConfigProblem]:
    """What would stop `provenance serve` from starting with this [server] table."""
    found = table_problems(table)
    if not found:  # what the file sets, over values known to be valid, taken together
        found = problems_of(Settings(**({"rate_limit": ""} | from_table(table))))
    if not found:
        return []
    lines = key_lines(Path(path).read_text(encoding="utf-8")) if path else {}
    return [ConfigProblem(p, message, line_in(lines, p), path) for p, message in found]


@dataclass(frozen=True)
class Outcome:
    previous: str
    rules_version: str
    # [server] keys whose value the file changed: they apply only at the next restart.
    restart_needed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": "reloaded" if self.previous != self.rules_version else "unchanged",
            "rules_version": self.rules_version,
            "previous_rules_version": self.previous,
            "restart_needed": list(self.restart_needed),
        }


class Reloader:
    """Swaps a new Config into the ScoreService; one reload at a time."""

    def __init__(self, service: ScoreService, path: str | None):
        self.service = service
        self.path = path
        self._lock = threading.Lock()
        # Under gunicorn: tells the master, which reloads every other worker of the instance.
        self.fan_out: Callable[[], None] | None = None

    def reload(self, trigger: str) -> Outcome:
        """Raises ConfigError, listing every problem, and leaves the rules in force alone."""
        with self._lock:
            current = self.service.config
            try:
                new = read_config(self.path)
            except ConfigError as e:
                log.error(
                    "reload refused: the config is invalid; the rules in force stay",
                    extra={
                        "trigger": trigger,
                        "outcome": "refused",
                        "rules_version": current.rules_version,
                        "problems": [str(p) for p in e.problems],
                        "pid": os.getpid(),
                    },
                )
                raise
            self.service.config = new  # the one assignment: requests see old or new, never a mix
        outcome = Outcome(
            current.rules_version, new.rules_version, _changed(current.server, new.server)
        )
        status = outcome.to_dict()["status"]
        log.info(
            f"rules {status}",
            extra={
                "trigger": trigger,
                "outcome": status,
                "rules_version": new.rules_version,
                "previous_rules_version": current.rules_version,
                "restart_needed": list(outcome.restart_needed),
                "pid": os.getpid(),
            },
        )
        return outcome


def _changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))


def reload_on(event: threading.Event, reloader: Reloader) -> None:
    """A worker's reload thread: the SIGHUP handler only sets `event`, this does the work."""
    while True:
        event.wait()
        event.clear()
        try:
            reloader.reload("sighup")
        except ConfigError:
            pass  # logged; the rules in force stay
        except Exception:  # a bug here must not end reloading for the life of the worker
            log.exception("reload crashed; the rules in force stay")
