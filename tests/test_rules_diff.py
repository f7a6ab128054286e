"""`provenance rules diff`: what a config change does to the scores of a corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from admin_material import article, write, write_corpus

import scoring.tools.config_diff
from scoring.tools.config_diff import histogram_bins
from server.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"

NAMED = "https://www.riverside-chronicle.org/local/bridge-approved"
UNNAMED = "https://www.riverside-chronicle.org/local/ferry-timetable"
HOME = "https://www.riverside-chronicle.org/"
HOME_PAGE = """<!doctype html><html><head><title>Riverside Chronicle</title></head><body>
<nav><a href="/local/">Local</a></nav><ul>
<li><a href="/local/bridge-approved">Council approves harbour bridge</a></li>
<li><a href="/local/ferry-timetable">Ferry timetable changes</a></li></ul></body></html>"""

# AUTHOR_NAMED 12 -> 25 lifts the page with a byline from 3 to 16 points, and the new bands
# start "weak" at 15, so that page changes band; the page without a byline does not move.
REBALANCE = """[rules]
AUTHOR_NAMED = 25

[[bands]]
id = "adequate"
label = "Adequate provenance"
min = 50

[[bands]]
id = "weak"
label = "Weak provenance"
min = 15

[[bands]]
id = "very_weak"
label = "Very weak provenance"
min = 0
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(
        tmp_path / "corpus",
        [
            ("a1", NAMED, article(byline="Maria Lopez")),
            ("a2", UNNAMED, article()),
            ("h1", HOME, HOME_PAGE),
        ],
    )


@pytest.fixture
def rebalance(tmp_path: Path) -> Path:
    return write(tmp_path / "rebalance.toml", REBALANCE)


def test_diff_shows_band_changes_histogram_and_rule_hits(
    capsys, corpus: Path, rebalance: Path
) -> None:
    code, out, _ = run(capsys, "rules", "diff", "--config", str(rebalance), str(corpus))
    assert code == 0
    lines = out.splitlines()
    assert "  rules.AUTHOR_NAMED: +12 -> +25" in lines
    assert any(line.startswith("  bands: strong >= 70, adequate >= 50") for line in lines)
    assert "pages: 3 read, 2 scored, 1 not scored (not articles)" in lines
    assert "scores: 1 changed, 1 unchanged; mean 1.5 -> 8.0" in lines
    assert "pages whose rating band changes: 1" in lines
    moved = next(line for line in lines if NAMED in line)
    assert moved.split() == ["3", "16", "very_weak", "->", "weak", NAMED]
    assert UNNAMED not in out and HOME not in out.replace(NAMED, "")
    # One page at 0, one at +13: zero keeps a bin of its own, the rest share bins.
    start = lines.index("score change (new - base), pages:") + 1
    histogram = lines[start : lines.index("", start)]
    assert any(line.split()[0] == "0" and line.endswith(" 1") for line in histogram)
    assert any("+13" in line.split()[0] and line.endswith(" 1") for line in histogram)
    hits = next(line for line in lines if line.startswith("* AUTHOR_NAMED"))
    assert hits.split() == ["*", "AUTHOR_NAMED", "+12", "->", "+25", "1"]
    assert any(line.split()[:3] == ["AUTHOR_MISSING", "-6", "1"] for line in lines)


def test_diff_json(capsys, corpus: Path, rebalance: Path) -> None:
    code, out, _ = run(capsys, "rules", "diff", "--config", str(rebalance), str(corpus), "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["pages"], data["scored"], data["not_scored"]) == (3, 2, 1)
    assert data["base"]["config"] == "shipped defaults"
    assert data["new"]["rules_version"] != data["base"]["rules_version"]
    (moved,) = data["band_changes"]
    assert moved["url"] == NAMED and moved["id"] == "a1"
    assert (moved["before"], moved["after"], moved["change"]) == (3, 16, 13)
    assert (moved["band_before"], moved["band_after"]) == ("very_weak", "weak")
    assert data["score_changes"] == {"0": 1, "13": 1}
    rule = {r["id"]: r for r in data["rules"]}["AUTHOR_NAMED"]
    assert (rule["weight_before"], rule["weight_after"], rule["hits_after"]) == (12, 25, 1)
    assert {b["id"]: (b["before"], b["after"]) for b in data["bands"]}["weak"] == (0, 1)


def test_fail_on_band_change(capsys, corpus: Path, rebalance: Path, tmp_path: Path) -> None:
    argv = ["rules", "diff", "--config", str(rebalance), str(corpus)]
    assert run(capsys, *argv, "--fail-on-band-change")[0] == 1
    assert run(capsys, *argv)[0] == 0
    small = write(tmp_path / "small.toml", "[rules]\nAUTHOR_NAMED = 13\n")
    code, out, _ = run(
        capsys, "rules", "diff", "--config", str(small), str(corpus), "--fail-on-band-change"
    )
    assert code == 0 and "scores: 1 changed" in out and "band changes: 0" in out


def test_plot_writes_a_self_contained_html_chart(
    capsys, corpus: Path, rebalance: Path, tmp_path: Path
) -> None:
    plot = tmp_path / "diff.html"
    argv = ["rules", "diff", "--config", str(rebalance), str(corpus)]
    code, out, _ = run(capsys, *argv, "--plot", str(plot))
    assert code == 0 and f"chart written to {plot}" in out
    html = plot.read_text()
    assert html.count("<svg") == 2 and f'<a href="{NAMED}"' in html
    assert "very_weak &rarr; weak" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    code, _, err = run(capsys, *argv, "--plot", str(tmp_path / "diff.png"))
    assert code == 2 and "writes HTML" in err


def test_each_page_is_parsed_and_extracted_once(
    capsys, corpus: Path, rebalance: Path, monkeypatch
) -> None:
    calls: list[str] = []
    extract = scoring.tools.config_diff.extract_facts

    def counting(doc, today=None):  # type: ignore[no-untyped-def]
        calls.append(doc.url)
        return extract(doc, today)

    monkeypatch.setattr(scoring.tools.config_diff, "extract_facts", counting)
    run(capsys, "rules", "diff", "--config", str(rebalance), str(corpus))
    assert sorted(calls) == sorted([NAMED, UNNAMED, HOME])


def test_several_corpora_and_a_limit(capsys, corpus: Path, rebalance: Path, tmp_path: Path) -> None:
    other = write_corpus(
        tmp_path / "other",
        [("b1", "https://www.example.org/x", article(byline="Ana Lima")), ("b2", HOME, HOME_PAGE)],
    )
    argv = ["rules", "diff", "--config", str(rebalance), str(corpus), str(other), "--json"]
    data = json.loads(run(capsys, *argv)[1])
    assert data["pages"] == 5 and len(data["band_changes"]) == 2
    assert {c["corpus"] for c in data["band_changes"]} == {str(corpus), str(other)}
    data = json.loads(run(capsys, *argv, "--limit", "1")[1])
    assert data["pages"] == 2


def test_progress_bar_only_on_a_terminal(
    capsys, corpus: Path, rebalance: Path, monkeypatch
) -> None:
    argv = ["rules", "diff", "--config", str(rebalance), str(corpus)]
    _, _, err = run(capsys, *argv)
    assert err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, out, err = run(capsys, *argv)
    assert "scoring [" in err and "3/3" in err and "scoring [" not in out


def test_base_defaults_to_the_config_in_force(
    capsys, corpus: Path, rebalance: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PROVENANCE_CONFIG", str(rebalance))
    code, out, _ = run(capsys, "rules", "diff", "--config", str(rebalance), str(corpus))
    assert code == 0 and f"base: {rebalance}" in out
    assert "changed: nothing that affects scores" in out and "scores: 0 changed" in out
    defaults = write(tmp_path / "empty.toml", "")
    argv = ["rules", "diff", "--base", str(rebalance), "--config", str(defaults), str(corpus)]
    code, out, _ = run(capsys, *argv)
    assert "rules.AUTHOR_NAMED: +25 -> +12" in out and "weak -> very_weak" in out


def test_diff_errors_exit_2(capsys, corpus: Path, rebalance: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "rules", "diff", "--config", str(rebalance), str(tmp_path))
    assert code == 2 and "no labels.jsonl" in err
    bad = write(tmp_path / "bad.toml", "[rules]\nAUTHOR_NAMD = 3\n")
    code, _, err = run(capsys, "rules", "diff", "--config", str(bad), str(corpus))
    assert code == 2 and "did you mean AUTHOR_NAMED?" in err


@pytest.mark.parametrize(
    "deltas",
    [[0, 0, 13], [-4, -2, -1, 0, 2, 2], [-60, -1, 0, 1, 35, 35], [5], [-3]],
)
def test_histogram_bins_cover_every_page_with_zero_alone(deltas: list[int]) -> None:
    bins = histogram_bins(deltas)
    assert sum(n for _, _, n in bins) == len(deltas)
    assert (0, 0, deltas.count(0)) in bins
    assert len(bins) <= 21
    for low, high, n in bins:
        assert n == sum(1 for d in deltas if low <= d <= high)
    edges = [b for low, high, _ in bins for b in (low, high)]
    assert edges == sorted(edges)


@pytest.mark.corpus
def test_diff_on_the_shared_corpus(capsys) -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("the shared corpus is not available next to the repository")
    example = REPO / "docs" / "examples" / "stricter-sourcing.toml"
    argv = ["rules", "diff", "--config", str(example), str(SHARED_CORPUS), "--limit", "40"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "pages: 40 read" in out and "rules.NAMED_SOURCES_UNLINKED: -6 -> -10" in out
