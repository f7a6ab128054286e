"""Is this page an article? Home pages, section fronts, tag pages and search results are not,
and a provenance score there would mislead.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from scoring.document import Document
from scoring.extract.authorship import ARTICLE_TYPES
from scoring.extract.elements import page_elements

LISTING_TYPES = frozenset(
    ("WebSite", "CollectionPage", "SearchResultsPage", "ItemList", "SiteNavigationElement")
)
_LISTING_PATH = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:tag|tags|topic|topics|category|categories|section|sections|"
    r"search|suche|recherche|buscar|busca|author|authors|autor|archive|archives|page)(?:/|$)",
    re.I,
)
_SEARCH_KEYS = frozenset(("q", "s", "query", "search", "keyword", "keywords"))
_ID_LIKE = re.compile(r"\d{4,}|/\d{4}/\d{1,2}/")
_HOME_PATH = re.compile(r"/?|/(?:index\.\w+|home|[a-z]{2}(?:-[a-z]{2})?)/?", re.I)
MIN_ARTICLE_WORDS = 100
MIN_TEASERS = 4
# Query parameters that only track where a reader came from ("/?utm_source=newsletter").
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmp", "ito", "ocid", "at_")


def _teasers(doc: Document) -> int:
    """Story teasers: <article> elements that are mostly a headline link."""
    count = 0
    for art in page_elements(doc, "article"):
        heading = next(art.iter("h2", "h3", "h4"), None)
        if heading is not None and next(heading.iter("a"), None) is not None:
            count += 1
    return count


def classify_page(doc: Document, body_words: int) -> tuple[bool, str | None]:
    """(True, None) for an article; (False, why) otherwise."""
    if any(ARTICLE_TYPES.search(t) for t in doc.json_ld_types):
        return True, None
    try:
        parts = urlsplit(doc.url) if doc.url else None
        query = parse_qs(parts.query) if parts else {}
    except ValueError:
        parts, query = None, {}
    path = parts.path if parts else None  # without a URL the page's place on its site is unknown
    listing = path is not None and _LISTING_PATH.match(path) and not _ID_LIKE.search(path)
    if _SEARCH_KEYS & set(query) or listing:
        return False, "This looks like a search, tag or section page, not an article."
    if (doc.meta_first("og:type") or "").lower() == "article":
        return True, None
    tracking_only = all(k.lower().startswith(_TRACKING) for k in query)
    if path is not None and tracking_only and _HOME_PATH.fullmatch(path):
        return False, "This is a site's home page, not an article."
    # A dated or numbered URL is a story's own address, whatever teasers sit around it.
    if not (path and _ID_LIKE.search(path)) and _teasers(doc) >= MIN_TEASERS:
        return False, "This page lists other stories rather than being an article."
    if doc.json_ld_types & LISTING_TYPES and body_words < 3 * MIN_ARTICLE_WORDS:
        return False, "This page lists other pages rather than being an article."
    if body_words < MIN_ARTICLE_WORDS:
        return False, "There is too little running text here for an article."
    return True, None
