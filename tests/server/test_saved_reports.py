"""report_url: the page that shows exactly the report a score response carried."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html

KEY = "test-key-0123456789abcdef"
SEED_URL = "https://al-sahawat-times.example/world/russia-venezuela"


def shown(page: bytes) -> dict[str, Any]:
    """What the report page shows: its score, rules_version and findings' rule ids."""
    tree = lxml_html.fromstring(page)
    number = tree.xpath("//p[contains(@class, 'score')]/span[@class='number']/text()")
    return {
        "score": int(number[0]) if number else None,
        "rules_version": tree.xpath("string(//p[@class='meta']/code)"),
        "rules": sorted(tree.xpath("//li[contains(@class, 'finding')]/@data-rule")),
    }


@pytest.mark.parametrize("keys", [(), (KEY,)], ids=["open", "with-api-keys"])
def test_the_seed_html_gets_a_report_url_that_shows_that_report(
    keys: tuple[str, ...], make_app: Any, seed_html: bytes
) -> None:
    client = make_app(api_keys=keys).test_client()
    headers = {"Authorization": f"Bearer {KEY}"} if keys else {}
    body = {"url": SEED_URL, "html": seed_html.decode("utf-8")}
    r = client.post("/v1/score", json=body, headers=headers)
    assert r.status_code == 200, r.json
    report = r.json
    path = report["report_url"]
    assert path.startswith("/report/") and KEY not in path and "al-sahawat" not in path

    page = client.get(path)  # a browser opening the link: no key
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert page.headers["Cache-Control"] == "private, no-store"
    assert shown(page.data) == {
        "score": report["score"],
        "rules_version": report["rules_version"],
        "rules": sorted(f["rule"] for f in report["findings"]),
    }
    # The same request again is a cache hit with the same link.
    again = client.post("/v1/score", json=body, headers=headers).json
    assert again["cached"] is True and again["report_url"] == path


def test_a_report_link_is_one_reports_and_never_the_urls(make_app: Any, make_page: Any) -> None:
    client = make_app().test_client()
    url = "https://harbour.example/news/dredging"
    mine = client.post("/v1/score", json={"url": url, "html": make_page(title="Mine")}).json
    theirs = client.post("/v1/score", json={"url": url, "html": make_page(title="Theirs")}).json
    assert mine["report_url"] != theirs["report_url"]
    assert b"Mine" in client.get(mine["report_url"]).data
    assert b"Theirs" not in client.get(mine["report_url"]).data
    assert b"Theirs" in client.get(theirs["report_url"]).data
    # Neither client's HTML is what the page's URL serves: the bare URL is fetched, which here
    # (a name that does not resolve) fails.
    fetched = client.get("/report", query_string={"url": url})
    assert fetched.status_code != 200
    assert b"Mine" not in fetched.data and b"Theirs" not in fetched.data


@pytest.mark.parametrize(
    "path", ["/report/" + "A" * 24, "/report/short", "/report/" + "A" * 23 + "%2F"]
)
def test_an_unknown_or_malformed_id_is_not_found(path: str, client: Any) -> None:
    r = client.get(path, headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json["code"] == "not_found"


def test_without_a_cache_there_is_no_report_url(make_app: Any, make_page: Any) -> None:
    client = make_app(cache_ttl=0).test_client()
    r = client.post("/v1/score", json={"url": "https://a.example/x", "html": make_page()})
    assert r.status_code == 200
    assert r.json["report_url"] is None


def test_report_links_work_across_apps_sharing_a_state_folder(
    make_app: Any, make_page: Any, tmp_path: Any
) -> None:
    """Two workers of one machine without Redis: a link made by one opens on the other."""
    one = make_app(state_dir=str(tmp_path)).test_client()
    other = make_app(state_dir=str(tmp_path)).test_client()
    report = one.post("/v1/score", json={"url": "https://a.example/x", "html": make_page()}).json
    page = other.get(report["report_url"])
    assert page.status_code == 200
    assert shown(page.data)["score"] == report["score"]
