"""The layout shows the architecture: the engine loads no backend and no tooling."""

from __future__ import annotations

import json
import subprocess
import sys

BACKEND = {"flask", "redis", "rq", "gunicorn", "werkzeug", "prometheus_client"}


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_the_engine_loads_neither_the_backend_nor_the_tools() -> None:
    loaded = modules_after(
        "import scoring, scoring.engine, scoring.outlet_profile, scoring.schema\n"
        "scoring.score_html('<p>x</p>', 'https://example.com/a').to_dict()"
    )
    assert not BACKEND & loaded
    assert not {m for m in loaded if m == "server" or m.startswith(("server.", "scoring.tools"))}


def test_scoring_a_file_from_the_cli_loads_no_backend() -> None:
    loaded = modules_after(
        "from server.cli import build_parser\nbuild_parser()\n"
        "import scoring\n"
        "scoring.score_html('<p>x</p>', 'https://example.com/a')"
    )
    assert not {"flask", "redis", "rq"} & loaded
