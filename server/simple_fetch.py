"""The CLI's page fetch: the server's safe fetcher, with the caller's own network allowed.

On the command line the user fetches for themselves, so local and private addresses are
fine; the time, size, redirect and content-type limits still apply.
"""

from __future__ import annotations

from server.addresses import AddressPolicy
from server.fetcher import Fetcher, Limits
from server.problems import Problem


class SimpleFetchError(Exception):
    pass


def fetch_page(url: str, timeout: float = 15.0) -> tuple[str | bytes, str]:
    """(page, final URL): the page decoded by its header charset if it names one."""
    limits = Limits(connect_timeout=min(5.0, timeout), read_timeout=timeout, total_timeout=timeout)
    try:
        page = Fetcher(AddressPolicy(allow_private=True), limits).fetch(url)
    except Problem as e:
        raise SimpleFetchError(e.detail) from None
    return page.text_or_bytes(), page.url
