"""docs/rules.md is generated from the rule registry; docs/admin.md and its examples hold up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring import load_config
from scoring.rules import all_rules
from scoring.tools.rule_docs import COMMAND, rules_markdown
from server.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.toml"))


def test_rules_md_is_what_the_registry_generates() -> None:
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        f"docs/rules.md disagrees with the code: run `{COMMAND}`"
    )


def test_the_cli_prints_the_generated_reference(capsys) -> None:
    assert main(["rules", "docs"]) == 0
    assert capsys.readouterr().out == rules_markdown()


def test_the_reference_ignores_the_admin_config(tmp_path: Path, monkeypatch) -> None:
    admin = tmp_path / "admin.toml"
    admin.write_text("[rules]\nAUTHOR_NAMED = 20\n")
    monkeypatch.setenv("PROVENANCE_CONFIG", str(admin))
    assert rules_markdown() == (DOCS / "rules.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_has_a_row_with_group_weight_description_and_example(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    assert rule.example, f"{rule_id}: add example=... to its @rule declaration"
    weight = load_config(env={}).weights[rule_id]
    text = rules_markdown()
    row = next(line for line in text.splitlines() if line.startswith(f"| `{rule_id}` |"))
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells[1] == ("0 (off)" if weight == 0 else f"{weight:+g}")
    assert cells[2] == rule.description.replace("<", "&lt;")
    assert cells[3].replace("\\|", "|").replace("&lt;", "<").replace("&amp;", "&") == rule.example
    # The row sits under its group's heading.
    heading = text.rfind("\n## ", 0, text.index(row))
    assert f"(`{rule.group}`" in text[heading : text.index("\n", heading + 1)]


def test_admin_guide_shows_a_real_diff_run_with_relative_paths() -> None:
    guide = (DOCS / "admin.md").read_text(encoding="utf-8")
    command = "provenance rules diff --config docs/examples/stricter-sourcing.toml ../shared/corpus"
    assert command in guide
    assert "pages: 583 read" in guide and "rule hits (scored pages), base -> new:" in guide
    for step in ("rules check", "rules diff", "/v1/admin/reload", "SIGHUP", "/v1/rules"):
        assert step in guide, step
    for doc in (guide, (DOCS / "rules.md").read_text(encoding="utf-8")):
        assert not re.search(r"(?<![\w.])/(?:home|work|tmp|Users|root)/", doc)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_config_passes_check(capsys, example: Path) -> None:
    assert main(["rules", "check", str(example)]) == 0, capsys.readouterr().out


def test_there_are_examples() -> None:
    assert {p.name for p in EXAMPLES} >= {"stricter-sourcing.toml", "newsroom-data.toml"}


def test_every_threshold_is_declared_by_the_rule_that_reads_it() -> None:
    from collections import Counter

    from scoring.rules import threshold_purposes

    declared = Counter(name for r in all_rules().values() for name in r.thresholds)
    assert [name for name, n in declared.items() if n > 1] == []
    assert set(declared) == set(load_config(env={}).thresholds)
    assert all(purpose.split(": ", 1)[1] for purpose in threshold_purposes().values())
