"""The report page: findings under their groups, the groups' arithmetic, evidence said once,
and a layout that fits a 400 px wide window (checked in real Chromium)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

CHROMIUM = Path("/usr/bin/chromium")
SEED_URL = "https://al-sahawat-times.example/world/russia-venezuela"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def saved_page(client: Any, html: str, url: str = SEED_URL) -> tuple[dict[str, Any], Any]:
    report = client.post("/v1/score", json={"url": url, "html": html}).json
    page = client.get(report["report_url"])
    assert page.status_code == 200
    return report, lxml_html.fromstring(page.data)


def test_findings_sit_under_their_group_with_its_bar(client: Any, seed_html: bytes) -> None:
    report, tree = saved_page(client, seed_html.decode())
    sections = tree.xpath("//section[@class='group']")
    assert [s.findtext("h3") for s in sections] == [g["label"] for g in report["groups"]]
    for section, group in zip(sections, report["groups"], strict=True):
        meter = section.xpath(".//meter")[0]
        assert (meter.get("value"), meter.get("max")) == (str(group["score"]), str(group["max"]))
        shown = section.xpath(".//li[contains(@class, 'finding')]/@data-rule")
        assert shown == [f["rule"] for f in report["findings"] if f["group"] == group["id"]]


def test_a_group_clamped_at_zero_says_what_its_findings_add_up_to(
    client: Any, seed_html: bytes
) -> None:
    report, tree = saved_page(client, seed_html.decode())
    groups = {g["id"]: g for g in report["groups"]}
    outlet = groups["outlet"]
    assert outlet["score"] == 0 and outlet["raw"] < 0  # the seed discloses nothing about itself
    assert outlet["raw"] == sum(f["points"] for f in report["findings"] if f["group"] == "outlet")
    lines = {
        s.findtext("h3"): s.xpath("string(.//p[@class='arithmetic'])")
        for s in tree.xpath("//section[@class='group']")
    }
    raw = str(outlet["raw"]).replace("-", "\u2212")
    assert lines["Outlet"] == f"Its findings add up to {raw}; a group counts no less than 0."
    assert lines["Authorship"] == ""  # its sum is within 0..max: nothing to explain


def test_a_group_over_its_cap_says_so(make_app: Any, make_page: Any, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("[groups.authorship]\nmax = 5\n[groups.sourcing]\nmax = 60\n")
    from scoring import load_config

    client = make_app().test_client()
    client.application.extensions["provenance.service"].config = load_config(str(rules))
    report, tree = saved_page(client, make_page(), "https://harbour.example/news/dredging")
    authorship = next(g for g in report["groups"] if g["id"] == "authorship")
    assert authorship["raw"] > authorship["max"] == authorship["score"] == 5
    line = tree.xpath("string(//section[@class='group'][h3='Authorship']//p[@class='arithmetic'])")
    assert line == f"Its findings add up to {authorship['raw']}; this group counts at most 5."


def test_evidence_is_said_once_without_doubled_quotation_marks(
    client: Any, seed_html: bytes
) -> None:
    report, tree = saved_page(client, seed_html.decode())
    marks = "“”\"'‘’"
    checked = 0
    for finding in report["findings"]:
        (li,) = tree.xpath(f"//li[@data-rule='{finding['rule']}']")
        items = li.xpath(".//ul[@class='evidence']/li")
        assert len(items) == len(finding["evidence"])
        for item, evidence in zip(items, finding["evidence"], strict=True):
            shown = item.text_content()
            words = (evidence.get("quote") or {}).get("exact", "").strip(marks + " ")
            if words:  # the quoted words appear as often as the text has them, at least once
                assert shown.count(words) == max(1, evidence["text"].count(words)), shown
                checked += 1
            for q in item.xpath(".//q/text()"):  # <q> adds the marks; the words carry none
                assert q[:1] not in marks and q[-1:] not in marks
    assert checked > 5


def test_facts_in_words(client: Any, seed_html: bytes, make_page: Any) -> None:
    _, tree = saved_page(client, seed_html.decode())
    facts = {
        dt.text_content(): dt.getnext().text_content()
        for dt in tree.xpath("//dl[@class='facts']/dt")
    }
    assert facts["Outlet"].endswith(", from the page's metadata")
    assert "from the byline" in facts["Author"]  # the seed names one author
    assert facts["Published"] == "no date found"
    _, dated = saved_page(client, make_page(), "https://harbour.example/news/dredging")
    published = dated.xpath(
        "string(//dl[@class='facts']/dt[.='Published']/following-sibling::dd[1])"
    )
    assert published == "12 March 2024, from the page's metadata"


def in_own_thread(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run fn on a thread of its own: Playwright's sync API refuses a thread whose asyncio
    loop is running, which is the main thread's once the extension's e2e tests have started
    their session-wide driver."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out.update(fn())
        except BaseException as e:  # handed back to the test below
            out["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
def test_the_report_page_fits_400_pixels(
    make_app: Any, live_server: Any, seed_html: bytes, tmp_path: Path
) -> None:
    import requests

    base = live_server(make_app())
    report = requests.post(
        f"{base}/v1/score", json={"url": SEED_URL, "html": seed_html.decode()}, timeout=30
    ).json()
    shots = Path(os.environ.get("PROVENANCE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    def look() -> dict[str, Any]:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
            try:
                page = browser.new_page(viewport={"width": 400, "height": 900})
                page.goto(base + report["report_url"])
                seen = {
                    "score": page.locator("p.score .number").inner_text(),
                    "widths": page.evaluate(
                        "() => [document.documentElement.scrollWidth,"
                        " document.documentElement.clientWidth]"
                    ),
                    "wider": page.evaluate(
                        """() => [...document.querySelectorAll('main *')]
                            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                            .map(e => e.tagName + '.' + e.className)"""
                    ),
                }
                page.screenshot(path=str(shots / "report-page.png"))
                return seen
            finally:
                browser.close()

    seen = in_own_thread(look)
    assert seen["score"] == str(report["score"])
    width, viewport = seen["widths"]
    assert width <= viewport, f"horizontal overflow: {width} px in a {viewport} px window"
    assert seen["wider"] == []
