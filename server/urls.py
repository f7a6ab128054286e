"""Checking and normalising the URLs clients ask about.

The normalised form is the cache key: same page, same key, whatever the letter case, default
port or fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from server.problems import Problem

MAX_URL_LENGTH = 2048
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
# Characters allowed unescaped in a path or query (RFC 3986), plus % for existing escapes.
_SAFE = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower-case ASCII (IDNA); an IPv6 literal without brackets
    port: int
    path: str  # path and query, percent-encoded, never empty

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.path}"


def parse_target(raw: object) -> Target:
    """A Target, or Problem("invalid_url") saying what is wrong with `raw`."""
    if not isinstance(raw, str) or not raw.strip():
        raise Problem("invalid_url", "url must be a non-empty string")
    url = raw.strip()
    if len(url) > MAX_URL_LENGTH:
        raise Problem("invalid_url", f"url is longer than {MAX_URL_LENGTH} characters")
    if _CONTROL_OR_SPACE.search(url):
        raise Problem("invalid_url", "url contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise Problem("invalid_url", f"url cannot be parsed: {e}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = f"{scheme}://" if scheme else "no scheme"
        raise Problem("invalid_url", f"only http:// and https:// URLs can be scored, not {shown}")
    if parts.username is not None or parts.password is not None:
        raise Problem("invalid_url", "url must not contain a user name or password")
    host = _ascii_host(parts.hostname or "")
    if port == 0:
        raise Problem("invalid_url", "url has port 0")
    path = quote(parts.path or "/", safe=_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_SAFE)
    return Target(scheme, host, port or _DEFAULT_PORTS[scheme], path)


def _ascii_host(host: str) -> str:
    if not host:
        raise Problem("invalid_url", "url has no host")
    host = host.lower()
    if host.isascii():
        ascii_host = host
    else:
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise Problem("invalid_url", "url has a host name that is not valid") from None
    if not re.fullmatch(r"[a-z0-9._:\-\[\]]+", ascii_host) or ".." in ascii_host:
        raise Problem("invalid_url", "url has a host name that is not valid")
    return ascii_host
