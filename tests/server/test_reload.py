"""Live reload in one process: POST /v1/admin/reload, its token, refusing an invalid file,
requests in flight, the cache across rules versions, and GET /v1/rules against the CLI."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from admin_material import admin_dir, write
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scoring import load_config
from server.cli import main
from server.settings import SettingsError, load_settings

TOKEN = "admin-token-for-the-reload-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
URL = "https://news.example.com/2024/03/12/harbour"


def rules_file(tmp_path: Path, author_named: int, extra: str = "") -> Path:
    return write(tmp_path / "admin.toml", f"[rules]\nAUTHOR_NAMED = {author_named}\n{extra}")


def points(report: dict[str, Any], rule: str) -> float | None:
    return next((f["points"] for f in report["findings"] if f["rule"] == rule), None)


def stderr_events(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    lines = capsys.readouterr().err.splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_get_rules_is_what_rules_list_json_prints(
    make_app: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = admin_dir(tmp_path, "OUTLET_RATED_LOW = -4\nAUTHOR_NAMED = 9")
    served = make_app(config_path=str(path)).test_client().get("/v1/rules").json
    capsys.readouterr()
    assert main(["rules", "list", "--config", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert served == printed
    assert printed["data"]["outlet_lists"]["watch"] == 1  # the admin's data files are in it


def test_reload_endpoint_is_off_without_an_admin_token(make_app: Any) -> None:
    r = make_app().test_client().post("/v1/admin/reload", headers=BEARER)
    assert r.status_code == 404
    assert r.mimetype == "application/problem+json"
    assert r.json["code"] == "not_found"
    assert "admin_token" in r.json["detail"]


def test_reload_needs_the_admin_token_not_an_api_key(make_app: Any, tmp_path: Path) -> None:
    path = rules_file(tmp_path, 11)
    api_key = "an-api-key-the-extension-carries"
    client = make_app(config_path=str(path), admin_token=TOKEN, api_keys=(api_key,)).test_client()
    for headers in (
        {},
        {"Authorization": "Bearer not-the-admin-token"},
        {"Authorization": f"Bearer {api_key}"},
        {"X-API-Key": TOKEN},  # only the Authorization header carries the admin token
        {"Authorization": TOKEN},
    ):
        r = client.post("/v1/admin/reload", headers=headers)
        assert r.status_code == 401, headers
        assert r.json["code"] == "unauthorized"
        assert r.json["title"] == "Missing or wrong admin token"
        assert "admin token" in r.json["detail"] and "API key" not in r.json["title"]
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post("/v1/admin/reload", headers=BEARER).json["status"] == "unchanged"


def test_reload_puts_the_new_rules_in_force(make_app: Any, tmp_path: Path, make_page: Any) -> None:
    path = rules_file(tmp_path, 11)
    client = make_app(config_path=str(path), admin_token=TOKEN).test_client()
    old = client.get("/v1/rules").json["rules_version"]
    body = {"url": URL, "html": make_page()}
    assert points(client.post("/v1/score", json=body).json, "AUTHOR_NAMED") == 11

    rules_file(tmp_path, 19, "[server]\nworkers = 3\ncache_ttl = 60\n")
    r = client.post("/v1/admin/reload", headers=BEARER)
    assert r.status_code == 200
    new = load_config(path).rules_version
    assert r.json == {
        "status": "reloaded",
        "rules_version": new,
        "previous_rules_version": old,
        "restart_needed": ["cache_ttl", "workers"],  # [server] settings apply at a restart
    }
    assert client.get("/v1/rules").json["rules_version"] == new
    report = client.post("/v1/score", json=body).json
    assert (report["rules_version"], report["cached"]) == (new, False)
    assert points(report, "AUTHOR_NAMED") == 19


def test_an_invalid_file_is_refused_with_every_problem_and_the_old_rules_stay(
    make_app: Any, tmp_path: Path, make_page: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rules_file(tmp_path, 11)
    client = make_app(config_path=str(path), admin_token=TOKEN).test_client()
    old = client.get("/v1/rules").json["rules_version"]
    write(
        path,
        '[rules]\nAUTHOR_NAMD = 19\nNO_LINKED_SOURCES = "a lot"\n\n[server]\nwrokers = 3\n',
    )
    capsys.readouterr()
    r = client.post("/v1/admin/reload", headers=BEARER)
    assert r.status_code == 422
    assert r.mimetype == "application/problem+json"
    assert r.json["code"] == "invalid_config"
    assert r.json["rules_version"] == old
    assert r.json["problems"] == [
        {
            "file": str(path),
            "line": 2,
            "path": "rules.AUTHOR_NAMD",
            "message": "unknown rule AUTHOR_NAMD: did you mean AUTHOR_NAMED?",
        },
        {
            "file": str(path),
            "line": 3,
            "path": "rules.NO_LINKED_SOURCES",
            "message": "must be a whole number",
        },
        {
            "file": str(path),
            "line": 6,
            "path": "server.wrokers",
            "message": "unknown key wrokers: did you mean workers?",
        },
    ]
    logged = [e for e in stderr_events(capsys) if e.get("outcome") == "refused"]
    assert len(logged) == 1
    assert logged[0]["problems"] == [
        f"{path}:2: rules.AUTHOR_NAMD: unknown rule AUTHOR_NAMD: did you mean AUTHOR_NAMED?",
        f"{path}:3: rules.NO_LINKED_SOURCES: must be a whole number",
        f"{path}:6: server.wrokers: unknown key wrokers: did you mean workers?",
    ]
    assert client.get("/v1/rules").json["rules_version"] == old
    report = client.post("/v1/score", json={"url": URL, "html": make_page()}).json
    assert (report["rules_version"], points(report, "AUTHOR_NAMED")) == (old, 11)


def test_a_server_setting_out_of_range_is_refused_too(make_app: Any, tmp_path: Path) -> None:
    path = rules_file(tmp_path, 11)
    client = make_app(config_path=str(path), admin_token=TOKEN).test_client()
    rules_file(tmp_path, 19, "[server]\nworkers = 0\n")
    r = client.post("/v1/admin/reload", headers=BEARER)
    assert r.status_code == 422
    assert [(p["path"], p["line"]) for p in r.json["problems"]] == [("server.workers", 4)]


def test_editing_a_ratings_file_is_a_new_rules_version(
    make_app: Any, tmp_path: Path, make_page: Any
) -> None:
    path = admin_dir(tmp_path)
    client = make_app(config_path=str(path), admin_token=TOKEN).test_client()
    body = {"url": URL, "html": make_page()}
    before = client.post("/v1/score", json=body).json
    assert before["facts"]["outlet"]["ratings_disagree"] is True
    csv = tmp_path / "ratings" / "sources.csv"
    csv.write_text(csv.read_text().replace("example.com,high,Source B", "example.com,low,Source B"))
    assert client.post("/v1/admin/reload", headers=BEARER).json["status"] == "reloaded"
    after = client.post("/v1/score", json=body).json
    assert after["rules_version"] != before["rules_version"]
    assert after["cached"] is False
    assert after["facts"]["outlet"]["ratings"] == [
        {"source": "Source A", "rating": "low"},
        {"source": "Source B", "rating": "low"},
    ]
    assert after["facts"]["outlet"]["ratings_disagree"] is False


def test_cached_reports_of_other_rules_are_never_served(
    make_app: Any, tmp_path: Path, make_page: Any, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/story").respond_with_data(make_page(), content_type="text/html")
    url = httpserver.url_for("/story")
    path = rules_file(tmp_path, 11)
    client = make_app(config_path=str(path), admin_token=TOKEN).test_client()

    def score() -> tuple[str, bool, float | None]:
        r = client.get("/v1/score", query_string={"url": url}).json
        return r["rules_version"], r["cached"], points(r, "AUTHOR_NAMED")

    a = client.get("/v1/rules").json["rules_version"]
    assert score() == (a, False, 11)
    assert score() == (a, True, 11)
    rules_file(tmp_path, 19)
    b = client.post("/v1/admin/reload", headers=BEARER).json["rules_version"]
    assert score() == (b, False, 19)
    assert score() == (b, True, 19)
    rules_file(tmp_path, 11)  # back to the first rules: their reports are still good
    assert client.post("/v1/admin/reload", headers=BEARER).json["rules_version"] == a
    assert score() == (a, True, 11)


def test_a_request_in_flight_keeps_the_rules_it_started_with(
    make_app: Any, tmp_path: Path, make_page: Any, httpserver: HTTPServer, live_server: Any
) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(_: Request) -> Response:
        entered.set()
        release.wait(10)
        return Response(make_page(), content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    path = rules_file(tmp_path, 11)
    base = live_server(make_app(config_path=str(path), admin_token=TOKEN))
    old = requests.get(f"{base}/v1/rules", timeout=10).json()["rules_version"]
    answers: list[dict[str, Any]] = []

    def ask() -> None:
        r = requests.get(
            f"{base}/v1/score", params={"url": httpserver.url_for("/slow")}, timeout=30
        )
        answers.append({"status": r.status_code, **r.json()})

    in_flight = threading.Thread(target=ask)
    in_flight.start()
    try:
        assert entered.wait(10), "the server never fetched the page"
        rules_file(tmp_path, 19)
        reloaded = requests.post(f"{base}/v1/admin/reload", headers=BEARER, timeout=10).json()
        assert reloaded["status"] == "reloaded"
    finally:
        release.set()
        in_flight.join(30)
    [answer] = answers
    assert answer["status"] == 200
    assert (answer["rules_version"], points(answer, "AUTHOR_NAMED")) == (old, 11)
    after = requests.get(
        f"{base}/v1/score", params={"url": httpserver.url_for("/slow")}, timeout=30
    )
    assert after.json()["rules_version"] == reloaded["rules_version"]
    assert points(after.json(), "AUTHOR_NAMED") == 19


def test_admin_token_setting(tmp_path: Path) -> None:
    env = {"PROVENANCE_ADMIN_TOKEN": TOKEN}
    assert load_settings(env=env).admin_token == TOKEN
    assert TOKEN not in repr(load_settings(env=env))
    with pytest.raises(
        SettingsError, match="PROVENANCE_ADMIN_TOKEN: must have at least 16 characters"
    ):
        load_settings(env={"PROVENANCE_ADMIN_TOKEN": "short"})
    with pytest.raises(SettingsError, match="admin_token: must not be one of the api_keys"):
        load_settings(env=env | {"PROVENANCE_API_KEYS": TOKEN})
    path = write(tmp_path / "admin.toml", f'[server]\nadmin_token = "{TOKEN}"\n')
    assert load_settings(str(path), env={}).config_path == str(path)
