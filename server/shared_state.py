"""State the workers of one machine share when no Redis is configured: one SQLite file.

`provenance serve` runs several gunicorn workers. Without Redis each keeps its own report
cache and limits (that is enough), but two things must be the same in every worker: which
outlets have been checked (a poll of /v1/outlets/{domain} may land on any worker, and only one
worker may run a given check) and the saved reports behind `report_url`. Both live here, in a
SQLite database in WAL mode (readers never wait for the writer), with an expiry time per entry
that every read honours.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from server.outlets import PENDING_TTL, Profile

STATE_FILE = "state.sqlite3"
MAX_ENTRIES = 20_000  # per namespace; the entries closest to expiry go first beyond it
BUSY_TIMEOUT = 5.0  # seconds a writer waits for another worker's write to finish
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (namespace, expires);
"""


class SharedState:
    """Key -> JSON value with an expiry time, per namespace, shared by every process that
    opens the same file. Each thread of each process has its own connection."""

    def __init__(self, directory: str | Path, max_entries: int = MAX_ENTRIES):
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.path = str(Path(directory) / STATE_FILE)
        self.max_entries = max_entries
        self._local = threading.local()
        db = self._db()
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        # A connection must not cross a fork: key it by process as well as by thread.
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; only the OS crash window
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def get(self, namespace: str, key: str) -> Any | None:
        row = (
            self._db()
            .execute(
                "SELECT value FROM entries WHERE namespace = ? AND key = ? AND expires > ?",
                (namespace, key, time.time()),
            )
            .fetchone()
        )
        return json.loads(row[0]) if row else None

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        """The live values of those keys that have one, in one query."""
        return {key: json.loads(value) for key, value in self._rows(namespace, keys, "value")}

    def live(self, namespace: str, keys: list[str]) -> set[str]:
        """Those of the keys that have a live value (not read), in one query."""
        return {key for key, _ in self._rows(namespace, keys, "1")}

    def _rows(self, namespace: str, keys: list[str], column: str) -> list[tuple[str, Any]]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return list(
            self._db()
            .execute(
                f"SELECT key, {column} FROM entries WHERE namespace = ? AND key IN ({marks}) "
                "AND expires > ?",
                (namespace, *keys, time.time()),
            )
            .fetchall()
        )

    def exists(self, namespace: str, key: str) -> bool:
        return self.get(namespace, key) is not None

    def set(self, namespace: str, key: str, value: Any, ttl: float) -> None:
        if ttl <= 0:
            return
        now = time.time()
        data = json.dumps(value, separators=(",", ":"))
        db = self._db()
        with _transaction(db):
            db.execute(
                "INSERT OR REPLACE INTO entries (namespace, key, value, expires) "
                "VALUES (?, ?, ?, ?)",
                (namespace, key, data, now + ttl),
            )
            self._prune(db, namespace, now)

    def add(self, namespace: str, key: str, ttl: float, unless: str | None = None) -> bool:
        """Set `key` only if it is absent or expired, and `key` is not live in the namespace
        `unless` either: True for exactly one caller of all the processes that race for it."""
        return bool(self.add_many(namespace, [key], ttl, unless))

    def add_many(
        self, namespace: str, keys: list[str], ttl: float, unless: str | None = None
    ) -> list[str]:
        """`add` for several keys in one transaction: the keys this caller won."""
        now = time.time()
        db = self._db()
        won = []
        with _transaction(db):
            for key in keys:
                if unless is not None and self._live(db, unless, key, now):
                    continue
                cur = db.execute(
                    "INSERT INTO entries (namespace, key, value, expires) VALUES (?, ?, '1', ?) "
                    "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, "
                    "expires = excluded.expires WHERE entries.expires <= ?",
                    (namespace, key, now + ttl, now),
                )
                if cur.rowcount == 1:
                    won.append(key)
        return won

    @staticmethod
    def _live(db: sqlite3.Connection, namespace: str, key: str, now: float) -> bool:
        return bool(
            db.execute(
                "SELECT 1 FROM entries WHERE namespace = ? AND key = ? AND expires > ?",
                (namespace, key, now),
            ).fetchone()
        )

    def delete(self, namespace: str, key: str) -> None:
        self._db().execute("DELETE FROM entries WHERE namespace = ? AND key = ?", (namespace, key))

    def _prune(self, db: sqlite3.Connection, namespace: str, now: float) -> None:
        db.execute("DELETE FROM entries WHERE namespace = ? AND expires <= ?", (namespace, now))
        db.execute(
            "DELETE FROM entries WHERE namespace = ? AND key IN (SELECT key FROM entries "
            "WHERE namespace = ? ORDER BY expires DESC LIMIT -1 OFFSET ?)",
            (namespace, namespace, self.max_entries),
        )


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT: the write lock is taken up front, so two workers never both
    read an old value and then both write."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


class SharedCache:
    """A ReportCache (server.cache) in the shared file."""

    def __init__(self, state: SharedState, namespace: str):
        self.state, self.namespace = state, namespace

    def get(self, key: str) -> dict[str, Any] | None:
        value = self.state.get(self.namespace, key)
        return value if isinstance(value, dict) else None

    def set(self, key: str, report: dict[str, Any], ttl: int) -> None:
        self.state.set(self.namespace, key, report, ttl)


class SharedProfileStore:
    """A ProfileStore (server.outlets) in the shared file: every worker sees every profile and
    every pending check, and only the worker whose claim wins runs a check. `kind` keeps the
    results of each kind of check (outlet, citation) apart."""

    def __init__(self, state: SharedState, kind: str = "outlet"):
        self.state = state
        self.results, self.claims = kind, f"{kind}-pending"

    def get(self, key: str) -> Profile | None:
        value = self.state.get(self.results, key)
        return value if isinstance(value, dict) else None

    def get_many(self, keys: list[str]) -> dict[str, Profile]:
        found = self.state.get_many(self.results, keys)
        return {k: v for k, v in found.items() if isinstance(v, dict)}

    def progress(self, keys: list[str]) -> tuple[int, list[str]]:
        done = self.state.live(self.results, keys)
        queued = self.state.live(self.claims, keys)
        return len(done), [k for k in keys if k not in done and k not in queued]

    def claim_many(self, keys: list[str]) -> list[str]:
        return self.state.add_many(self.claims, keys, PENDING_TTL, unless=self.results)

    def put(self, key: str, profile: Profile, ttl: int) -> None:
        self.state.set(self.results, key, profile, ttl)
        self.release(key)

    def claim(self, key: str) -> bool:
        # Not once the profile is in: a worker that scored the page before the check finished
        # must not start a second one now that the first has released its claim.
        return self.state.add(self.claims, key, PENDING_TTL, unless=self.results)

    def release(self, key: str) -> None:
        self.state.delete(self.claims, key)

    def pending(self, key: str) -> bool:
        return self.state.exists(self.claims, key)
