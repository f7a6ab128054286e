"""The `provenance` command: score, rules, evaluate and bench."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from material import CORPUS, SEED_URL, seed_html

from server.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.html"
    path.write_bytes(seed_html())
    return path


def test_score_prints_a_points_table(capsys, seed_file: Path) -> None:
    code, out, _ = run(capsys, "score", str(seed_file), "--url", SEED_URL)
    assert code == 0
    assert "Very weak provenance" in out
    assert "NAMED_SOURCES_UNLINKED" in out and "-6" in out
    assert "not a verdict" in out


def test_score_json_is_the_report(capsys, seed_file: Path) -> None:
    code, out, _ = run(capsys, "score", str(seed_file), "--url", SEED_URL, "--json")
    data = json.loads(out)
    assert code == 0 and data["url"] == SEED_URL and data["score"] < 35
    assert {"groups", "findings", "facts", "rules_version"} <= set(data)


def test_score_fetches_a_url(capsys, httpserver) -> None:
    httpserver.expect_request("/news/seed").respond_with_data(
        seed_html(), content_type="text/html; charset=utf-8"
    )
    code, out, _ = run(capsys, "score", httpserver.url_for("/news/seed"), "--json")
    assert code == 0 and json.loads(out)["facts"]["authors"]


def test_score_reports_fetch_and_file_errors(capsys, httpserver, tmp_path: Path) -> None:
    httpserver.expect_request("/img").respond_with_data(b"\x89PNG", content_type="image/png")
    code, _, err = run(capsys, "score", httpserver.url_for("/img"))
    assert code == 1 and "not HTML" in err
    code, _, err = run(capsys, "score", str(tmp_path / "missing.html"))
    assert code == 1 and "cannot read" in err


def test_score_with_an_admin_config(capsys, seed_file: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "rules.toml"
    cfg.write_text("[rules]\nNAMED_SOURCES_UNLINKED = -11\n")
    code, out, _ = run(capsys, "score", str(seed_file), "--url", SEED_URL, "--config", str(cfg))
    assert code == 0 and "-11" in out


def test_rules_list_and_check(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "rules", "list")
    assert code == 0 and "rules_version" in out and "AUTHOR_PROFILE_LINKED" in out
    good = tmp_path / "good.toml"
    good.write_text("[rules]\nAUTHOR_NAMED = 10\n")
    code, out, _ = run(capsys, "rules", "check", str(good))
    assert code == 0 and "OK" in out
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules]\nAUTHOR_PROFILE_LINK = 5\nAUTHOR_NAMED = 'x'\n")
    code, out, _ = run(capsys, "rules", "check", str(bad))
    assert code == 1
    assert "bad.toml:2: rules.AUTHOR_PROFILE_LINK" in out and "AUTHOR_PROFILE_LINKED" in out
    assert "bad.toml:3: rules.AUTHOR_NAMED: must be a whole number" in out
    assert "2 problems" in out


def _page(author: str, date: str, site: str) -> bytes:
    return (
        f"<html><head><meta property='og:site_name' content='{site}'>"
        f"<meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{date}T08:00:00Z'></head>"
        "<body><article>"
        + "<p>The council voted on the budget on Monday evening.</p>" * 25
        + "</article></body></html>"
    ).encode()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    (tmp_path / "pages").mkdir()
    rows = [
        ("a1", "Ana Lima", "2024-05-01", "Example News", "high", 0.9),
        ("b2", "Rui Costa", "2023-01-02", "Other Daily", "mixed", 0.4),
        ("c3", "Eva Braun", "2022-03-04", "Third Post", "high", 0.7),
    ]
    with (tmp_path / "labels.jsonl").open("w") as f:
        for pid, author, date, site, fact, pc1 in rows:
            (tmp_path / "pages" / f"{pid}.html.gz").write_bytes(
                gzip.compress(_page(author, date, site))
            )
            gold = {"author": [author], "date_published": date, "sitename": site}
            outlet = {"factuality_3class": fact, "lin2023_pc1": pc1}
            row = {
                "id": pid,
                "url": f"https://{pid}.example.com/news/{pid}",
                "gold": gold,
                "outlet": outlet,
            }
            f.write(json.dumps(row) + "\n")
    return tmp_path


def test_evaluate_reports_accuracy_next_to_the_reference(capsys, tiny_corpus: Path) -> None:
    code, out, _ = run(capsys, "evaluate", str(tiny_corpus), "--json")
    data = json.loads(out)
    assert code == 0 and data["pages"] == 3
    ours = data["extraction"]["ours"]
    assert ours["author"] == {"correct": 3, "pages": 3, "accuracy": 1.0}
    assert ours["date"]["accuracy"] == 1.0 and ours["sitename"]["accuracy"] == 1.0
    assert "reference" in data["extraction"]
    assert data["separation"]["pages_high"] == 2 and data["separation"]["pages_mixed_low"] == 1


def test_bench_prints_times_ratios_and_memory(capsys, tiny_corpus: Path) -> None:
    code, out, _ = run(capsys, "bench", str(tiny_corpus), "--repeat", "1")
    assert code == 0
    for needle in ("lxml_parse", "score_html", "trafilatura", "ratio of medians", "peak RSS"):
        assert needle in out
    # where the time goes: every stage of scoring a page, each with its median
    stages = ("parse", "markup scan", "body region", "page links", "authors", "links", "dates")
    for stage in (*stages, "outlet"):
        assert any(line.split()[:-3] == stage.split() for line in out.splitlines()), stage
    assert "serialization" in out


def test_corpus_commands_refuse_a_folder_that_is_not_a_corpus(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert code == 1 and "no labels.jsonl" in err


@pytest.mark.corpus
def test_evaluate_on_the_shared_corpus(capsys) -> None:
    if not (CORPUS / "labels.jsonl").is_file():
        pytest.skip("the evaluation corpus is not available next to the repository")
    code, out, _ = run(capsys, "evaluate", str(CORPUS), "--limit", "40", "--json")
    data = json.loads(out)
    assert code == 0 and data["pages"] == 40
    ours, ref = data["extraction"]["ours"], data["extraction"]["reference"]
    assert ours["date"]["pages"] == ref["date"]["pages"] > 0


def test_parser_comparison_prints_each_parser_against_the_reference(
    capsys, tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scoring.tools import parsers

    # Without selectolax the comparison still runs, and says what it left out.
    monkeypatch.setattr(parsers, "_lexbor_contenders", dict)
    assert parsers.main([str(tiny_corpus), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "selectolax is not installed" in out
    rows = {line[:32].strip(): line[32:].split() for line in out.splitlines()[2:]}
    assert set(rows) == {
        "lxml.html (bench's reference)",
        "lxml as the engine parses",
        "lxml + visit every node",
    }
    assert rows["lxml.html (bench's reference)"][1] == "1.00x"
    assert parsers.main([str(tiny_corpus / "pages")]) == 2
