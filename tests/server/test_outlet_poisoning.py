"""One client cannot shape the outlet profile every other reader's score uses: the home page is
looked for at addresses made from the outlet's domain, never the scheme, host or port a client
asked about, and policy pages come from that home page, never from a client's posted HTML."""

from __future__ import annotations

from typing import Any

import pytest
from outlet_sites import (
    ARTICLE,
    CORRECTIONS,
    GOOD,
    HOME,
    MASTHEAD,
    OWNERSHIP,
    wait_until_checked,
)
from outlet_sites import outlet as outlet  # the fixture

from server.fetcher import Page
from server.outlets import MemoryProfileStore, OutletChecker, OutletChecks, run_check
from server.problems import Problem

DOMAIN = "harbour-gazette.co.uk"
ATTACKER = (
    "<html><body><h1>Corrections</h1><ul><li>1 May 2024: we fixed it.</li></ul></body></html>"
)


class Internet:
    """The sites of the internet, as URL -> HTML; anything else does not answer."""

    def __init__(self, pages: dict[str, str]):
        self.pages = pages
        self.asked: list[str] = []

    def fetch(self, url: str) -> Page:
        self.asked.append(url)
        if url not in self.pages:
            raise Problem("fetch_failed", f"{url} did not answer")
        return Page(url, self.pages[url].encode(), "text/html", "utf-8")


class CheckNow:
    def __init__(self, checker: OutletChecker, store: MemoryProfileStore):
        self.checker, self.store = checker, store

    def submit(self, key: str, subject: str) -> bool:
        run_check(self.checker, self.store, 3600, key, subject)
        return True


def outlet_site(home: str) -> dict[str, str]:
    return {
        home: HOME,
        f"{home}corrections": CORRECTIONS,
        f"{home}masthead": MASTHEAD,
        f"{home}ownership": OWNERSHIP,
    }


def check_after_a_request_for(url: str, internet: Internet) -> dict[str, Any]:
    store = MemoryProfileStore()
    checks = OutletChecks(store, CheckNow(OutletChecker(internet, 8), store))  # type: ignore[arg-type]
    lookup = checks.lookup(url)
    assert lookup is not None
    checks.request(lookup)
    profile = store.get(lookup.key)
    assert profile is not None
    return profile


def test_the_home_page_never_comes_from_the_requested_host_or_port() -> None:
    """An attacker's server on another port of the outlet's host is not its home page."""
    attacker = f"http://{DOMAIN}:8081/"
    internet = Internet(
        outlet_site(f"https://{DOMAIN}/") | {attacker: HOME, f"{attacker}corrections": ATTACKER}
    )
    profile = check_after_a_request_for(f"{attacker}news/a", internet)
    assert profile["home_url"] == f"https://{DOMAIN}/"
    assert not [u for u in internet.asked if ":8081" in u]
    assert profile["pages"]["corrections"]["url"] == f"https://{DOMAIN}/corrections"


def test_a_dead_port_in_the_request_cannot_mark_the_outlet_failed() -> None:
    internet = Internet(outlet_site(f"https://{DOMAIN}/"))
    profile = check_after_a_request_for(f"https://www.{DOMAIN}:1/news/a", internet)
    assert profile["state"] == "ready"


def test_www_then_plain_http_when_https_does_not_answer() -> None:
    internet = Internet(outlet_site(f"https://www.{DOMAIN}/"))
    assert check_after_a_request_for(f"http://{DOMAIN}/a", internet)["home_url"] == (
        f"https://www.{DOMAIN}/"
    )
    internet = Internet(outlet_site(f"http://{DOMAIN}/"))
    profile = check_after_a_request_for(f"https://news.{DOMAIN}/a", internet)
    assert profile["home_url"] == f"http://{DOMAIN}/"
    assert internet.asked[:3] == [
        f"https://{DOMAIN}/",
        f"https://www.{DOMAIN}/",
        f"http://{DOMAIN}/",
    ]


@pytest.fixture
def checking_app(make_app: Any) -> Any:
    return lambda: make_app(outlet_checks=True).test_client()


def test_posted_html_cannot_name_the_outlets_policy_pages(outlet: Any, checking_app: Any) -> None:
    """A posted page linking "Corrections" to an address that is not there would have cost
    every reader of the outlet points for a missing page; the home page does not link one."""
    home = HOME.replace('<li><a href="/corrections">Corrections</a></li>', "")
    site = outlet(GOOD | {"/": home})
    client = checking_app()
    posted = ARTICLE.replace("</main>", '<a href="/gone/corrections">Corrections</a></main>')
    client.post("/v1/score", json={"url": site.url(), "html": posted})
    status = wait_until_checked(lambda path: client.get(path).json, site.key)
    assert status["state"] == "ready"
    assert "corrections" not in status["pages"]
    assert "/gone/corrections" not in site.paths()
