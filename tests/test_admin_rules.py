"""Hit and miss fixtures for the rules that read the admin's lists and ratings files.

They weigh 0 by default, so each case scores under an admin config that gives them a weight.
tests/test_rules.py counts these cases as the fixtures of these rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from admin_material import admin_dir, article

from scoring import load_config, score_html
from scoring.config import Config

WEIGHTS = """
OUTLET_TRUSTED = 5
OUTLET_ON_WATCH_LIST = -5
OUTLET_RATED_HIGH = 3
OUTLET_RATED_MIXED = -1
OUTLET_RATED_LOW = -4
"""

# RULE: (url that must trigger it, url that must not, text its evidence must show)
CASES: dict[str, tuple[str, str, str]] = {
    "OUTLET_TRUSTED": (
        "https://news.example.org/2026/bridge",
        "https://news.example.com/2026/bridge",
        "Our partner newsroom",
    ),
    "OUTLET_ON_WATCH_LIST": (
        "https://www.example.com/2026/bridge",
        "https://www.example.org/2026/bridge",
        "Published fabricated quotes",
    ),
    # example.org: Source A says high. example.co.uk: only mixed.
    "OUTLET_RATED_HIGH": (
        "https://example.org/bridge",
        "https://www.example.co.uk/bridge",
        "Source A rates example.org high",
    ),
    "OUTLET_RATED_MIXED": (
        "https://live.example.co.uk/bridge",
        "https://example.org/bridge",
        "Source B rates example.co.uk mixed",
    ),
    # example.com: Source A low, Source B high; the other source's view stays in the evidence.
    "OUTLET_RATED_LOW": (
        "https://www.example.com/bridge",
        "https://example.org/bridge",
        "Source B rates example.com high",
    ),
}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return load_config(admin_dir(tmp_path_factory.mktemp("admin"), WEIGHTS))


def fired(config: Config, url: str) -> dict[str, str]:
    report = score_html(article(byline="Maria Lopez"), url, config)
    assert report.not_scored is None
    return {
        f.rule: " | ".join([f.description, *(e.text for e in f.evidence)]) for f in report.findings
    }


@pytest.mark.parametrize("rule", sorted(CASES))
def test_hit(config: Config, rule: str) -> None:
    found = fired(config, CASES[rule][0])
    assert rule in found, sorted(found)
    assert CASES[rule][2] in found[rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_miss(config: Config, rule: str) -> None:
    assert rule not in fired(config, CASES[rule][1])


@pytest.mark.parametrize("rule", sorted(CASES))
def test_default_weight_is_zero(rule: str, tmp_path: Path) -> None:
    # With the data but without weights, the facts show and no point changes.
    config = load_config(admin_dir(tmp_path))
    assert config.weights[rule] == 0
    assert rule not in fired(config, CASES[rule][0])
