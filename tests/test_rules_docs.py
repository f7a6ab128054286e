"""docs/rules.md is generated from the rule registry; docs/admin.md and its examples hold up."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from sample_corpus import write_corpus

from scoring import load_config
from scoring.rules import all_rules
from scoring.tools.rule_docs import COMMAND, rules_markdown
from server.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
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


def console_runs(guide: str) -> list[tuple[list[str], str]]:
    """(argv, shown output) of every `$ provenance rules ...` console block whose files are all
    in the repository; blocks about the reader's own files (my-rules.toml) are left out."""
    runs = []
    for block in re.findall(r"```console\n(.*?)```", guide, re.S):
        first, _, shown = block.partition("\n")
        if not first.startswith("$ provenance rules ") or first.endswith("\\") or "$ " in shown:
            continue  # not a rules command, or one run over several lines or several commands
        argv = shlex.split(first.removeprefix("$ "))
        paths = [a for a in argv[3:] if not a.startswith("-")]
        if all((ROOT / a).exists() for a in paths):
            runs.append((argv[1:], shown))
    return runs


def test_admin_guide_shows_real_runs_of_the_shipped_rules(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = (DOCS / "admin.md").read_text(encoding="utf-8")
    runs = console_runs(guide)
    commands = [" ".join(argv[:2]) for argv, _ in runs]
    assert "rules diff" in commands and "rules check" in commands
    monkeypatch.chdir(ROOT)  # the guide's paths are relative to the repository root
    monkeypatch.delenv("PROVENANCE_CONFIG", raising=False)
    for argv, shown in runs:
        main(argv)
        out = capsys.readouterr().out
        assert out == shown, (
            f"docs/admin.md shows an old run of `provenance {' '.join(argv)}`; "
            "paste what it prints now"
        )
    for step in ("rules check", "rules diff", "/v1/admin/reload", "SIGHUP", "/v1/rules"):
        assert step in guide, step
    for doc in (guide, (DOCS / "rules.md").read_text(encoding="utf-8")):
        assert not re.search(r"(?<![\w.])/(?:home|work|tmp|Users|root)/", doc)


def test_the_example_corpus_is_what_its_recipes_make(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    shipped = DOCS / "examples" / "corpus"
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file())
    for path in made:
        assert (tmp_path / path).read_bytes() == (shipped / path).read_bytes(), (
            f"{path}: run `python tests/sample_corpus.py docs/examples/corpus`"
        )


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
