"""A rule's precondition (`applies`) is false only where the rule itself returns None, so
score_facts may skip it there; and the report is the same as running every rule."""

from __future__ import annotations

import random
from collections.abc import Iterator

from scoring.engine import default_config, score_facts, score_html
from scoring.facts import (
    CheckedPage,
    CitationCheck,
    Facts,
    ImageCredentials,
    LeadImage,
    OutletProfile,
)
from scoring.report import Finding
from scoring.rules import all_rules

PAGE = """<html><head><meta property="og:site_name" content="The Gazette">
<meta property="og:image" content="https://g.example/i.jpg"></head><body><article>
<h1>Bridge opens</h1><p>By Maria Lopez</p><p>Words about the bridge, <a
href="https://ons.example.gov/f">figures</a> and <a href="https://b.example/x">more</a>.</p>
</article><a href="/about">About us</a><a href="/corrections">Corrections</a></body></html>"""


def every_rule(facts: Facts) -> list[tuple[str, int]]:
    config = default_config()
    out = []
    for r in all_rules().values():
        weight = config.weights.get(r.id, 0)
        if weight and r.evaluate(facts, config.thresholds) is not None:
            out.append((r.id, weight))
    return out


def variants(rnd: random.Random) -> Iterator[Facts]:
    for n in range(60):
        report = score_html(PAGE, f"https://g{n}.example/news/bridge")
        facts = report.facts
        facts.is_article = True  # scored whatever its length
        states = ["ready", "pending", "failed"]
        for c in facts.citations:
            if rnd.random() < 0.5:
                c.check = CitationCheck(rnd.choice(states), rnd.choice(["ok", "missing", None]))
        if rnd.random() < 0.5:
            facts.lead_image = facts.lead_image or LeadImage("https://g.example/i.jpg", "body")
            facts.lead_image.credentials = ImageCredentials(
                rnd.choice(states), rnd.random() < 0.5, rnd.choice(["valid", "invalid", None])
            )
        if rnd.random() < 0.5:
            page = CheckedPage("corrections", "https://g.example/c", rnd.choice(["ok", "missing"]))
            page.corrections = ["2026-01-01"] * rnd.randint(0, 5)
            facts.outlet_profile = OutletProfile(
                "g.example",
                "https://g.example/",
                "2026",
                rnd.choice(states),
                pages={"corrections": page},
            )
        yield facts


def test_a_false_precondition_means_no_hit() -> None:
    rnd = random.Random(3)
    config = default_config()
    seen = set()
    for facts in variants(rnd):
        for r in all_rules().values():
            if r.applies is not None and not r.applies(facts):
                seen.add(r.id)
                assert r.evaluate(facts, config.thresholds) is None, r.id
    assert len(seen) == 13


def test_skipping_changes_no_finding() -> None:
    rnd = random.Random(5)
    fired = set()
    for facts in variants(rnd):
        findings: list[Finding] = score_facts(facts, default_config()).findings
        assert [(f.rule, f.points) for f in findings] == every_rule(facts)
        fired |= {f.rule for f in findings}
    assert {"CITATIONS_RESOLVE", "CITATION_DEAD", "OUTLET_CORRECTIONS_VERIFIED"} <= fired
