"""The lead image's Content Credentials, read in the background: on the serving process's own
thread without Redis, and by a `provenance worker` process on a real redis-server with it.

The images are signed at run time (image_sites.py); the site is a local pytest-httpserver.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import processes
import pytest
import requests
from image_sites import (
    EXPECTED,
    MAX_IMAGE_BYTES,
    SIGNER_ORG,
    Chain,
    Site,
    article,
    check_report,
    wait_for_image,
)
from image_sites import chain as chain  # the fixtures
from image_sites import images as images
from image_sites import site as site

from scoring.facts import ImageCredentials
from server.image_checks import ImageChecks, image_key
from server.outlets import MemoryProfileStore

CASES = sorted(EXPECTED)


@pytest.fixture
def image_app(make_app: Any) -> Any:
    def make(**settings: Any) -> Any:
        values = {"image_checks": True, "image_max_bytes": MAX_IMAGE_BYTES} | settings
        return make_app(**values).test_client()

    return make


@pytest.mark.parametrize("case", CASES)
def test_in_process(case: str, site: Site, image_app: Any) -> None:
    client = image_app()
    url = site.url(case)
    first = client.get("/v1/score", query_string={"url": url}).json
    # The report never waits: the credit is a page fact, the credentials are pending.
    assert first["facts"]["lead_image"]["credentials"]["state"] == "pending"
    assert first["image_checks"]["state"] == "pending"
    assert first["facts"]["lead_image"]["credit"]["agencies"][0]["name"] == "Reuters"

    report = wait_for_image(lambda: client.get("/v1/score", query_string={"url": url}).json)
    assert report["cached"] is False  # scored again once the check was in
    check_report(case, report, site.image_url(case))
    # Kept: asked again, the image is not fetched again.
    again = client.get("/v1/score", query_string={"url": url}).json
    assert again["cached"] is True
    assert site.fetched(case) == 1


def test_a_signer_on_the_admins_trust_list_is_trusted(
    site: Site, image_app: Any, chain: Chain, tmp_path: Path
) -> None:
    bundle = tmp_path / "trust.pem"
    bundle.write_text(chain.root_pem)
    client = image_app(image_trust_anchors=str(bundle))
    url = site.url("captured")
    first = client.get("/v1/score", query_string={"url": url}).json
    assert first["image_checks"]["trust_list"] is True
    report = wait_for_image(lambda: client.get("/v1/score", query_string={"url": url}).json)
    c = report["facts"]["lead_image"]["credentials"]
    assert (c["validation"], c["trusted"]) == ("valid", True)
    assert "signingCredential.untrusted" not in c["problems"]
    valid = {f["rule"]: f for f in report["findings"]}["IMAGE_CREDENTIALS_VALID"]
    assert (
        f"signed by {SIGNER_ORG} with Harbour Camera 2.1 (on the trust list)"
        in (valid["evidence"][0]["text"])
    )


def test_without_a_trust_list_the_report_says_untrusted(site: Site, image_app: Any) -> None:
    client = image_app()
    url = site.url("captured")
    client.get("/v1/score", query_string={"url": url})
    report = wait_for_image(lambda: client.get("/v1/score", query_string={"url": url}).json)
    assert report["image_checks"]["trust_list"] is False
    valid = {f["rule"]: f for f in report["findings"]}["IMAGE_CREDENTIALS_VALID"]
    assert "not on any trust list configured here" in valid["evidence"][0]["text"]


def test_image_checks_off(site: Site, make_app: Any) -> None:
    client = make_app(image_checks=False).test_client()
    report = client.get("/v1/score", query_string={"url": site.url("captured")}).json
    assert report["facts"]["lead_image"]["credentials"] is None
    assert "image_checks" not in report
    assert site.fetched("captured") == 0


def test_an_image_is_queued_once_until_its_check_is_in(recorder: Any) -> None:
    submitted = recorder.submitted
    checks = ImageChecks(MemoryProfileStore(), recorder, trusted_list=False)
    for _ in range(3):
        report: dict[str, Any] = {"facts": {"lead_image": {"url": "https://x.test/a.jpg"}}}
        checks.annotate(report)
    assert submitted == ["https://x.test/a.jpg"]
    checks.store.put(image_key("https://x.test/a.jpg"), ImageCredentials("ready").to_dict(), 60)
    report = {"facts": {"lead_image": {"url": "https://x.test/a.jpg", "credentials": None}}}
    checks.annotate(report)
    assert report["image_checks"]["state"] == "ready"


# --- on Redis: `provenance serve` queues, `provenance worker` reads ----------------------------


@pytest.fixture
def serve_and_work(redis_url: str, tmp_path: Path) -> Iterator[str]:
    """One `provenance serve` and one `provenance worker` on the test Redis."""
    with processes.serve_and_work(
        redis_url,
        tmp_path,
        "image-test",
        PROVENANCE_IMAGE_MAX_BYTES=str(MAX_IMAGE_BYTES),
    ) as base:
        yield base


@pytest.mark.redis
def test_on_a_worker_process(site: Site, serve_and_work: str, redis_url: str) -> None:
    import redis

    base = serve_and_work
    for case in CASES:  # all queued before any is waited for
        first = requests.get(f"{base}/v1/score", params={"url": site.url(case)}, timeout=30)
        assert first.json()["image_checks"]["state"] == "pending"
    for case in CASES:
        report = wait_for_image(
            lambda case=case: requests.get(  # type: ignore[misc]
                f"{base}/v1/score", params={"url": site.url(case)}, timeout=30
            ).json()
        )
        check_report(case, report, site.image_url(case))
        assert site.fetched(case) == 1
    # Kept in Redis for a week (a failed check for an hour).
    client = redis.Redis.from_url(redis_url)
    ttls = sorted(client.ttl(k) for k in client.scan_iter("pl:image:*"))
    assert len(ttls) == len(CASES)
    assert ttls[-1] > 6 * 24 * 3600 and ttls[0] <= 3600


def test_the_report_page_says_it_in_words(site: Site, image_app: Any) -> None:
    client = image_app()
    url = site.url("ai")
    client.get("/v1/score", query_string={"url": url})
    wait_for_image(lambda: client.get("/v1/score", query_string={"url": url}).json)
    page = client.get("/report", query_string={"url": url}).get_data(as_text=True)
    assert "credit: Tom Baker/Reuters" in page
    assert "(signer not on a trust list), generated by AI" in page


def test_a_lead_image_on_a_private_address_is_refused(site: Site, image_app: Any) -> None:
    """The image goes through the safe fetcher: by default, a page (here sent by the client)
    cannot make the server fetch from a loopback or private address."""
    client = image_app(allow_private_addresses=False)
    html = article("captured").replace('"/media/', '"' + site.server.url_for("/media/"))
    body = {"url": "https://news.example/harbour", "html": html}
    first = client.post("/v1/score", json=body).json
    assert first["facts"]["lead_image"]["url"] == site.image_url("captured")
    report = wait_for_image(lambda: client.post("/v1/score", json=body).json)
    c = report["facts"]["lead_image"]["credentials"]
    assert c["state"] == "failed" and "address" in c["reason"], c
    assert site.fetched("captured") == 0


def test_the_trust_list_must_exist(tmp_path: Path) -> None:
    from server.settings import Settings, SettingsError, validate

    with pytest.raises(SettingsError, match="image_trust_anchors"):
        validate(Settings(image_trust_anchors=str(tmp_path / "missing.pem")))
