"""`make test` runs every suite even when one fails, and sums them up in its last line;
`make serve CONFIG=file.toml` passes the file on. Fake suites stand in for the real ones."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAKE_SUITES = """
good:
\t@echo ran-good
bad:
\t@exit 3
last:
\t@echo ran-last
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run_suites(tmp_path: Path, suites: str) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "fake.mk"
    fake.write_text(FAKE_SUITES)
    return subprocess.run(
        ["make", "--no-print-directory", "-f", "Makefile", "-f", str(fake), "run-suites"]
        + [f"SUITES={suites}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_failing_suite_does_not_stop_the_others_and_the_summary_says_which(
    tmp_path: Path,
) -> None:
    done = run_suites(tmp_path, "good bad last")
    assert done.returncode != 0
    lines = done.stdout.strip().splitlines()
    assert "ran-last" in lines  # the suite after the failing one ran
    assert lines[-1] == "make test: FAILED (good: ok, bad: FAILED, last: ok)"


def test_all_suites_passing(tmp_path: Path) -> None:
    done = run_suites(tmp_path, "good last")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "make test: all passed (good: ok, last: ok)"


def test_every_suite_is_in_make_test() -> None:
    listed = subprocess.run(
        ["make", "--no-print-directory", "-pn", "run-suites"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    suites = next(line for line in listed.splitlines() if line.startswith("SUITES :="))
    assert suites.split(":=")[1].split()[:4] == ["lint", "typecheck", "pytest", "node-test"]


def test_serve_takes_a_config_file() -> None:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed"]
        + ["serve", "CONFIG=my-rules.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.stdout.strip().splitlines()[-1].endswith("provenance serve --config my-rules.toml")
