"""The process that page readers are forked from builds what the engine builds on first use,
so a new reader's first page costs what every other page costs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scoring.config import CONFIG_ENV
from scoring.document import Document
from scoring.extract import extract_facts
from scoring.warm import _PAGE, _URL, warm
from server.sandbox import PRELOAD

_BUILT = "from scoring.data import OUTLETS\nprint(OUTLETS.name_search_built)"


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env=None if env is None else os.environ | env,
    )
    return done.stdout.strip()


def test_the_readers_preload_builds_the_outlet_name_search() -> None:
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    assert _run(code + _BUILT, *PRELOAD) == "True"
    # and the date fallback's library, which the engine imports on first use
    assert _run(code + "print('htmldate' in sys.modules)", *PRELOAD) == "True"


def test_the_warm_up_reads_no_config(tmp_path: Path) -> None:
    # An admin's broken config must not take the readers down: they never score.
    broken = tmp_path / "admin.toml"
    broken.write_text("[rules]\nAUTHOR_NAMD = 19\n", encoding="utf-8")
    code = "import scoring.warm\n" + _BUILT
    assert _run(code, env={CONFIG_ENV: str(broken)}) == "True"


def test_importing_the_engine_builds_nothing_ahead() -> None:
    # A command that reads no page pays nothing for the warm-up.
    assert _run("import scoring.engine\nimport server.app\n" + _BUILT) == "False"


def test_the_warm_up_page_goes_through_every_extractor() -> None:
    assert warm()
    facts = extract_facts(Document.parse(_PAGE, _URL))
    assert [a.name for a in facts.authors] == ["Jane Doe"]
    assert facts.dates.published == "2024-01-02"
    assert [c.url for c in facts.citations] == ["https://www.example.com/report"]
    assert [s.name for s in facts.named_sources] == ["Reuters"]
    assert facts.lead_image is not None and facts.lead_image.in_page
