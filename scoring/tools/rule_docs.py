"""docs/rules.md, generated from the rule registry and the shipped defaults.

`provenance rules docs > docs/rules.md` writes it; a test fails when the file and the code
disagree, so the reference cannot drift from what the engine does.
"""

from __future__ import annotations

from scoring.config import load_config
from scoring.report import TRACEABILITY_NOTE
from scoring.rules import all_rules, threshold_purposes

COMMAND = "provenance rules docs > docs/rules.md"


def rules_markdown() -> str:
    config = load_config(env={})  # the shipped defaults, whatever the environment says
    rules = all_rules()
    notes = threshold_purposes()
    out = [
        "# Scoring rules",
        "",
        f"<!-- Generated from the rule registry and scoring/defaults.toml by `{COMMAND}`."
        " Do not edit by hand. -->",
        "",
        TRACEABILITY_NOTE,
        "",
        "Each rule checks the facts the engine extracted from a page and, when it fires, adds"
        " its weight to its group, with the evidence it found. Positive weights reward"
        " provenance shown; negative weights are red flags. A group's score is the sum of its"
        " hits, clamped to 0 and the group's maximum; the total is the sum of the groups."
        " Weights live in `scoring/defaults.toml`; an admin file can change any of them, and"
        " weight 0 turns a rule off (see [admin.md](admin.md)).",
        "",
        f"Shipped defaults: rules_version `{config.rules_version}`, {len(rules)} rules.",
        "",
        "| Group | Label | Max points |",
        "|---|---|---:|",
    ]
    out += [f"| `{g.id}` | {g.label} | {g.max:g} |" for g in config.groups.values()]
    for g in config.groups.values():
        out += [
            "",
            f"## {g.label} (`{g.id}`, max {g.max:g})",
            "",
            "| Rule | Weight | Description | Example that triggers it |",
            "|---|---:|---|---|",
        ]
        for r in rules.values():
            if r.group != g.id:
                continue
            weight = config.weights[r.id]
            shown = "0 (off)" if weight == 0 else f"{weight:+g}"
            out.append(f"| `{r.id}` | {shown} | {_cell(r.description)} | {_cell(r.example)} |")
    out += [
        "",
        "## Thresholds",
        "",
        "| Threshold | Default | Used for |",
        "|---|---:|---|",
    ]
    out += [f"| `{k}` | {v:g} | {_cell(notes.get(k, ''))} |" for k, v in config.thresholds.items()]
    out += [
        "",
        "## Rating bands",
        "",
        "A page gets the highest band whose minimum its score reaches.",
        "",
        "| Band | Label | Minimum score |",
        "|---|---|---:|",
    ]
    out += [f"| `{b.id}` | {b.label} | {b.min:g} |" for b in config.bands]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Table-safe Markdown: no raw HTML, no column breaks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
