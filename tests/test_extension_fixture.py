"""The extension's test report is the engine's real output: regenerated here, it must match."""

from __future__ import annotations

from pathlib import Path

from scoring.tools.extension_fixture import fixture_js

TESTS = Path(__file__).resolve().parents[1] / "extension" / "test"
COMMAND = (
    "python -m scoring.tools.extension_fixture extension/test/article.html "
    "extension/test/fixtures.js"
)


def test_the_extension_fixture_is_what_the_engine_says() -> None:
    page = (TESTS / "article.html").read_text(encoding="utf-8")
    on_disk = (TESTS / "fixtures.js").read_text(encoding="utf-8")
    assert on_disk == fixture_js(page), f"extension/test/fixtures.js is stale: run {COMMAND}"


def test_the_fixture_report_has_findings_in_every_group() -> None:
    """The extension tests need a report with something to show in each group."""
    text = fixture_js((TESTS / "article.html").read_text(encoding="utf-8"))
    for rule in ("AUTHOR_NAMED", "OUTLET_CONTACT_PAGE", "NAMED_SOURCES_UNLINKED"):
        assert f'"rule": "{rule}"' in text
