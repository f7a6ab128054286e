"""Admin config: layering, `rules list` and `rules check`, and the admin's own data files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from admin_material import RATINGS, admin_dir, article, write

from scoring import ConfigError, load_config, score_html
from scoring.config_problems import key_lines, line_in
from scoring.document import Document
from scoring.engine import score_facts
from scoring.extract import extract_facts
from scoring.schema import to_json
from server.cli import main

URL = "https://news.example.com/2026/11/20/bridge"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as e:
        load_config(path)
    return [str(p) for p in e.value.problems]


# --- 1. layering ---------------------------------------------------------------------------


def test_provenance_config_names_the_admin_file(tmp_path: Path, monkeypatch) -> None:
    admin = write(tmp_path / "admin.toml", "[rules]\nAUTHOR_NAMED = 20\n")
    other = write(tmp_path / "other.toml", "[rules]\nAUTHOR_NAMED = 3\n")
    monkeypatch.setenv("PROVENANCE_CONFIG", str(admin))
    assert load_config().weights["AUTHOR_NAMED"] == 20
    assert load_config(other).weights["AUTHOR_NAMED"] == 3  # an explicit file wins
    assert load_config(env={}).weights["AUTHOR_NAMED"] == 12  # the shipped defaults alone
    monkeypatch.setenv("PROVENANCE_CONFIG", "")
    assert load_config().weights["AUTHOR_NAMED"] == 12


def test_cli_honours_provenance_config(capsys, tmp_path: Path, monkeypatch) -> None:
    admin = write(tmp_path / "admin.toml", "[rules]\nAUTHOR_NAMED = 20\n")
    monkeypatch.setenv("PROVENANCE_CONFIG", str(admin))
    _, out, _ = run(capsys, "rules", "list", "--json")
    assert {r["id"]: r["weight"] for r in json.loads(out)["rules"]}["AUTHOR_NAMED"] == 20
    page = write(tmp_path / "page.html", article(byline="Maria Lopez"))
    _, out, _ = run(capsys, "score", str(page), "--url", URL)
    assert "+20  AUTHOR_NAMED" in out


def test_rules_list_json_is_config_to_dict(capsys, tmp_path: Path) -> None:
    path = admin_dir(tmp_path, "OUTLET_RATED_LOW = -4")
    code, out, _ = run(capsys, "rules", "list", "--config", str(path), "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(load_config(path).to_dict()))


def test_rules_list_text_shows_what_to_dict_holds(capsys, tmp_path: Path) -> None:
    path = admin_dir(tmp_path, "OUTLET_RATED_LOW = -4")
    data = load_config(path).to_dict()
    code, out, _ = run(capsys, "rules", "list", "--config", str(path))
    assert code == 0
    lines = out.splitlines()
    assert f"rules_version {data['rules_version']}" in lines
    for r in data["rules"]:
        row = f"{r['weight']:>+6g}  {r['id']:<28} {r['group']:<11} {r['description']}"
        assert row in lines, row
    for g in data["groups"]:
        assert f"{g['id']:<12} {g['max']:>5g}  {g['label']}" in lines
    for key, value in data["thresholds"].items():
        assert f"{key:<28} {value:g}" in lines
    for b in data["bands"]:
        assert f"{b['id']:<12} {b['min']:>5g}  {b['label']}" in lines
    assert "outlet lists: trusted 1, watch 1, state_affiliated 1" in lines
    assert "ratings: Source A 2, Source B 2" in lines


def test_to_dict_describes_rules_and_data_without_paths(tmp_path: Path) -> None:
    data = load_config(admin_dir(tmp_path)).to_dict()
    assert {"rules_version", "groups", "rules", "thresholds", "bands", "data"} <= set(data)
    assert all(r["example"] for r in data["rules"])
    assert data["data"]["files"] == ["newsroom.toml", "sources.csv"]
    assert str(tmp_path) not in json.dumps(data)


# --- 2. rules check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ("[groups.outlet]\nlabel = 'O'\nmax = 40\n", "groups.outlet.max", 3),
        ("[groups]\noutlet.max = 40\n", "groups.outlet.max", 2),
        ("[groups]\noutlet = { max = 40 }\n", "groups.outlet.max", 2),
        ("rules.AUTHOR_NAMED = 3\n", "rules.AUTHOR_NAMED", 1),
        ("[rules]\n'AUTHOR_NAMED' = 3\n", "rules.AUTHOR_NAMED", 2),
        ("[[bands]]\nid = 'a'\n\n[[bands]]\nid = 'b'\nmin = 5\n", "bands[1].min", 6),
        ("[[bands]]\nid = 'a'\n", "bands", 1),
        ("bands = [{id = 'a'}, {id = 'b'}]\n", "bands[1].id", 1),
        ('[x]\ns = """\n[rules]\nA = 1\n"""\n[rules]\nA = 2\n', "rules.A", 7),
    ],
)
def test_key_lines_find_nested_keys(text: str, path: str, line: int) -> None:
    assert line_in(key_lines(text), path) == line


def test_check_reports_nested_keys_with_their_lines(capsys, tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.toml",
        "[groups.outlet]\nlabel = ''\nmax = 'forty'\n\n"
        "[[bands]]\nid = 'top'\nlabel = 'Top'\nmin = 0\n\n"
        "[[bands]]\nid = 'Low'\nlabel = 'Low'\nmin = 0\n",
    )
    code, out, _ = run(capsys, "rules", "check", str(bad))
    assert code == 1
    assert "bad.toml:2: groups.outlet.label: must be a non-empty string" in out
    assert "bad.toml:3: groups.outlet.max: must be a whole number >= 0" in out
    assert "bad.toml:11: bands[1].id: must be a lower_snake id" in out


def test_check_reports_caps_and_bands_that_do_not_add_up(tmp_path: Path) -> None:
    found = problems(
        write(
            tmp_path / "c.toml",
            "[groups.sourcing]\nmax = 20\n\n[rules]\nOUTLET_KNOWN = 200\n"
            "[[bands]]\nid = 'top'\nlabel = 'Top'\nmin = 90\n"
            "[[bands]]\nid = 'rest'\nlabel = 'Rest'\nmin = 0\n",
        )
    )
    text = "\n".join(found)
    assert "c.toml:1: groups: group caps add up to 85; they must add up to 100" in text
    assert "c.toml:5: rules.OUTLET_KNOWN: must be between -100 and 100" in text


def test_a_band_no_page_can_reach_is_an_error(tmp_path: Path) -> None:
    # Authorship's positive weights add up to 35 but its cap is 30; switch most of them off.
    text = "[rules]\n" + "".join(
        f"{r} = 0\n"
        for r in ("AUTHOR_NAMED", "AUTHOR_ORGANIZATION", "DATE_PUBLISHED", "LINKS_EXTERNAL_SOURCES")
    )
    text += "[[bands]]\nid = 'top'\nlabel = 'Top'\nmin = 95\n"
    text += "[[bands]]\nid = 'rest'\nlabel = 'Rest'\nmin = 0\n"
    (found,) = problems(write(tmp_path / "b.toml", text))
    assert "band top (min 95) cannot be reached" in found and ":6: bands:" in found
    assert load_config(write(tmp_path / "ok.toml", text.replace("95", "60"))).bands[0].min == 60


def test_check_reports_every_problem_in_the_config_and_its_data_files(
    capsys, tmp_path: Path
) -> None:
    write(
        tmp_path / "lists" / "bad.toml",
        """[[trusted]]
domain = "news.bbc.co.uk"
note = "x"

[[watchlist]]
domain = "example.com"

[[watch]]
domain = "co.uk"
note = ""
colour = "red"

[[state_affiliated]]
domain = "example.net"
note = "ministry"
type = "SCC"

[[watch]]
domain = "example.org"
note = "also trusted"

[[trusted]]
domain = "example.org"
note = "partner"
""",
    )
    write(
        tmp_path / "ratings" / "bad.csv",
        "domain,rating,source\n"
        "www.example.com,low,Source A\n"
        "example.com,great,Source A\n"
        "example.com,low,Source B\n"
        "example.com,high,source b\n"
        "example.com,low\n",
    )
    config = write(
        tmp_path / "admin.toml",
        '[outlets]\nlists = ["lists/bad.toml", "lists/missing.toml"]\n'
        '[ratings]\nfiles = ["ratings/bad.csv"]\ncolumns = 3\n[rules]\nOUTLET_RATED_LOWW = 1\n',
    )
    code, out, _ = run(capsys, "rules", "check", str(config))
    assert code == 1
    lists, csv = "lists/bad.toml", "ratings/bad.csv"
    expected = [
        "admin.toml:5: ratings.columns: unknown key columns",
        "admin.toml:7: rules.OUTLET_RATED_LOWW: unknown rule OUTLET_RATED_LOWW: did you mean "
        "OUTLET_RATED_LOW?",
        f"{lists}:2: trusted[0].domain: news.bbc.co.uk is a subdomain: write bbc.co.uk",
        f"{lists}:5: watchlist: unknown list watchlist: did you mean watch?",
        f"{lists}:9: watch[0].domain: co.uk is a public suffix, not a site",
        f"{lists}:10: watch[0].note: must say why the outlet is on the list",
        f"{lists}:11: watch[0].colour: unknown key colour",
        f"{lists}:16: state_affiliated[0].type: unknown type SCC: did you mean SC?",
        f"{lists}: watch: example.org is on both the trusted list",
        "lists/missing.toml: cannot read file",
        f"{csv}:2: domain: www.example.com is a subdomain: write example.com",
        f"{csv}:3: rating: unknown rating great (high, mixed, low)",
        f"{csv}:5: domain: source b rates example.com twice (first on line 4)",
        f"{csv}:6: row 6: has 2 cells; the header has 3",
    ]
    for line in expected:
        assert line in out, line
    assert f"{len(expected)} problems in" in out


def test_ratings_file_needs_its_header(tmp_path: Path) -> None:
    write(tmp_path / "r.csv", "domain,score,source\nexample.com,high,A\n")
    found = problems(write(tmp_path / "a.toml", '[ratings]\nfiles = ["r.csv"]\n'))
    assert any("r.csv:1: header: unknown column score" in p for p in found)
    assert any("missing column rating" in p for p in found)


def test_data_paths_are_relative_to_the_config_file(tmp_path: Path, monkeypatch) -> None:
    path = admin_dir(tmp_path / "etc")
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("etc") / "admin.toml")
    assert config.data.ratings_for("example.com")
    assert config.sources == (
        str(Path("etc") / "admin.toml"),
        str(Path("etc") / "lists" / "newsroom.toml"),
        str(Path("etc") / "ratings" / "sources.csv"),
    )
    assert path.is_file()


def test_check_ok_names_the_data_files(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "rules", "check", str(admin_dir(tmp_path)))
    assert code == 0 and "OK (rules_version" in out
    assert "reads " + str(tmp_path / "ratings" / "sources.csv") in out


# --- 4. the admin's data in reports --------------------------------------------------------


def test_ratings_are_facts_side_by_side_never_averaged(tmp_path: Path) -> None:
    config = load_config(admin_dir(tmp_path))
    report = score_html(article(), "https://www.example.com/bridge", config).to_dict()
    outlet = report["facts"]["outlet"]
    assert outlet["ratings"] == [
        {"source": "Source A", "rating": "low"},
        {"source": "Source B", "rating": "high"},
    ]
    assert outlet["ratings_disagree"] is True
    assert outlet["lists"] == [
        {"list": "watch", "note": "Published fabricated quotes", "type": None}
    ]
    agreed = score_html(article(), "https://example.org/x", config).to_dict()["facts"]["outlet"]
    assert agreed["ratings_disagree"] is False and agreed["lists"][0]["list"] == "trusted"


def test_data_with_zero_weights_changes_no_score(tmp_path: Path) -> None:
    config = load_config(admin_dir(tmp_path))
    for url in ("https://www.example.com/a", "https://example.org/a", "https://example.co.uk/a"):
        with_data = score_html(article(byline="Maria Lopez"), url, config)
        without = score_html(article(byline="Maria Lopez"), url, load_config(env={}))
        assert with_data.score == without.score
        assert [f.rule for f in with_data.findings] == [f.rule for f in without.findings]


def test_subdomains_match_through_the_public_suffix_list(tmp_path: Path) -> None:
    config = load_config(admin_dir(tmp_path))

    def ratings(url: str) -> list[dict[str, str]]:
        return score_html(article(), url, config).to_dict()["facts"]["outlet"]["ratings"]

    assert ratings("https://live.news.example.co.uk/a") == [
        {"source": "Source B", "rating": "mixed"}
    ]
    assert ratings("https://other.co.uk/a") == []  # example.co.uk is not all of co.uk
    assert ratings("https://example.com.evil.net/a") == []


def test_state_affiliated_list_adds_to_the_curated_table(tmp_path: Path) -> None:
    config = load_config(admin_dir(tmp_path))
    report = score_html(article(), "https://www.example.net/politics/a", config)
    found = {f.rule: f for f in report.findings}
    assert found["OUTLET_STATE_CONTROLLED"].points == -15
    evidence = " ".join(e.text for e in found["OUTLET_STATE_CONTROLLED"].evidence)
    assert "Run by the information ministry" in evidence
    outlet = report.to_dict()["facts"]["outlet"]
    assert outlet["state_affiliation"] == "SC"
    assert outlet["state_affiliation_source"] == "admin-list"
    # A page elsewhere that cites the listed outlet relies on state media.
    citing = article(body='<p>Officials <a href="https://www.example.net/statement">said</a>.</p>')
    found = {f.rule: f for f in score_html(citing, URL, config).findings}
    assert "example.net" in found["STATE_MEDIA_CITED"].description
    plain = {f.rule for f in score_html(citing, URL, load_config(env={})).findings}
    assert "STATE_MEDIA_CITED" not in plain


def test_rules_version_follows_the_data_content(tmp_path: Path) -> None:
    path = admin_dir(tmp_path)
    first = load_config(path).rules_version
    assert first != load_config(env={}).rules_version
    assert load_config(path).rules_version == first
    ratings = tmp_path / "ratings" / "sources.csv"
    ratings.write_text(RATINGS.replace("example.org,high", "example.org,mixed"))
    assert load_config(path).rules_version != first
    ratings.write_text(RATINGS)
    assert load_config(path).rules_version == first


def test_scoring_facts_under_a_config_leaves_them_unchanged(tmp_path: Path) -> None:
    config = load_config(admin_dir(tmp_path))
    facts = extract_facts(Document.parse(article(), "https://www.example.net/a"))
    before = to_json(facts)
    scored = score_facts(facts, config)
    assert scored.facts.outlet.state_affiliation == "SC"
    assert to_json(facts) == before
    assert score_facts(facts, load_config(env={})).facts.outlet.lists == []
