"""Hostile pages through the whole HTTP path of a real `provenance serve`: generated pages get
a report or a 4xx problem within the scoring budget plus a margin, never a 5xx; and a short
soak mixing hostile and ordinary requests fails no ordinary request (the 60 s run is
`python -m server.tools.soak --seconds 60`, in docs/benchmarks.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from server.settings import Settings
from server.tools import soak
from server.tools.loadtest import start_backend, start_upstream, synthetic_article

BUDGET = Settings().score_budget
# The per-request limit: the budget, plus time to queue behind a hostile page already being
# read and to send 5 MB over loopback on a busy machine.
LIMIT = BUDGET * 2 + 30


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    proc, base = start_backend(workers=2, redis_url=None, outlet_checks=False)
    yield base
    proc.terminate()
    proc.wait(30)


def attributes(n: int, quoted: bool) -> str:
    value = '"x>"' if quoted else "b"
    return " ".join(f"a{i}={value}" for i in range(n))


fragments = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda n, q: f"<p {attributes(n, q)}>x</p>",
        st.sampled_from([10, 999, 1_001, 5_000, 62_000]),
        st.booleans(),
    ),
    st.builds(lambda n, tag: f"<{tag}>" * n, st.integers(0, 40_000), st.sampled_from(["div", "b"])),
    st.builds(
        lambda n: (
            '<script type="application/ld+json">{"@type":"NewsArticle","a":'
            + "[" * n
            + "]" * n
            + "}</script>"
        ),
        st.sampled_from([5, 40, 1_000, 100_000]),
    ),
    st.builds(
        lambda n, w: (w + " ") * n,
        st.integers(0, 50_000),
        st.sampled_from(["according to", "By", "(Reuters)", "said", "2024-03-12", "«", "a" * 50]),
    ),
    st.just(synthetic_article().decode()),
)


JSON_LD_1000_DEEP = (
    '<script type="application/ld+json">{"@type":"NewsArticle","a":'
    + "[" * 1_000
    + "]" * 1_000
    + "}</script>"
)


@given(parts=st.lists(fragments, min_size=1, max_size=4))
@example(parts=[f"<p {attributes(62_000, False)}>x</p>"])  # the reproductions
@example(parts=[JSON_LD_1000_DEEP, synthetic_article().decode()])
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_generated_hostile_pages_never_get_a_server_error(served: str, parts: list[str]) -> None:
    html = "".join(parts)[:4_900_000]
    r = requests.post(
        f"{served}/v1/score",
        data=json.dumps({"url": "https://harbour.example/news/a", "html": html}),
        headers={"Content-Type": "application/json"},
        timeout=LIMIT,
    )
    assert r.status_code in (200, 413, 422), r.text[:300]
    if r.status_code != 200:
        assert r.headers["Content-Type"] == "application/problem+json"
        assert r.json()["code"] in ("too_large", "too_complex")


def test_a_short_soak_fails_no_ordinary_request(served: str) -> None:
    upstream = start_upstream(synthetic_article())
    try:
        origin = f"http://127.0.0.1:{upstream.server_address[1]}"
        tallies = soak.run(served, origin, seconds=8, ordinary=2, hostile=2)
    finally:
        upstream.shutdown()
    assert soak.failed(tallies) == []
    assert tallies["ordinary"].statuses["200"] > 0
    assert tallies["62,000 attributes"].statuses["422"] > 0
