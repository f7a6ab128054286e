"""The lead image's Content Credentials, read in the background.

A report's lead image (scoring/extract/lead_image.py) is fetched with the safe fetcher (image
types only, at most `image_max_bytes`) and its C2PA manifest read (scoring/image_credentials.py).
The machinery is the outlet checks' (server/outlets.py): the same stores, the same RQ queue
drained by `provenance worker` when Redis is configured, the same bounded in-process thread
when it is not. Results are kept per image URL for `image_ttl` (a failure for an hour), and a
report scored while its image was pending is scored again once the result is in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.facts import ImageCredentials
from scoring.image_credentials import read_credentials
from scoring.schema import to_json
from server.fetcher import Fetcher, Limits
from server.outlets import (
    RETRY_AFTER,
    InlineRunner,
    MemoryProfileStore,
    ProfileStore,
    QueueRunner,
    RedisProfileStore,
    Runner,
    check_limits,
    now_iso,
    run_job,
)
from server.outlets import subject_key as image_key
from server.problems import Problem
from server.redis_link import RedisLink

KIND = "image"
JOB = "server.image_checks.check_image_job"


class ImageChecker:
    """Fetches one image and reads its Content Credentials."""

    kind = KIND

    def __init__(self, fetcher: Fetcher, limits: Limits, trust_anchors: str | None):
        self.fetcher = fetcher
        self.limits = limits
        self.trust_anchors = trust_anchors

    def check(self, key: str, subject: str) -> ImageCredentials:
        """`subject` is the image's URL."""
        # Taken at check time, so the fetcher's address policy and resolver are the app's own.
        fetcher = self.fetcher.with_limits(self.limits)
        checked_at = now_iso()
        try:
            image = fetcher.fetch_image(subject)
        except Problem as e:
            if e.code == "too_large":
                reason = f"the image is larger than {self.limits.max_bytes} bytes"
            else:
                reason = f"the image: {e.detail}"
            return ImageCredentials(state="failed", reason=reason, checked_at=checked_at)
        return read_credentials(image.body, image.content_type, self.trust_anchors, checked_at)


@dataclass(frozen=True)
class ImageStatus:
    """Where the lead image's check stands: the report's `image_checks`."""

    state: str  # pending | ready | failed
    url: str
    trust_list: bool  # the admin configured a trust list for signers
    retry_after: int | None  # pending: score again after this many seconds


@dataclass(frozen=True)
class Lookup:
    url: str
    key: str
    credentials: ImageCredentials | None

    @property
    def state(self) -> str:
        return self.credentials.state if self.credentials else "pending"


class ImageChecks:
    def __init__(self, store: ProfileStore, runner: Runner, trusted_list: bool):
        self.store = store
        self.runner = runner
        self.trusted_list = trusted_list

    def lookup(self, url: str) -> Lookup | None:
        if not url.startswith(("http://", "https://")):
            return None
        key = image_key(url)
        data = self.store.get(key)
        return Lookup(url, key, ImageCredentials.from_dict(data) if data else None)

    def request(self, lookup: Lookup) -> None:
        """Queue a check of a pending image, unless one is queued already."""
        if lookup.credentials is not None or not self.store.claim(lookup.key):
            return
        if not self.runner.submit(lookup.key, lookup.url):
            self.store.release(lookup.key)

    def view(self) -> CredentialsView:
        """What the engine reads: image URL -> credentials, for those already checked."""
        return CredentialsView(self)

    def annotate(self, report: dict[str, Any]) -> None:
        """After scoring: mark a lead image not yet checked as pending, queue its check, and
        say where the checks stand in `image_checks`."""
        lead = (report.get("facts") or {}).get("lead_image")
        if not lead:
            return
        lookup = self.lookup(lead["url"])
        if lookup is None:
            return
        if lead.get("credentials") is None:
            lead["credentials"] = ImageCredentials(state="pending").to_dict()
            self.request(lookup)
        retry = RETRY_AFTER if lookup.credentials is None else None
        status = ImageStatus(lookup.state, lookup.url, self.trusted_list, retry)
        report["image_checks"] = to_json(status)

    def checked_since(self, report: dict[str, Any]) -> bool:
        """A cached report whose lead image was pending, and is checked now: score it again."""
        checks = report.get("image_checks")
        if not checks or checks.get("state") != "pending":
            return False
        lookup = self.lookup(str(checks.get("url", "")))
        if lookup is None:
            return False
        if lookup.credentials is None:
            self.request(lookup)  # still pending: make sure a check is queued
            return False
        return True


class CredentialsView(Mapping[str, ImageCredentials]):
    """A read-only mapping over the store, so the engine takes credentials without knowing
    where they are kept."""

    def __init__(self, checks: ImageChecks):
        self.checks = checks

    def __getitem__(self, url: str) -> ImageCredentials:
        lookup = self.checks.lookup(url)
        if lookup is None or lookup.credentials is None:
            raise KeyError(url)
        return lookup.credentials

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _limits(settings: Any, inline: bool) -> Limits:
    return check_limits(settings, inline, settings.image_max_bytes)


def trust_anchors(settings: Any) -> str | None:
    """The admin's PEM bundle, or None: then no signer is trusted."""
    if not settings.image_trust_anchors:
        return None
    with open(settings.image_trust_anchors, encoding="ascii") as f:
        return f.read()


def build(settings: Any, fetcher: Fetcher, link: RedisLink | None) -> ImageChecks | None:
    """The image checks for an app, or None when the admin turned them off."""
    if not settings.image_checks:
        return None
    trusted_list = bool(settings.image_trust_anchors)
    if link is not None:
        timeout = int(settings.fetch_timeout + 30)
        runner = QueueRunner(link, timeout, job=JOB, kind=KIND)
        return ImageChecks(RedisProfileStore(link, KIND), runner, trusted_list)
    store = MemoryProfileStore()
    checker = ImageChecker(fetcher, _limits(settings, inline=True), trust_anchors(settings))
    return ImageChecks(store, InlineRunner(checker, store, settings.image_ttl), trusted_list)


# The RQ job, on the outlet checks' queue. `provenance worker` sets its context once.
_worker_context: tuple[ImageChecker, ProfileStore, int] | None = None


def configure_worker(settings: Any, link: RedisLink) -> None:
    global _worker_context

    checker = ImageChecker(
        Fetcher.from_settings(settings), _limits(settings, inline=False), trust_anchors(settings)
    )
    _worker_context = (checker, RedisProfileStore(link, KIND), settings.image_ttl)


def check_image_job(key: str, url: str) -> str:
    return run_job(KIND, lambda: _worker_context, configure_worker, key, url)
