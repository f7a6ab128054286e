"""The safe fetcher: fetch a page a client names without becoming an SSRF
proxy, a memory sink or a stuck worker.

Every hop: parse and check the URL, resolve the host once, refuse it if any of its addresses is
not public, then connect to exactly the address that was checked (the Host header and TLS name
come from the URL, so there is no second lookup to rebind). A watchdog closes the socket at the
total deadline, so a server that drips bytes cannot hold a worker. Bodies are decompressed here,
with the byte limit applied to the decompressed size.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar
from urllib.parse import urljoin

import urllib3.connection
import urllib3.exceptions
import urllib3.response

from server.addresses import AddressPolicy, is_canonical_literal, literal_address
from server.problems import Problem
from server.urls import Target, parse_target

try:
    _VERSION = version("provenance-lens")
except PackageNotFoundError:
    _VERSION = "0"
USER_AGENT = f"ProvenanceLens/{_VERSION} (+article provenance scoring)"


def user_agent(contact_url: str | None) -> str:
    """The User-Agent every fetch sends: the project, and where a site's operator can ask."""
    return f"ProvenanceLens/{_VERSION} (+{contact_url})" if contact_url else USER_AGENT


HTML_TYPES = ("text/html", "application/xhtml+xml")
# Images whose Content Credentials can be read (server.image_checks).
IMAGE_TYPES = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/avif",
    "image/heic",
    "image/heif",
    "image/tiff",
)
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
IMAGE_ACCEPT = ", ".join(IMAGE_TYPES) + ";q=0.9"
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 65536
# Addresses of one host tried in turn when a connection is refused (IPv6 without a route ...).
MAX_ADDRESSES_TRIED = 3
# Leading bytes of formats that are never HTML, whatever the Content-Type says.
MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BM",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"\x7fELF",
    b"\x00asm",
    b"7z\xbc\xaf",
    b"wOFF",
    b"wOF2",
)
T = TypeVar("T")
_DNS = concurrent.futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="dns")


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5


@dataclass
class Page:
    url: str  # after redirects
    body: bytes  # decompressed
    content_type: str
    charset: str | None
    redirects: list[str] = field(default_factory=list)

    def text_or_bytes(self) -> str | bytes:
        """The header's charset wins over the page's own (HTML spec), except after a BOM."""
        if self.charset and not self.body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            try:
                return self.body.decode(self.charset, errors="replace")
            except LookupError:
                pass
        return self.body


@dataclass
class Answer:
    """What a site answered at the end of its redirects, whatever the status: for checking
    that a link still leads somewhere (server.citation_checks)."""

    url: str  # after redirects
    status: int
    content_type: str
    redirects: list[str]
    page: Page | None  # a 2xx HTML page, read under the limits; None otherwise


class Fetcher:
    def __init__(
        self,
        policy: AddressPolicy | None = None,
        limits: Limits | None = None,
        resolver=socket.getaddrinfo,
        agent: str = USER_AGENT,
    ):
        self.policy = policy or AddressPolicy()
        self.limits = limits or Limits()
        self._resolve = resolver
        self.agent = agent

    @classmethod
    def from_settings(cls, settings: Any) -> Fetcher:
        """The fetcher the server's settings describe: address policy, time and size limits."""
        return cls(
            AddressPolicy.from_settings(
                settings.allow_private_addresses, settings.allowed_networks
            ),
            Limits(
                connect_timeout=settings.connect_timeout,
                read_timeout=settings.read_timeout,
                total_timeout=settings.fetch_timeout,
                max_bytes=settings.max_page_bytes,
                max_redirects=settings.max_redirects,
            ),
            agent=user_agent(settings.contact_url),
        )

    def with_limits(self, limits: Limits) -> Fetcher:
        """The same address policy, resolver and User-Agent under other limits."""
        return Fetcher(self.policy, limits, self._resolve, self.agent)

    def fetch(self, url: str) -> Page:
        """The page at `url`, or a Problem with the reason it cannot be had."""
        return self._fetch(url, image=False)

    def fetch_image(self, url: str) -> Page:
        """The image at `url` (IMAGE_TYPES only), under the same address and size rules."""
        return self._fetch(url, image=True)

    def fetch_answer(self, url: str) -> Answer:
        """Whatever the site answers at `url` after its redirects: any status, any type; the
        body is read only for a 2xx HTML page. Problems only when there is no answer at all
        (an address refused, a timeout, no connection, a redirect loop) or it is too large."""

        def answer(target: Target, ex: _Exchange, redirects: list[str]) -> Answer:
            mime, charset = _content_type(ex.headers.get("content-type", ""))
            found = Answer(target.url, ex.status, mime, redirects, None)
            if not 200 <= ex.status < 300 or (mime and mime not in HTML_TYPES):
                return found
            try:
                found.page = _html_page(target, ex, mime, charset, redirects)
            except Problem as e:
                if e.code != "not_html":
                    raise
                found.content_type = mime or "application/octet-stream"
            return found

        return self._follow(url, HTML_ACCEPT, answer)

    def _fetch(self, url: str, image: bool) -> Page:
        def page(target: Target, ex: _Exchange, redirects: list[str]) -> Page:
            status, headers = ex.status, ex.headers
            if not 200 <= status < 300 or status in (204, 205, 206):
                raise Problem("fetch_failed", f"the site answered HTTP {status}")
            mime, charset = _content_type(headers.get("content-type", ""))
            if image:
                if mime not in IMAGE_TYPES:
                    raise Problem("fetch_failed", f"it is {mime or 'untyped'}, not an image")
                return Page(target.url, ex.read_body(headers), mime, None, redirects)
            if mime and mime not in HTML_TYPES:
                raise Problem("not_html", f"the page is {mime}, not HTML")
            return _html_page(target, ex, mime, charset, redirects)

        return self._follow(url, IMAGE_ACCEPT if image else HTML_ACCEPT, page)

    def _follow(
        self, url: str, accept: str, final: Callable[[Target, _Exchange, list[str]], T]
    ) -> T:
        """Every redirect hop vetted and followed; then `final` reads the last answer."""
        deadline = time.monotonic() + self.limits.total_timeout
        target = parse_target(url)
        seen = {target.url}
        redirects: list[str] = []
        while True:
            addresses = self._vet(target, deadline)
            with _Exchange(target, addresses, deadline, self.limits, accept, self.agent) as ex:
                status, headers = ex.status, ex.headers
                if status in REDIRECTS and headers.get("location"):
                    nxt = _redirect_target(target, headers["location"])
                    if nxt.url in seen:
                        raise Problem("fetch_failed", "the page redirects in a loop")
                    if len(redirects) >= self.limits.max_redirects:
                        raise Problem(
                            "fetch_failed",
                            f"more than {self.limits.max_redirects} redirects",
                        )
                    seen.add(nxt.url)
                    redirects.append(nxt.url)
                    target = nxt
                    continue
                return final(target, ex, redirects)

    def _vet(self, target: Target, deadline: float) -> list[str]:
        """The addresses `target` may be fetched from; a Problem if any is not allowed."""
        literal = literal_address(target.host)
        if literal is not None:
            reason = self.policy.refusal(literal)
            if reason:
                raise Problem("blocked_address", f"{target.host} is {reason}")
            if not is_canonical_literal(target.host):
                raise Problem("invalid_url", "write a numeric host as a dotted quad or IPv6")
            return [str(literal)]
        remaining = min(self.limits.connect_timeout, deadline - time.monotonic())
        future = _DNS.submit(self._resolve, target.host, target.port, 0, socket.SOCK_STREAM)
        try:
            infos = future.result(timeout=max(remaining, 0))
        except concurrent.futures.TimeoutError:
            raise Problem("fetch_timeout", f"looking up {target.host} took too long") from None
        except (OSError, UnicodeError):
            raise Problem("fetch_failed", f"{target.host} could not be found") from None
        addresses: list[str] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            ip = literal_address(str(sockaddr[0]).split("%")[0])
            if ip is None:
                continue
            reason = self.policy.refusal(ip)
            if reason:
                raise Problem("blocked_address", f"{target.host} resolves to {reason}")
            if str(ip) not in addresses:
                addresses.append(str(ip))
        if not addresses:
            raise Problem("fetch_failed", f"{target.host} has no usable address")
        return addresses


class _Exchange:
    """One request/response with a checked address, bounded by the shared deadline."""

    def __init__(
        self,
        target: Target,
        addresses: list[str],
        deadline: float,
        limits: Limits,
        accept: str = HTML_ACCEPT,
        agent: str = USER_AGENT,
    ):
        self.target, self.deadline, self.limits = target, deadline, limits
        self._expired = False
        self.conn = self._connect(addresses)
        sock = self.conn.sock
        assert sock is not None  # connected just now
        # http.client closes conn.sock once a response says "close"; a duplicate descriptor
        # stays valid, and shutting it down stops reads on the shared connection.
        self._kill_switch = sock.dup()
        self._watchdog = threading.Timer(max(deadline - time.monotonic(), 0), self._expire)
        self._watchdog.daemon = True
        self._watchdog.start()
        try:
            # urllib3 applies conn.timeout to the socket again in request() and getresponse():
            # from here on that must be the read timeout, not the connect timeout.
            self.conn.timeout = self.limits.read_timeout
            sock.settimeout(self.limits.read_timeout)
            self.conn.request(
                "GET",
                target.path,
                headers={
                    "Host": target.netloc,
                    "User-Agent": agent,
                    "Accept": accept,
                    "Accept-Encoding": "gzip, deflate",
                    "Connection": "close",
                },
                # Read the body ourselves, under the byte limit, decompressing as we go.
                preload_content=False,
                decode_content=False,
            )
            self.response: urllib3.response.HTTPResponse = self.conn.getresponse()
        except BaseException as e:
            self.close()
            raise self._problem(e) from None
        self.status = self.response.status
        self.headers = {k.lower(): v for k, v in self.response.headers.items()}

    def __enter__(self) -> _Exchange:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._watchdog.cancel()
        if hasattr(self, "response"):
            self.response.close()
        self.conn.close()
        self._kill_switch.close()

    def _connect(self, addresses: list[str]) -> urllib3.connection.HTTPConnection:
        last: BaseException | None = None
        for ip in addresses[:MAX_ADDRESSES_TRIED]:
            timeout = min(self.limits.connect_timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                break
            conn: urllib3.connection.HTTPConnection
            if self.target.scheme == "https":
                # Connect to the vetted IP; SNI and certificate checks use the URL's host name.
                conn = urllib3.connection.HTTPSConnection(
                    ip, self.target.port, timeout=timeout, server_hostname=self.target.host
                )
            else:
                conn = urllib3.connection.HTTPConnection(ip, self.target.port, timeout=timeout)
            try:
                conn.connect()
                return conn
            except BaseException as e:
                conn.close()
                last = e
                if isinstance(e, ssl.SSLError | urllib3.exceptions.SSLError):
                    break
        raise self._problem(last or TimeoutError())

    def _expire(self) -> None:
        self._expired = True
        with contextlib.suppress(OSError):
            self._kill_switch.shutdown(socket.SHUT_RDWR)

    def read_body(self, headers: dict[str, str]) -> bytes:
        limit = self.limits.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise Problem("too_large", f"the page is larger than {limit} bytes")
        decoder = _Decoder(headers.get("content-encoding", ""))
        body = bytearray()
        raw_total = 0
        try:
            while True:
                chunk = self.response.read1(CHUNK, decode_content=False)
                if self._expired:
                    raise TimeoutError
                if not chunk:
                    break
                raw_total += len(chunk)
                body += decoder.feed(chunk, limit + 1 - len(body))
                if len(body) > limit or raw_total > limit:
                    raise Problem("too_large", f"the page is larger than {limit} bytes")
            body += decoder.flush(limit + 1 - len(body))
        except Problem:
            raise
        except BaseException as e:
            raise self._problem(e) from None
        if len(body) > limit:
            raise Problem("too_large", f"the page is larger than {limit} bytes")
        return bytes(body)

    def _problem(self, e: BaseException) -> Problem:
        host = self.target.host
        if isinstance(e, urllib3.exceptions.NewConnectionError) and not self._expired_or_late():
            # urllib3 files refused connections under ConnectTimeoutError; they are not timeouts.
            return Problem("fetch_failed", f"could not connect to {host}")
        if self._expired_or_late() or isinstance(
            e, TimeoutError | socket.timeout | urllib3.exceptions.TimeoutError
        ):
            return Problem("fetch_timeout", f"{host} did not answer in time")
        if isinstance(e, ssl.SSLError | urllib3.exceptions.SSLError):
            return Problem("fetch_failed", f"the TLS connection to {host} failed")
        if isinstance(e, zlib.error):
            return Problem("fetch_failed", f"{host} sent a body that cannot be decompressed")
        if isinstance(e, http.client.HTTPException | urllib3.exceptions.HTTPError):
            return Problem("fetch_failed", f"{host} sent a response that is not valid HTTP")
        if isinstance(e, OSError):
            return Problem("fetch_failed", f"could not connect to {host}")
        if isinstance(e, Exception):
            return Problem("fetch_failed", f"fetching from {host} failed")
        raise e  # KeyboardInterrupt, SystemExit

    def _expired_or_late(self) -> bool:
        return self._expired or time.monotonic() >= self.deadline


class _Decoder:
    """Content-Encoding, decoded with a cap on output so a small bomb cannot blow up memory."""

    def __init__(self, encoding: str):
        encoding = encoding.strip().lower()
        self._zlib: zlib._Decompress | None
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise Problem("fetch_failed", f"the page uses an unsupported encoding: {encoding}")
        self._deflate_raw_retry = encoding == "deflate"

    def feed(self, data: bytes, room: int) -> bytes:
        if self._zlib is None:
            return data
        if self._zlib.eof:
            return b""  # trailing members or junk after the stream: ignored
        data = self._zlib.unconsumed_tail + data
        try:
            out = self._zlib.decompress(data, max(room, 1))
        except zlib.error:
            if not self._deflate_raw_retry:
                raise
            # Some servers send raw deflate without the zlib header.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, max(room, 1))
        self._deflate_raw_retry = False
        return out

    def flush(self, room: int) -> bytes:
        if self._zlib is None or self._zlib.eof:
            return b""
        return self._zlib.flush(max(room, 1))


def _html_page(
    target: Target, ex: _Exchange, mime: str, charset: str | None, redirects: list[str]
) -> Page:
    body = ex.read_body(ex.headers)
    if _looks_binary(body) or (not mime and not _looks_like_html(body)):
        raise Problem("not_html", "the page's content is not HTML")
    return Page(target.url, body, mime or "text/html", charset, redirects)


def _redirect_target(current: Target, location: str) -> Target:
    return parse_target(urljoin(current.url, location.strip()))


def _content_type(header: str) -> tuple[str, str | None]:
    if not header.strip():
        return "", None
    msg = Message()
    msg["content-type"] = header
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), (charset if isinstance(charset, str) else None)


def _looks_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith(MAGIC) or head[4:8] == b"ftyp" or head[8:12] == b"WEBP":
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM has NULs
        return False
    return b"\0" in head


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<"))
