"""Checks on the curated table of known news outlets and news agencies."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import tldextract

OUTLETS_PATH = Path(__file__).resolve().parents[1] / "scoring" / "data" / "outlets.toml"

KINDS = {"newspaper", "broadcaster", "magazine", "digital", "wire"}
STATE_MEDIA_TYPES = {"SC", "ISFM", "ISF", "ISM", "CaPu", "CaPr", "IP"}
REQUIRED_KEYS = {"name", "domains", "country", "kind"}
OPTIONAL_KEYS = {"aliases", "state_affiliation"}
COUNTRY_RE = re.compile(r"^(?:[A-Z]{2}|INT)$")

# Outlets whose State Media Matrix type the table must carry, looked up by name or alias.
REQUIRED_TYPES = {
    "TASS": "SC",
    "RIA Novosti": "SC",
    "RT": "SC",
    "Sputnik": "SC",
    "Xinhua": "SC",
    "CGTN": "SC",
    "CCTV": "SC",
    "China Daily": "SC",
    "Global Times": "SC",
    "People's Daily": "SC",
    "PressTV": "SC",
    "IRNA": "SC",
    "KCNA": "SC",
    "BBC": "IP",
    "NPR": "IP",
    "DW": "IP",
    "PBS": "IP",
    "ABC (Australia)": "IP",
    "CBC/Radio-Canada": "IP",
    "ZDF": "IP",
    "ARD": "IP",
    "Tagesschau": "IP",
    "NHK": "IP",
    "France Télévisions": "IP",
    "franceinfo": "IP",
    "RTÉ": "IP",
    "SVT": "IP",
    "NRK": "IP",
    "YLE": "IP",
    "DR": "IP",
}

MIN_OUTLETS = 350
MIN_WIRES = 25


@pytest.fixture(scope="module")
def outlets() -> list[dict]:
    with OUTLETS_PATH.open("rb") as fh:
        data = tomllib.load(fh)
    assert set(data) == {"outlet"}, f"unexpected top-level keys: {sorted(data)}"
    entries = data["outlet"]
    assert isinstance(entries, list)
    return entries


def _labels(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def test_enough_outlets(outlets: list[dict]) -> None:
    assert len(outlets) >= MIN_OUTLETS, f"only {len(outlets)} outlets"


def test_enough_wire_services(outlets: list[dict]) -> None:
    wires = [o["name"] for o in outlets if o.get("kind") == "wire"]
    assert len(wires) >= MIN_WIRES, f"only {len(wires)} wire services"


def test_entry_shape(outlets: list[dict]) -> None:
    problems = []
    for i, entry in enumerate(outlets):
        where = f"#{i} {entry.get('name')!r}"
        missing = REQUIRED_KEYS - entry.keys()
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        extra = entry.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        name = entry["name"]
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            problems.append(f"{where}: bad name")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: aliases must be a list of strings")
        else:
            for alias in aliases:
                if len(alias) < 2 or alias != alias.strip():
                    problems.append(f"{where}: bad alias {alias!r}")
            if len(set(aliases)) != len(aliases):
                problems.append(f"{where}: repeated alias")
        domains = entry["domains"]
        if (
            not isinstance(domains, list)
            or not domains
            or not all(isinstance(d, str) for d in domains)
        ):
            problems.append(f"{where}: domains must be a non-empty list of strings")
        if not isinstance(entry["country"], str) or not COUNTRY_RE.match(entry["country"]):
            problems.append(f"{where}: bad country {entry['country']!r}")
        if entry["kind"] not in KINDS:
            problems.append(f"{where}: bad kind {entry['kind']!r}")
        if "state_affiliation" in entry and entry["state_affiliation"] not in STATE_MEDIA_TYPES:
            problems.append(f"{where}: bad state_affiliation {entry['state_affiliation']!r}")
    assert not problems, "\n".join(problems)


def test_domains_are_registrable(outlets: list[dict]) -> None:
    # An empty suffix_list_urls keeps tldextract on its bundled snapshot: no network.
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    problems = []
    for entry in outlets:
        for domain in entry["domains"]:
            if domain != domain.lower() or domain != domain.strip():
                problems.append(f"{entry['name']}: {domain!r} is not lowercase and trimmed")
                continue
            registrable = extract(domain).top_domain_under_public_suffix
            if registrable != domain:
                problems.append(
                    f"{entry['name']}: {domain!r} is not a registrable domain ({registrable!r})"
                )
    assert not problems, "\n".join(problems)


def test_domains_are_unique(outlets: list[dict]) -> None:
    counts = Counter(d for entry in outlets for d in entry["domains"])
    dupes = sorted(d for d, n in counts.items() if n > 1)
    assert not dupes, f"domains listed more than once: {dupes}"


def test_names_and_aliases_are_unique(outlets: list[dict]) -> None:
    counts = Counter(label for entry in outlets for label in _labels(entry))
    dupes = sorted(label for label, n in counts.items() if n > 1)
    assert not dupes, f"names or aliases used more than once: {dupes}"


def test_no_alias_is_another_outlets_name(outlets: list[dict]) -> None:
    names = {entry["name"] for entry in outlets}
    clashes = [
        f"{entry['name']}: {alias!r}"
        for entry in outlets
        for alias in entry.get("aliases", [])
        if alias in names
    ]
    assert not clashes, "aliases equal to an outlet name: " + ", ".join(clashes)


@pytest.mark.parametrize(("label", "expected"), sorted(REQUIRED_TYPES.items()))
def test_required_state_media_types(outlets: list[dict], label: str, expected: str) -> None:
    matches = [entry for entry in outlets if label in _labels(entry)]
    assert len(matches) == 1, f"{label!r} matches {len(matches)} outlets"
    assert matches[0].get("state_affiliation") == expected, (
        f"{label!r} ({matches[0]['name']}) has {matches[0].get('state_affiliation')!r}, "
        f"expected {expected!r}"
    )


def test_private_wire_services_are_not_typed_as_state_media(outlets: list[dict]) -> None:
    by_name = {entry["name"]: entry for entry in outlets}
    for name in ("Reuters", "The Associated Press", "Bloomberg News"):
        assert name in by_name, f"{name} is missing"
        assert by_name[name]["kind"] == "wire"
        assert "state_affiliation" not in by_name[name]


def test_every_name_in_the_table_is_found_in_running_text() -> None:
    """names_in_each skips text that holds none of the table's key tokens; every name and alias
    of every outlet is still found where a sentence names it."""
    from scoring.data import OUTLETS

    for outlet in OUTLETS.outlets:
        for name in (outlet.name, *outlet.aliases):
            text = f"The council said, according to {name}, that the bridge would open."
            assert OUTLETS.names_in_each([text])[0], name


def test_names_are_found_the_same_in_short_long_and_repeated_text() -> None:
    """The longest name that the words spell wins, each name is found where it is written, and
    a text read again, alone or with others, gives the same mentions."""
    from scoring.data import OUTLETS

    sentence = "Reuters and The Associated Press reported it, as did the AP and Reuters. "
    short = sentence * 2
    long = sentence * 30
    for text in (short, long):
        first = [(m.outlet.name, text[m.start : m.end]) for m in OUTLETS.names_in_each([text])[0]]
        again = [
            (m.outlet.name, text[m.start : m.end]) for m in OUTLETS.names_in_each([long, text])[1]
        ]
        assert first == again
        assert first[:4] == [
            ("Reuters", "Reuters"),
            ("The Associated Press", "The Associated Press"),
            ("The Associated Press", "AP"),
            ("Reuters", "Reuters"),
        ]
        assert len(first) == 4 * text.count(sentence)
