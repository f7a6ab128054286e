"""Registrable domains from the public suffix list bundled with tldextract (never downloaded)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

# suffix_list_urls=() keeps tldextract on its bundled snapshot: no HTTP, no disk cache.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# An address whose host urlsplit reads as it is written: http or https, an ASCII host name, a
# port or none, then the end or a path, query or fragment. (What is around the host, tabs and
# line breaks that urlsplit drops, user info, brackets, goes to urlsplit itself.)
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]+)?(?=[/?#]|\Z)")


def host_of(url: str) -> str:
    m = _PLAIN_HOST.match(url)
    if m:  # most links: urlsplit would only take the address apart to give this
        return m.group(1).rstrip(".").lower()
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def path_of(url: str) -> str:
    """The path of an address, as urlsplit gives it ("" when urlsplit cannot read it)."""
    m = _PLAIN_HOST.match(url)
    if m and "\t" not in url and "\r" not in url and "\n" not in url:
        return url[m.end() :].split("#", 1)[0].split("?", 1)[0]
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


@lru_cache(maxsize=8192)
def registrable_domain(host: str) -> str:
    """eTLD+1 of a host name ("news.bbc.co.uk" -> "bbc.co.uk"); the host itself for IPs etc."""
    host = host.rstrip(".").lower()
    if not host:
        return ""
    ext = _EXTRACT(host)
    return ext.top_domain_under_public_suffix or host


def domain_of(url: str) -> str:
    return registrable_domain(host_of(url))


@lru_cache(maxsize=8192)
def domain_label(domain: str) -> str:
    """A registrable domain less its public suffix ("cnn-news24" for cnn-news24.com)."""
    ext = _EXTRACT(domain)
    return ext.domain.lower()


@lru_cache(maxsize=8192)
def public_suffix(domain: str) -> str:
    return _EXTRACT(domain).suffix.lower()
