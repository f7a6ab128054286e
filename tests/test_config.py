"""Config: defaults, the admin's file on top, strict validation with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import ConfigError, load_config, score_html
from scoring.rules import all_rules

ARTICLE = (
    "<html><head><meta property='og:type' content='article'>"
    "<meta property='og:site_name' content='Example News'></head><body><article>"
    "<p class='byline'>By Ana Lima</p>"
    + "<p>The council voted on the budget today.</p>" * 30
    + "</article></body></html>"
)
URL = "https://news.example.com/2024/05/01/budget"


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as e:
        load_config(text=text)
    return [str(p) for p in e.value.problems]


def test_defaults_weigh_every_rule_and_caps_add_up_to_100() -> None:
    config = load_config()
    assert set(config.weights) == set(all_rules())
    assert sum(g.max for g in config.groups.values()) == 100
    assert [b.id for b in config.bands] == ["strong", "adequate", "weak", "very_weak"]
    assert config.band_for(34).id == "very_weak" and config.band_for(35).id == "weak"


def test_unknown_rule_names_the_key_its_line_and_the_closest_rule() -> None:
    (problem,) = problems_of("[rules]\nOUTLET_NAMED = 3\nAUTHOR_PROFILE_LINK = 5\n")
    assert "AUTHOR_PROFILE_LINK" in problem
    assert "did you mean AUTHOR_PROFILE_LINKED?" in problem
    assert ":3:" in problem


def test_unknown_table_and_threshold_are_errors() -> None:
    found = problems_of("[rule]\nX = 1\n[thresholds]\nseveral_source_domain = 2\n")
    assert any("unknown table rule" in p and "did you mean rules?" in p for p in found)
    assert any("did you mean several_source_domains?" in p for p in found)


def test_every_problem_is_reported_at_once() -> None:
    found = problems_of(
        "[groups.outlet]\nmax = 50\n[rules]\nAUTHOR_NAMED = 'ten'\nDATE_PUBLISHED = 500\n"
    )
    text = "\n".join(found)
    assert "add up to 115" in text
    assert "AUTHOR_NAMED: must be a whole number" in text
    assert "DATE_PUBLISHED: must be between -100 and 100" in text


def test_bands_must_start_at_zero_and_be_distinct() -> None:
    found = problems_of("[[bands]]\nid = 'ok'\nlabel = 'OK'\nmin = 10\n")
    assert any("lowest band must start at min = 0" in p for p in found)
    found = problems_of(
        "[[bands]]\nid='a'\nlabel='A'\nmin=0\n[[bands]]\nid='b'\nlabel='B'\nmin=0\n"
    )
    assert any("same min" in p for p in found)


def test_invalid_toml_and_missing_file() -> None:
    assert "not valid TOML" in problems_of("[rules\n")[0]
    with pytest.raises(ConfigError, match="cannot read file"):
        load_config(Path("/nonexistent/provenance.toml"))


def test_a_weight_change_changes_the_score_and_the_rules_version() -> None:
    base = load_config()
    tuned = load_config(text="[rules]\nAUTHOR_NAMED = 20\n")
    assert tuned.rules_version != base.rules_version
    assert load_config(text="[rules]\nAUTHOR_NAMED = 12\n").rules_version == base.rules_version
    a = score_html(ARTICLE, URL, base)
    b = score_html(ARTICLE, URL, tuned)
    assert a.rules_version == base.rules_version and b.rules_version == tuned.rules_version
    named = {f.rule: f.points for f in b.findings}
    assert named["AUTHOR_NAMED"] == 20


def test_weight_zero_disables_a_rule() -> None:
    report = score_html(ARTICLE, URL, load_config(text="[rules]\nAUTHOR_NAMED = 0\n"))
    assert "AUTHOR_NAMED" not in {f.rule for f in report.findings}


def test_group_cap_clamps_the_group_score() -> None:
    config = load_config(text="[groups.authorship]\nmax = 5\n[groups.sourcing]\nmax = 60\n")
    report = score_html(ARTICLE, URL, config)
    authorship = next(g for g in report.groups if g.id == "authorship")
    assert authorship.score == 5 and authorship.max == 5


def test_server_table_passes_through_for_the_backend_to_validate() -> None:
    config = load_config(text="[server]\nanything = 1\n")
    assert config.server == {"anything": 1}


def test_a_later_source_wins_key_by_key_and_bands_are_replaced_whole() -> None:
    config = load_config(
        text="[groups.outlet]\nlabel = 'Site'\n[[bands]]\nid = 'any'\nlabel = 'Any'\nmin = 0\n"
    )
    assert config.groups["outlet"].label == "Site" and config.groups["outlet"].max == 35
    assert [b.id for b in config.bands] == ["any"]


def test_numbers_keep_their_kind_and_true_is_not_a_number() -> None:
    base = load_config()
    assert load_config(text="[rules]\nAUTHOR_NAMED = 12.0\n").rules_version == base.rules_version
    assert isinstance(
        load_config(text="[rules]\nAUTHOR_NAMED = 12.0\n").weights["AUTHOR_NAMED"], int
    )
    assert all(isinstance(v, float) for v in base.thresholds.values())
    found = problems_of("[rules]\nAUTHOR_NAMED = true\n[thresholds]\nmin_named_speakers = true\n")
    assert found == [
        "config:2: rules.AUTHOR_NAMED: must be a whole number",
        "config:4: thresholds.min_named_speakers: must be a number >= 0",
    ]


def test_a_wrong_table_or_entry_says_what_it_must_be() -> None:
    found = problems_of("rules = 5\nbands = []\n[groups]\noutlet = 5\n")
    assert found == [
        "config:1: rules: must be a table",
        "config:2: bands: must be a non-empty array of tables",
        "config:4: groups.outlet: must be a table with label and max",
    ]


def test_every_wrong_key_of_a_band_is_reported_and_unknown_keys_get_a_suggestion() -> None:
    found = problems_of(
        "bands = [{id = 'x', label = 'X', min = 0}, {id = 3, min = 'a', lable = 'Y'}]\n"
        "[groups.outlet]\nmaxx = 35\n"
    )
    assert found == [
        "config:1: bands[1].id: must be a lower_snake id",
        "config:1: bands[1].label: must be a non-empty string",
        "config:1: bands[1].min: must be a number from 0 to 100",
        "config:1: bands[1].lable: unknown key lable: did you mean label?",
        "config:3: groups.outlet.maxx: unknown key maxx: did you mean max?",
    ]
