"""Where on a page a byline can be.

A byline belongs to the article only in the article's own header zone: after the main headline
and before the body starts, or in the header or footer of the article element that holds the
headline. Names anywhere else on the page (related-story rails, "more from this author" boxes,
comment threads, figure credits, quote boxes, page footers) credit other work or other people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, repeat, takewhile
from typing import Any

from lxml import etree

from scoring import document
from scoring.data import AUTHOR_WORDS
from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    get_attribute,
    is_below,
    nearest,
    normalize_space,
    text_content,
)
from scoring.extract.elements import page_elements

_LINK = frozenset(("a",))
_ARTICLE = frozenset(("article",))
_HEADER_OR_FOOTER = frozenset(("header", "footer"))
# Regions whose names never credit this article, by tag and by class/id words.
_EXCLUDED_TAGS = frozenset(("figure", "figcaption", "blockquote", "nav", "form", "q"))
# The site's own parts; inside the article element they are the article's header, footer and
# meta column.
_PAGE_TAGS = frozenset(("header", "footer", "aside"))
# A microformats2 root class ("h-card", "h-entry") names the kind of thing marked, never a
# region of the page: "p-author h-card" is the author's card, not a teaser card.
_EXCLUDED_CLASS = class_pattern(
    r"(?<!\bh-)(?:" + "|".join(re.escape(w) for w in AUTHOR_WORDS["excluded_region_words"]) + ")"
)
_PAGE_PART = class_pattern("footer|site-header|page-header|masthead")
_LONG_WORD = re.compile(r"\w{3,}")  # a maximal run of 3 or more word characters
# A body paragraph: enough running text that it is not a byline, a date or a caption.
BODY_PARAGRAPH_CHARS = 100  # a body paragraph, not a byline, a date or a caption
_MAX_WALK = 3000  # elements looked at after the headline for the body start
_ZONE_ELEMENTS = 200  # elements looked at after the headline for a byline
_HEADER_CLASS = class_pattern(r"header|header-area|article-header|post-header|entry-header")
# Byline markers that the class index does not cover, read in the header zone (on a page with
# no headline, in the body): ids and the data-* attributes that name components
# (data-component="Byline", data-testid="AuthorName").
_OTHER_ATTRS = ("id", "data-component", "data-testid")
_OTHER_SCAN = class_pattern(r"byline|by-line|author|author-name|authors")
# A lowercase letter then a capital: where a word of a camel-cased component name starts
# ("AuthorURL", "bylineText"), marked before the value is lowercased.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _words_of(value: str) -> str:
    """An attribute value lowercased, its camel-cased words kept apart ("authorurl" would
    read as one word): "AuthorURL" -> "author-url"."""
    return _CAMEL.sub("-", value).lower()


# The body's elements with one of _OTHER_ATTRS, in page order.
_ATTRIBUTED = etree.XPath("/html/body//*[" + " or ".join(f"@{a}" for a in _OTHER_ATTRS) + "]")


@dataclass
class Zone:
    """The main headline, the first body paragraph after it, and the article element."""

    headline: Any | None
    body_start: Any | None
    article: Any | None
    header: Any | None = None  # the <header> around the headline, if any
    article_element: bool = False  # `article` is an <article>, not a guess
    _keys: dict[Any, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _wrappers: set[Any] = field(default_factory=set, repr=False)
    _regions: dict[Any, str | None] = field(default_factory=dict, repr=False)
    _elements: list[Any] | None = field(default=None, repr=False)

    def key(self, el: Any) -> tuple[int, ...]:
        """Document order: an element's path of child indexes from the root, read in C where
        it was built (_tree.path)."""
        k = self._keys.get(el)
        if k is None:
            compiled = document._compiled_tree  # read at each call: tests switch it off
            k = self._keys[el] = compiled.path(el) if compiled is not None else self._path(el)
        return k

    def _path(self, el: Any) -> tuple[int, ...]:
        """Zone.key in Python: its ancestors' paths are kept too, since the elements a page
        compares share most of theirs."""
        below: list[tuple[Any, int]] = []  # (element, its index in its parent), upwards
        node = el
        while (k := self._keys.get(node)) is None:
            parent = node.getparent()
            if parent is None:
                k = self._keys[node] = ()
                break
            below.append((node, parent.index(node)))
            node = parent
        for node, index in reversed(below):
            k = self._keys[node] = (*k, index)
        return k

    def in_header(self, el: Any) -> bool:
        """Between the headline and the body start, or in the article's own header/footer."""
        if self.headline is None:
            return False
        if self.article is not None and _in_article_header(el, self.article):
            return True
        k = self.key(el)
        if self.header is not None and k[: len(inside := self.key(self.header))] == inside:
            return True  # beside the headline in its header, standfirst or not
        head = self.key(self.headline)
        if k[: len(head)] == head:  # inside the headline itself
            return False
        if not head < k:
            return False
        if self.body_start is None:
            return self.article is not None and _is_inside(el, self.article)
        start = self.key(self.body_start)
        return k < start and k != start[: len(k)]

    def excluded(self, el: Any, page_parts: bool = True) -> bool:
        """In a region that credits other work or other people (rails, comments, credits);
        with `page_parts`, also in the site's header, footer or side column."""
        link = nearest(el, _LINK)
        if link is not None and link not in self._wrappers and _is_card(link, el):
            return True
        return self._region(el, page_parts) is not None

    def _region(self, node: Any, page_parts: bool) -> str | None:
        """Why node's region is excluded ("content" or "page"), or None; memoized, since the
        candidates of a page share most of their ancestors."""
        if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
            return None
        if node in self._wrappers:
            return None  # a page wrapper that holds the article: not a rail
        if node not in self._regions:
            own: str | None = None
            cls = classes_of(node)
            if node.tag in _EXCLUDED_TAGS or (cls and _EXCLUDED_CLASS.search(cls)):
                own = "content"
            elif (node.tag in _PAGE_TAGS or _PAGE_PART.search(cls)) and not (
                self.article is not None and _is_inside(node, self.article)
            ):
                own = "page"  # the site's header or footer, not the article's
            self._regions[node] = own
        own = self._regions[node]
        if own == "content" or (own == "page" and page_parts):
            return own
        return self._region(node.getparent(), page_parts)


def find_zone(doc: Document) -> Zone:
    """The page's header zone, found once per page and shared by the extractors that read it."""
    zone: Zone | None = doc.__dict__.get("_zone")
    if zone is None:
        zone = doc.__dict__["_zone"] = _find_zone(doc)
    return zone


def _find_zone(doc: Document) -> Zone:
    headline = _main_headline(doc)
    if headline is None:
        return Zone(None, None, None)
    # The headline's header: a <header>, or a block classed as one, that does not hold the body.
    header = next(
        (
            a
            for a in headline.iterancestors()
            if a.tag == "header" or (a.tag == "div" and _HEADER_CLASS.search(classes_of(a)))
        ),
        None,
    )
    body_start, before = _first_body_paragraph(headline, header)
    if header is not None and body_start is None:
        header = None  # a "header" that holds the whole text is a page wrapper
        body_start, before = _first_body_paragraph(headline, None)
    article = nearest(headline, _ARTICLE)
    is_element = article is not None
    if article is None and body_start is not None:
        article = _common_container(headline, body_start)
    zone = Zone(headline, body_start, article, header, is_element)
    zone._elements = before  # the walk to the body start has passed the zone's elements
    for anchor in (headline, body_start):
        if anchor is not None:
            zone._wrappers.update(anchor.iterancestors())
            zone._wrappers.add(anchor)
    return zone


def following(el: Any, limit: int) -> Iterator[Any]:
    """Up to `limit` elements after el in page order (not inside it)."""
    return islice(_after(el), limit)


def _after(el: Any) -> Iterator[Any]:
    node = el
    while True:
        nxt = node.getnext()
        while nxt is None:
            node = node.getparent()
            if node is None:
                return
            nxt = node.getnext()
        yield from nxt.iter(etree.Element)  # elements only, selected in C
        node = nxt


def zone_elements(zone: Zone) -> list[Any]:
    """The elements after the headline, up to the body start (at most 200): walked once for
    the extractors that read them."""
    if zone._elements is None:
        found = following(zone.headline, _ZONE_ELEMENTS) if zone.headline is not None else ()
        zone._elements = list(takewhile(lambda el: el is not zone.body_start, found))
    return zone._elements


def header_links(zone: Zone) -> list[Any] | None:
    """The links that can be in the header zone (Zone.in_header holds for no other), in no
    particular order: those in the headline's header, in a header or footer inside the article
    element, and those after the headline up to the body start (or, where no body start was
    found, in the article element). None where the zone's elements stop short of the body
    start: then any link after them can be in the zone too."""
    if zone.headline is None:
        return []
    found: dict[Any, None] = {}
    if zone.header is not None:
        found.update(dict.fromkeys(zone.header.iter("a")))
    if zone.body_start is not None:
        elements = zone_elements(zone)
        if len(elements) >= _ZONE_ELEMENTS:
            return None
        found.update(dict.fromkeys(el for el in elements if el.tag == "a"))
    article = zone.article
    if article is not None:
        if zone.body_start is None:
            found.update(dict.fromkeys(article.iter("a")))
        else:
            for part in article.iter("header", "footer"):
                found.update(dict.fromkeys(part.iter("a")))
    return list(found)


def _first_body_paragraph(headline: Any, header: Any | None) -> tuple[Any | None, list[Any]]:
    """The first body paragraph after the headline, and the elements before it (at most 200:
    what zone_elements lists)."""
    before: list[Any] = []
    for el in following(headline, _MAX_WALK):
        if (
            el.tag == "p"
            and (header is None or not _is_inside(el, header))
            and len(normalize_space(text_content(el))) >= BODY_PARAGRAPH_CHARS
        ):
            return el, before
        if len(before) < _ZONE_ELEMENTS:
            before.append(el)
    return None, before


def byline_elements(doc: Document, zone: Zone) -> list[Any]:
    """Elements that hold bylines: class/itemprop markers and <author> anywhere; ids and
    data-* component names in the header zone, or in the body of a page with no headline."""
    seen = dict.fromkeys(doc.marked("author"))
    seen.update(dict.fromkeys(page_elements(doc, "author")))
    # Each attribute of all the zone's elements read at once (most have none of them). A page
    # with no headline has no zone to bound the search: its body's elements that carry one of
    # the attributes are read instead (the candidates still pass the region checks).
    elements = zone_elements(zone) if zone.headline is not None else _ATTRIBUTED(doc.tree)
    hits: set[int] = set()
    for name in _OTHER_ATTRS:
        values = list(map(get_attribute, elements, repeat(name)))
        if any(values):
            for i, value in enumerate(values):
                if value and len(value) < 40 and _OTHER_SCAN.search(_words_of(value)):
                    hits.add(i)
    for i in sorted(hits):  # in page order, as each element is looked at in turn
        seen[elements[i]] = None
    return [el for el in seen if el.tag not in ("body", "html", "article", "main")]


def _main_headline(doc: Document) -> Any | None:
    """The <h1> that names this article: the one most like its title, else the first."""
    title = doc.title or doc.html_title or ""
    title_words = set(_LONG_WORD.findall(title.casefold()))
    best, best_overlap, first = None, 0.0, None
    for tag in ("h1", "h2", "h3"):
        for h in page_elements(doc, "h1") if tag == "h1" else doc.tree.iter(tag):
            words = set(_LONG_WORD.findall(text_content(h).casefold()))
            if not words:
                continue
            if tag == "h1" and first is None:
                first = h
            overlap = len(words & title_words) / len(words)
            if overlap > best_overlap and (tag == "h1" or overlap >= 0.6):
                best, best_overlap = h, overlap
        if best is not None and best_overlap >= 0.5:
            return best
    return best if best is not None else first


def _common_container(a: Any, b: Any) -> Any | None:
    """The innermost element holding both, unless that is the whole page."""
    ancestors = set(a.iterancestors())
    for node in b.iterancestors():
        if node in ancestors:
            return None if node.tag in ("body", "html") else node
    return None


def _is_card(link: Any, el: Any) -> bool:
    """A link around a byline and much more text: a teaser card for another story."""
    return len(element_text(link)) > 2 * len(element_text(el)) + 20


def _is_inside(el: Any, container: Any) -> bool:
    return el is container or is_below(el, container)


def _in_article_header(el: Any, article: Any) -> bool:
    """In a <header> or <footer> whose nearest article is the main article. (Where the main
    article is nearer than the header or footer, the header's nearest article is another.)"""
    part = nearest(el, _HEADER_OR_FOOTER)
    return part is not None and nearest(part, _ARTICLE) is article
