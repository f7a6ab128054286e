"""A plain page fetch for the CLI: a timeout, a size limit and an HTML check."""

from __future__ import annotations

import requests

MAX_BYTES = 10_000_000
USER_AGENT = "ProvenanceLens/0.1 (+article provenance scoring)"


class SimpleFetchError(Exception):
    pass


def fetch_page(url: str, timeout: float = 15.0) -> tuple[bytes, str]:
    """(body, final URL) of an HTML page, or SimpleFetchError saying why not."""
    try:
        with requests.get(
            url, timeout=timeout, stream=True, headers={"User-Agent": USER_AGENT}
        ) as resp:
            if resp.status_code >= 400:
                raise SimpleFetchError(f"HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and ctype not in ("text/html", "application/xhtml+xml"):
                raise SimpleFetchError(f"not an HTML page ({ctype})")
            body = bytearray()
            for chunk in resp.iter_content(65536):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise SimpleFetchError(f"page larger than {MAX_BYTES} bytes")
            return bytes(body), resp.url
    except requests.Timeout as e:
        raise SimpleFetchError(f"timed out after {timeout:g} s") from e
    except requests.RequestException as e:
        raise SimpleFetchError(str(e)) from e
