"""Optional API keys and the rate-limit key (per API key, else per client address)."""

from __future__ import annotations

import hashlib
import hmac

from flask import Request, current_app, g, request

from server.problems import Problem


def presented_key(req: Request) -> str | None:
    auth = req.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return req.headers.get("X-API-Key") or None


def key_id(key: str) -> str:
    """A short, stable, non-reversible name for a key: safe for logs and limit counters."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def valid_key() -> str | None:
    """The request's API key if it is one of the configured keys."""
    keys: tuple[str, ...] = current_app.config["PROVENANCE_SETTINGS"].api_keys
    given = presented_key(request)
    if given is None:
        return None
    # compare_digest against every key, so timing does not reveal which prefix matched.
    matches = [hmac.compare_digest(given.encode(), k.encode()) for k in keys]
    return given if any(matches) else None


def require_key() -> None:
    """before_request of guarded blueprints: with keys configured, one of them is required."""
    if not current_app.config["PROVENANCE_SETTINGS"].api_keys:
        return
    key = valid_key()
    if key is None:
        raise Problem(
            "unauthorized",
            "send an API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
        )
    g.key_id = key_id(key)


def limit_key() -> str:
    """Limits count per API key when a valid one is sent, else per client address.

    The limiter runs before require_key, so the key is checked here too.
    """
    key = valid_key()
    return f"key:{key_id(key)}" if key else f"addr:{request.remote_addr or 'unknown'}"
