"""Registrable domains from the public suffix list bundled with tldextract (never downloaded)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

# suffix_list_urls=() keeps tldextract on its bundled snapshot: no HTTP, no disk cache.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


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


def domain_label(domain: str) -> str:
    """A registrable domain less its public suffix ("cnn-news24" for cnn-news24.com)."""
    ext = _EXTRACT(domain)
    return ext.domain.lower()


def public_suffix(domain: str) -> str:
    return _EXTRACT(domain).suffix.lower()
