"""Server settings: the admin file's [server] table, PROVENANCE_* overrides, strict checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import Settings, SettingsError, load_settings


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "provenance.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_work_on_a_bare_machine() -> None:
    s = load_settings(env={})
    assert s.redis_url is None
    assert s.bind == "127.0.0.1:8000"
    assert s.allow_private_addresses is False
    assert s.max_redirects == 5
    assert s.scoring is not None


def test_the_server_table_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[server]\nredis_url = "redis://cache:6379/0"\nworkers = 4\n'
        'api_keys = ["0123456789abcdef0123"]\nrate_limit = "10/second"\n',
    )
    s = load_settings(path, env={})
    assert (s.redis_url, s.workers, s.api_keys) == (
        "redis://cache:6379/0",
        4,
        ("0123456789abcdef0123",),
    )


def test_an_unknown_key_is_named_with_the_closest_one(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nredis_ulr = "redis://x"\n')
    with pytest.raises(SettingsError) as e:
        load_settings(path, env={})
    assert "server.redis_ulr" in str(e.value)
    assert "did you mean redis_url?" in str(e.value)


def test_wrong_types_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, '[server]\nworkers = "four"\nallow_private_addresses = 1\n')
    with pytest.raises(SettingsError) as e:
        load_settings(path, env={})
    assert "server.workers: must be a whole number" in str(e.value)
    assert "server.allow_private_addresses: must be true or false" in str(e.value)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[server]\nworkers = 4\n")
    env = {
        "PROVENANCE_CONFIG": path,
        "PROVENANCE_WORKERS": "8",
        "PROVENANCE_REDIS_URL": "redis://127.0.0.1:1/0",
        "PROVENANCE_ALLOW_PRIVATE_ADDRESSES": "yes",
        "PROVENANCE_ALLOWED_NETWORKS": "10.1.0.0/16, 192.168.5.5",
        "PROVENANCE_API_KEYS": "aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb",
    }
    s = load_settings(env=env)
    assert s.workers == 8
    assert s.redis_url == "redis://127.0.0.1:1/0"
    assert s.allow_private_addresses is True
    assert s.allowed_networks == ("10.1.0.0/16", "192.168.5.5")
    assert s.api_keys == ("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb")


def test_flags_override_the_environment() -> None:
    s = load_settings(env={"PROVENANCE_BIND": "0.0.0.0:9000"}, overrides={"bind": "127.0.0.1:1"})
    assert s.bind == "127.0.0.1:1"


@pytest.mark.parametrize("bind", ["0.0.0.0:9000", "[::1]:8000", "fd://3"])
def test_an_address_or_an_inherited_socket_is_a_bind(bind: str) -> None:
    assert load_settings(env={"PROVENANCE_BIND": bind}).bind == bind


def test_an_unknown_environment_variable_is_named() -> None:
    with pytest.raises(SettingsError) as e:
        load_settings(env={"PROVENANCE_REDIS_URI": "redis://x"})
    assert "did you mean PROVENANCE_REDIS_URL?" in str(e.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_redirects": 9}, "max_redirects"),
        ({"allowed_networks": ("not-a-network",)}, "allowed_networks"),
        ({"rate_limit": "lots"}, "rate_limit"),
        ({"redis_url": "http://x"}, "redis_url"),
        ({"api_keys": ("short",)}, "api_keys"),
        ({"fetch_timeout": 0.0}, "fetch_timeout"),
        ({"log_level": "loud"}, "log_level"),
        ({"bind": "localhost"}, "bind"),
        ({"bind": "fd://three"}, "bind"),
        ({"bind": "127.0.0.1:8000 fd://3"}, "bind"),
    ],
)
def test_invalid_values_are_errors(change: dict[str, object], message: str) -> None:
    from server.settings import validate

    with pytest.raises(SettingsError) as e:
        validate(Settings(**change))  # type: ignore[arg-type]
    assert message in str(e.value)


def test_scoring_config_errors_still_come_from_the_engine(tmp_path: Path) -> None:
    from scoring import ConfigError

    path = write(tmp_path, "[rules]\nAUTHOR_NAMD = 3\n")
    with pytest.raises(ConfigError):
        load_settings(path, env={})


def test_serve_reports_bad_settings_and_exits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.cli import main

    for name in [n for n in __import__("os").environ if n.startswith("PROVENANCE_")]:
        monkeypatch.delenv(name)
    path = write(tmp_path, "[server]\nwokers = 2\n")
    assert main(["serve", "--config", path]) == 1
    assert "did you mean workers?" in capsys.readouterr().err


def test_an_inherited_socket_is_checked_before_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--bind fd://N` must name an open, listening socket: anything else is a clear error
    and exit status 1, not a traceback from the server."""
    import os
    import socket

    from server.cli import main
    from server.serve import inherited_socket_problem

    closed = 1000  # far above any descriptor this process holds
    with pytest.raises(OSError):
        os.fstat(closed)
    with (tmp_path / "g").open("w") as file, socket.socket() as bound, socket.socket() as ready:
        bound.bind(("127.0.0.1", 0))
        ready.bind(("127.0.0.1", 0))
        ready.listen()
        assert inherited_socket_problem(f"fd://{closed}") == f"file descriptor {closed} is not open"
        assert "is not a socket" in (inherited_socket_problem(f"fd://{file.fileno()}") or "")
        assert "is not listening" in (inherited_socket_problem(f"fd://{bound.fileno()}") or "")
        assert inherited_socket_problem(f"fd://{ready.fileno()}") is None
        assert inherited_socket_problem("127.0.0.1:8000") is None
        ready.getsockname()  # still open: the check closed only its own copy

    for name in [n for n in os.environ if n.startswith("PROVENANCE_")]:
        monkeypatch.delenv(name)
    assert main(["serve", "--bind", f"fd://{closed}"]) == 1
    assert f"cannot serve on fd://{closed}: file descriptor {closed} is not open" in (
        capsys.readouterr().err
    )
