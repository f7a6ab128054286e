"""The rule registry. A rule is a pure function of the Facts that returns a Hit or None.

Rules carry no weight: points, group caps and thresholds come from the config.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from scoring.facts import Facts
from scoring.report import Evidence

MAX_DESCRIPTION = 60
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


@dataclass(frozen=True)
class Hit:
    evidence: tuple[Evidence, ...] = ()
    description: str | None = None  # overrides the rule's description, e.g. with a count


RuleFn = Callable[[Facts, Mapping[str, float]], Hit | None]
# What a family of rules needs of the facts before any of them can hit (the outlet's pages
# checked, a cited link checked, ...): asked once per page for all of them.
Applies = Callable[[Facts], bool]


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    description: str
    fn: RuleFn
    example: str = ""
    # The thresholds it reads, each with what it is for; their values are config.
    thresholds: Mapping[str, str] = field(default_factory=dict)
    # None, or a precondition: where it is false the rule returns None, so it need not run.
    applies: Applies | None = None

    def evaluate(self, facts: Facts, thresholds: Mapping[str, float]) -> Hit | None:
        return self.fn(facts, thresholds)


RULES: dict[str, Rule] = {}


def rule(
    group: str,
    id: str,
    description: str,
    example: str = "",
    thresholds: Mapping[str, str] | None = None,
    applies: Applies | None = None,
) -> Callable[[RuleFn], RuleFn]:
    """Declare a rule once: its id, its group, what it observed (60 characters or fewer) and
    the thresholds it reads, each with a one-line purpose (values live in defaults.toml).
    `applies`, shared by a family of rules, is false only where the rule returns None."""
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} is not UPPER_SNAKE")
    if len(description) > MAX_DESCRIPTION:
        raise ValueError(f"{id}: description longer than {MAX_DESCRIPTION} characters")
    if id in RULES:
        raise ValueError(f"rule {id} declared twice")

    def register(fn: RuleFn) -> RuleFn:
        RULES[id] = Rule(id, group, description, fn, example, dict(thresholds or {}), applies)
        return fn

    return register


def hit(evidence: Iterable[Evidence] = (), description: str | None = None) -> Hit:
    if description is not None and len(description) > MAX_DESCRIPTION:
        description = description[: MAX_DESCRIPTION - 1] + "…"
    return Hit(tuple(evidence), description)


def threshold_purposes() -> dict[str, str]:
    """Each declared threshold: "RULE_ID: what it is for"."""
    return {
        name: f"{r.id}: {purpose}"
        for r in all_rules().values()
        for name, purpose in r.thresholds.items()
    }


def all_rules() -> dict[str, Rule]:
    # Importing the modules registers their rules.
    from scoring.rules import authorship, citations, image, outlet, sourcing  # noqa: F401

    return RULES
