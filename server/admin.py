"""/v1/admin: operations for the people who run the server, behind their own token.

Not behind the API keys: the admin token is a separate secret (`admin_token`), so the key the
extension carries can never reload the rules. Without a token configured the endpoints do not
exist (404), which is also what a scan of the server sees.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request

from scoring import ConfigError
from scoring.schema import to_json
from server.problems import Problem
from server.reload import Reloader

bp = Blueprint("admin", __name__, url_prefix="/v1/admin")


@bp.before_request
def require_admin_token() -> None:
    token: str | None = current_app.config["PROVENANCE_SETTINGS"].admin_token
    if not token:
        raise Problem(
            "not_found",
            "the admin endpoints are off: set admin_token to use them (SIGHUP reloads too)",
        )
    auth = request.headers.get("Authorization", "")
    given = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Problem(
            "unauthorized",
            "the admin token is missing or wrong: send the server's admin_token as "
            "'Authorization: Bearer TOKEN' (an API key is not an admin token)",
            title="Missing or wrong admin token",
        )


@bp.post("/reload")
def reload() -> Response:
    """Read the admin file again and put its rules in force, or refuse it and say why."""
    reloader: Reloader = current_app.extensions["provenance.reloader"]
    try:
        outcome = reloader.reload("http")
    except ConfigError as e:
        in_force = reloader.service.config.rules_version
        count = len(e.problems)
        raise Problem(
            "invalid_config",
            f"{count} problem{'s' if count != 1 else ''} in the config; nothing was changed and "
            f"rules_version {in_force} stays in force",
            extra={
                "rules_version": in_force,
                "problems": [to_json(p) for p in e.problems],
            },
        ) from e
    if reloader.fan_out is not None:
        reloader.fan_out()
    return jsonify(outcome.to_dict())
