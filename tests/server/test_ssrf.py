"""The fetcher refuses to be an SSRF proxy: every address of every hop is checked first."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from server.addresses import AddressPolicy, literal_address, why_blocked
from server.fetcher import Fetcher, Limits
from server.problems import Problem

REFUSED = [
    "http://127.0.0.1/",
    "http://127.0.0.1:6379/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://240.0.0.1/",  # reserved
    "https://255.255.255.255/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "ftp://example.com/file",
    "dict://127.0.0.1:11211/",
    "http://user:pass@example.com/",
    "http:///nohost",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_by_default_through_the_api(url: str, make_app: Any, connect_guard: Any) -> None:
    client = make_app(allow_private_addresses=False).test_client()
    r = client.get("/v1/score", query_string={"url": url})
    assert r.status_code == 400
    assert r.mimetype == "application/problem+json"
    assert r.json["code"] in ("blocked_address", "invalid_url")
    assert connect_guard.refused == []  # refused before any connection was tried


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://[::1]/", "http://0x7f000001/", "http://169.254.169.254/"],
)
def test_private_addresses_are_blocked_addresses_not_invalid(url: str, make_app: Any) -> None:
    client = make_app(allow_private_addresses=False).test_client()
    r = client.post("/v1/score", json={"url": url})
    assert r.json["code"] == "blocked_address"


def test_the_default_settings_refuse_a_local_test_page(
    make_page: Any, httpserver: HTTPServer
) -> None:
    """Not the test config: the shipped defaults."""
    from server.app import create_app
    from server.settings import Settings

    httpserver.expect_request("/story").respond_with_data(make_page(), content_type="text/html")
    client: Any = create_app(Settings()).test_client()
    r = client.get("/v1/score", query_string={"url": httpserver.url_for("/story")})
    assert r.json["code"] == "blocked_address"
    assert len(httpserver.log) == 0


def test_the_allow_private_switch_lets_local_pages_through(
    make_page: Any, httpserver: HTTPServer, make_app: Any
) -> None:
    httpserver.expect_request("/story").respond_with_data(make_page(), content_type="text/html")
    client = make_app(allow_private_addresses=True).test_client()
    r = client.get("/v1/score", query_string={"url": httpserver.url_for("/story")})
    assert r.status_code == 200, r.json
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]/",
        "http://0x7f000001/",
        "gopher://example.com/",
    ],
)
def test_a_redirect_from_an_allowed_page_to_a_private_address_is_refused(
    location: str, httpserver: HTTPServer, make_app: Any, connect_guard: Any
) -> None:
    # Only the test server's own address is allowed, so its page passes and the hop is checked.
    httpserver.expect_request("/go").respond_with_data(
        "", status=302, headers={"Location": location}
    )
    client = make_app(
        allow_private_addresses=False, allowed_networks=("127.0.0.1/32",)
    ).test_client()
    r = client.get("/v1/score", query_string={"url": httpserver.url_for("/go")})
    assert r.json["code"] in ("blocked_address", "invalid_url")
    assert len(httpserver.log) == 1
    assert connect_guard.refused == []


@pytest.mark.parametrize(
    "answer", ["127.0.0.1", "::1", "10.1.2.3", "169.254.169.254", "::ffff:10.0.0.1"]
)
def test_a_host_name_that_resolves_to_a_private_address_is_refused(answer: str) -> None:
    def resolver(host: str, port: int, *args: Any) -> list[Any]:
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answer, port))]

    with pytest.raises(Problem) as e:
        Fetcher(resolver=resolver).fetch("https://innocent-looking.example/news")
    assert e.value.code == "blocked_address"


def test_any_blocked_address_among_several_refuses_the_host() -> None:
    def resolver(host: str, port: int, *args: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    with pytest.raises(Problem) as e:
        Fetcher(resolver=resolver).fetch("http://mixed.example/")
    assert e.value.code == "blocked_address"


def test_connects_to_the_vetted_address_without_a_second_lookup(
    make_page: Any, httpserver: HTTPServer
) -> None:
    """DNS rebinding: a second lookup would say 10.0.0.1; the fetcher never makes one."""
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
    asked: list[str] = []

    def resolver(host: str, port: int, *args: Any) -> list[Any]:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    httpserver.expect_request("/story").respond_with_data(make_page(), content_type="text/html")
    policy = AddressPolicy.from_settings(False, ["127.0.0.1/32"])
    page = Fetcher(policy, Limits(total_timeout=5), resolver).fetch(
        f"http://news.example:{httpserver.port}/story"
    )
    assert asked == ["news.example"]
    assert page.url == f"http://news.example:{httpserver.port}/story"
    assert httpserver.log[0][0].headers["Host"] == f"news.example:{httpserver.port}"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("example.com", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("08.0.0.1", None),  # 08 is not octal
    ],
)
def test_literal_addresses_in_every_numeric_form(host: str, expected: str | None) -> None:
    ip = literal_address(host)
    assert (str(ip) if ip else None) == expected


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert why_blocked(ipaddress.ip_address(address)) is None
