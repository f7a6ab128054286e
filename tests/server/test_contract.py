"""The published schema is the JSON: real reports validate against /openapi.json, and a field
the schema does not list (at any depth) fails validation."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from material import CORPUS, seed_html

from scoring import score_html
from server.app import create_app
from server.settings import Settings

SEED_URL = "https://www.alsahawat-times.com/world/russia-venezuela-military-exit-impossible/"
CORPUS_SAMPLE = 40


@pytest.fixture(scope="module")
def app() -> Iterator[Any]:
    app = create_app(Settings(rate_limit=""))

    def private(host: str, port: int, *args: Any) -> list[Any]:
        # Outlet checks stay local: every host "resolves" to an address the fetcher refuses.
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.255.255.1", port))]

    fetcher = app.extensions["provenance.service"].fetcher
    real = fetcher._resolve
    fetcher._resolve = private
    yield app
    fetcher._resolve = real


def validator(spec: dict[str, Any], ref: str) -> Any:
    """A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) for one schema of the document."""
    return jsonschema_rs.Draft202012Validator(
        {"$ref": ref, "components": spec["components"]}, validate_formats=True
    )


@pytest.fixture(scope="module")
def spec(app: Any) -> dict[str, Any]:
    spec: dict[str, Any] = app.test_client().get("/openapi.json").json
    return spec


@pytest.fixture(scope="module")
def score_200(spec: dict[str, Any]) -> Any:
    """The schema of POST /v1/score's 200 response, as the document publishes it."""
    content = spec["paths"]["/v1/score"]["post"]["responses"]["200"]["content"]
    return validator(spec, content["application/json"]["schema"]["$ref"])


@pytest.fixture(scope="module")
def seed_response(app: Any) -> dict[str, Any]:
    html = seed_html().decode()
    r = app.test_client().post("/v1/score", json={"url": SEED_URL, "html": html})
    assert r.status_code == 200
    body: dict[str, Any] = r.json
    return body


def errors(v: Any, data: Any) -> list[str]:
    return [e.message for e in v.iter_errors(data)]


def test_the_seed_response_validates(score_200: Any, seed_response: dict[str, Any]) -> None:
    assert seed_response["outlet_checks"]["state"] in {"pending", "failed"}
    assert errors(score_200, seed_response) == []


@pytest.mark.parametrize(
    "where",
    [
        (),
        ("facts",),
        ("facts", "outlet"),
        ("facts", "authors", 0),
        ("facts", "named_sources", 0),
        ("findings", 0),
        ("findings", 0, "evidence", 0),
        ("groups", 0),
        ("outlet_checks",),
    ],
    ids=lambda w: ".".join(map(str, w)) or "report",
)
def test_an_unknown_field_at_any_depth_fails(
    score_200: Any, seed_response: dict[str, Any], where: tuple[Any, ...]
) -> None:
    changed = copy.deepcopy(seed_response)
    node = changed
    for step in where:
        node = node[step]
    node["surprise"] = 1
    assert any("surprise" in e for e in errors(score_200, changed))


def test_a_missing_field_fails(score_200: Any, seed_response: dict[str, Any]) -> None:
    changed = copy.deepcopy(seed_response)
    del changed["facts"]["dates"]["published_source"]
    assert errors(score_200, changed)


def test_points_are_integers(score_200: Any, seed_response: dict[str, Any]) -> None:
    changed = copy.deepcopy(seed_response)
    changed["findings"][0]["points"] = 2.5
    assert errors(score_200, changed)


@pytest.mark.corpus
def test_corpus_reports_validate(spec: dict[str, Any]) -> None:
    """Real pages of every kind (articles and not) give reports the schema accepts."""
    if not (CORPUS / "labels.jsonl").is_file():
        pytest.skip("the shared corpus is not available next to the repository")
    from scoring.tools.corpus import read_corpus

    report = validator(spec, "#/components/schemas/Report")
    pages = read_corpus(CORPUS, limit=CORPUS_SAMPLE)
    assert pages
    for page in pages:
        data = score_html(page.html, page.url).to_dict()
        assert errors(report, data) == [], page.id
