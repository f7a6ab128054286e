"""Parse a page once into a Document that every extractor shares.

The Document holds the lxml tree (scripts, styles and comments removed), the page's JSON-LD and
meta tags, its registrable domain, and the article body region with its paragraphs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate, compress, repeat
from types import ModuleType
from typing import Any, NamedTuple, overload
from urllib.parse import urljoin, urlsplit

import charset_normalizer
from lxml import etree

from scoring.data import SOURCING
from scoring.domains import domain_of, host_of
from scoring.limits import bound_markup, load_json_ld, utf8_markup_whole
from scoring.report import Quote
from scoring.stages import Stage, untimed


def class_pattern(alternatives: str) -> re.Pattern[str]:
    """A pattern for words in lowercase class/id values, bounded by anything but [a-z0-9]."""
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def word_search(words: list[str]) -> re.Pattern[str]:
    """A search for any of `words` (pattern alternatives, each starting with a plain letter) in
    lowercase class/id values, bounded as class_pattern bounds them, but consuming the
    character before the word instead of looking behind for it: the search then skips in C to
    where a word can start. The words are grouped by their first letter, in their order within
    each letter (two words with different first letters never both match at one place, so the
    same word is found), and carry no group: the regex engine tries a letter's words only
    where that letter follows, and saves no group marks on each try (twice as fast as one
    named group per family)."""
    letters = dict.fromkeys(word[0] for word in words)
    return re.compile(
        "[^a-z0-9](?:"
        + "|".join(
            re.escape(letter) + "(?:" + "|".join(w[1:] for w in words if w[0] == letter) + ")"
            for letter in letters
        )
        + ")(?![a-z0-9])"
    )


MAX_HTML_CHARS = 5_000_000  # beyond this the tail is dropped: no article needs more
QUOTE_CONTEXT = 32

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WS = re.compile(r"\s+")
_BLOCKS = frozenset(
    "p div li blockquote h1 h2 h3 h4 h5 h6 td th dd dt section article pre figcaption br tr".split()
)
# What the extractors look for in class and itemprop values, scanned together in one pass:
# the article body's container, bylines, dates, and meta lines.
CLASS_FAMILIES = {
    "body": (
        r"article-?body|article__body|articlebody|story-?body|story__body|entry-content|"
        r"post-content|post-body|article-content|article__content|article-text|story-content|"
        r"content-body|body-text|c-entry-content|td-post-content|field--name-body|field-body|"
        r"rich-text|text-content|articletext|artikel-text|article-section|newsarticle"
    ),
    "author": (
        r"byline|by-line|author|authors|author-name|authorname|autor|autorin|auteur|autore|"
        r"writer|contributor|reporter|journalist|article-author|entry-author|meta-author|"
        r"post-author|story-author|c-byline|submitted|submitted-by|posted-by|postedby"
    ),
    "date": (
        r"date|dateline|time|datetime|timestamp|published|pubdate|post-date|entry-date|"
        r"article-date|meta-date|datum|fecha|data|posted-on|publish"
    ),
    # An article's meta line, where a page without date markup prints its date beside the
    # author's name ("postmeta", "entry-meta", "article-info", "subline").
    "meta": r"meta|postmeta|info|postinfo|subline",
}
# A word of any family (word_search); which family, from the word found (_family_of).
_FAMILY_WORDS = [(k, word) for k, v in CLASS_FAMILIES.items() for word in v.split("|")]
_FAMILY_SEARCH = word_search([word for _, word in _FAMILY_WORDS])
_FAMILY_PATTERNS = [(k, re.compile(word)) for k, word in _FAMILY_WORDS]


@cache  # the families' words are a few dozen strings
def _family_of(word: str) -> str:
    """The family of the first word pattern that reads all of `word`: the one the search took
    (an earlier one reading all of it would have been taken instead)."""
    return next(k for k, pattern in _FAMILY_PATTERNS if pattern.fullmatch(word))


def _spelled_out(word: str) -> list[str]:
    """The strings a family word reads, in the order the search tries them: each optional "-"
    ("article-?body") taken first, then left out. Nothing else in the words is a pattern."""
    pieces = word.split("-?")
    if not all(re.fullmatch(r"[a-z0-9_-]*", p) for p in pieces) or not word[0].isalpha():
        raise ValueError(f"a class word the compiled index cannot read: {word!r}")
    out = [pieces[0]]
    for piece in pieces[1:]:
        out = [s + sep + piece for s in out for sep in ("-", "")]
    return out


# Passes over the tree in C (scoring._tree, compiled from _tree.c where the package was
# built), each with the same result as its Python version here, which is read without it:
# - the class index (mark): the same elements as _mark over the page's class then itemprop
#   values, in the same order, read in one walk; it is handed the families' words spelled
#   out, with the index of each one's family;
# - the body's text blocks (blocks): the paragraphs of _content_blocks;
# - the skipped regions (skipped): Document.skipped, its boilerplate markers searched in each
#   class and id value as _boilerplate_values searches them;
# - the head's metadata (head): _head's walk, the meta values by key, the JSON-LD blocks'
#   texts (read by json here) and the canonical links;
# - the page's links (links): _link_table, every <a> with its address, text and rel;
# - the paragraphs' weights (paragraph_weights): _paragraph_weights, the characters of the
#   long <p> that each element holds, for the body's choice.
_compiled_tree: ModuleType | None
try:
    from scoring import _tree as _compiled_tree
except (ImportError, TypeError):  # not built; or lxml's C API differs (a signature: TypeError)
    _compiled_tree = None
_FAMILY_NAMES = list(CLASS_FAMILIES)
if _compiled_tree is not None:
    try:
        _compiled_tree.configure(
            tuple(
                (spelled, _FAMILY_NAMES.index(_family_of(spelled)))
                for _, word in _FAMILY_WORDS
                for spelled in _spelled_out(word)
            ),
            len(_FAMILY_NAMES),
            tuple(spelled for m in SOURCING["boilerplate_markers"] for spelled in _spelled_out(m)),
        )
    except ValueError:  # a word it cannot read (a space, a pattern): the passes in Python read
        _compiled_tree = None  # it, and the test that the compiled passes are used fails


# Ids rarely say more than classes do; leaving them out halves the index. "//*/@class" rather
# than "//@class": the same attributes in the same order, but the search steps through elements
# only, not every text node too (a tenth of the read; "//@itemprop", which finds nothing on
# most pages, costs two thirds more).
_CLASSES = etree.XPath("//*/@class", smart_strings=True)
_ITEMPROPS = etree.XPath("//*/@itemprop", smart_strings=True)
# The class and id values below an element, each knowing its element (smart strings).
_DESCENDANT_NAMES = etree.XPath("descendant::*/@class | descendant::*/@id", smart_strings=True)
_BOILERPLATE = class_pattern("|".join(re.escape(m) for m in SOURCING["boilerplate_markers"]))
# The boilerplate markers, searched for over many values joined.
_BOILERPLATE_SEARCH = word_search([re.escape(m) for m in SOURCING["boilerplate_markers"]])
_SKIP_TAGS = frozenset(("nav", "aside", "footer", "form", "button", "select", "figure", "header"))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(html: str | bytes) -> tuple[str, str | None]:
    """Bytes in any encoding to text: BOM, then <meta charset>, then UTF-8, then detection.
    With the text, the codec that read it (None for text)."""
    if isinstance(html, str):
        return html, None
    for bom, enc in _BOMS:
        if html.startswith(bom):
            return html[len(bom) :].decode(enc, errors="replace"), enc
    return _decode_declared(html, _declared_codec(html))


def _decode_declared(html: bytes, codec: str | None) -> tuple[str, str]:
    """Bytes without a BOM, read in the codec their charset declares (_declared_codec), else
    as UTF-8, else as detection says."""
    if codec is not None and codec != "utf-8":
        try:
            return html.decode(codec), codec
        except (UnicodeError, LookupError):
            pass  # not decodable so, or not a text encoding at all ("base64", "undefined")
    try:
        return html.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(html[:200_000]).best()
    enc = best.encoding if best else "cp1252"
    if enc in _LATIN_SINGLE_BYTE:
        # Detection cannot tell Western from Central European code pages on short texts;
        # undeclared pages in a Latin script are overwhelmingly windows-1252.
        enc = "cp1252"
    return html.decode(enc, errors="replace"), enc


def _declared_codec(html: bytes) -> str | None:
    """The codec a page without a BOM is first read in, by its <meta charset>: None where it
    names none that Python knows. Failing that codec, the page is read as UTF-8."""
    m = _META_CHARSET.search(html, 0, 4096)  # as if the page ended there, without a copy
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages often declare latin-1 but are really windows-1252; 1252 is a superset.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"
    # A declared UTF-16 page without a BOM is in fact ASCII-compatible; and bytes that are
    # valid UTF-8 with non-ASCII in them are UTF-8, whatever a template declared.
    if codec.startswith(("utf-16", "utf-32")) or (
        codec.replace("-", "_") in _LATIN_SINGLE_BYTE | {"cp1252"} and _is_utf8(html)
    ):
        codec = "utf-8"
    return codec


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in text; scripts written without spaces count about two characters a word."""
    if text.isascii():
        return len(text.split())
    return len(text.split()) + len(_CJK.findall(text)) // 2


_LATIN_SINGLE_BYTE = frozenset(
    "cp1250 cp1252 cp1254 cp1257 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9 iso8859_10 "
    "iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman mac_iceland mac_turkish "
    "cp850 cp852 cp437".split()
)


@overload
def nfc(text: str) -> str: ...


@overload
def nfc(text: None) -> None: ...


def nfc(text: str | None) -> str | None:
    """A name or headline in Unicode's composed form (NFC), as text is compared and stored:
    a page may write a letter and its accent apart, or write as one a letter that NFC keeps
    apart (Bengali "\u09df"). Quotes keep the page's own characters, to be found in it again."""
    if text is None or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def normalize_space(s: str) -> str:
    # The same as _WS.sub(" ", s).strip() (str.split and the pattern's \s agree on every
    # character), a few times faster.
    return " ".join(s.split())


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def without_markup(text: str) -> str:
    """Markup pasted into a text value (a template's escaped tags in a <title> or a meta
    value: "<p>My Title</p>"), each tag made a space."""
    return _TAG.sub(" ", text) if "<" in text else text


def element_text(el: Any) -> str:
    """Visible text of an element with block boundaries as spaces, whitespace folded."""
    pieces: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag
        if isinstance(tag, str) and tag in _BLOCKS:
            pieces.append(" ")
        if event == "start":
            if node.text:
                pieces.append(node.text)
        elif node is not el and node.tail:
            pieces.append(node.tail)
    return normalize_space("".join(pieces))


def classes_of(el: Any) -> str:
    """An element's class and id, lowercased: what class patterns match against."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip().lower()


def text_content(el: Any) -> str:
    """The text itertext() joins, serialized in C (a few times faster)."""
    return str(etree.tostring(el, method="text", encoding=str, with_tail=False))


def text_length(el: Any) -> int:
    """len(text_content(el)): for an element with no children, the length of its own text
    (most paragraphs hold nothing but text), read without serializing it."""
    if len(el):
        return len(text_content(el))
    return len(el.text or "")


def make_quote(context: str, start: int, end: int) -> Quote:
    """A text-quote selector for context[start:end], with up to 32 characters either side."""
    return Quote(
        exact=context[start:end],
        prefix=context[max(0, start - QUOTE_CONTEXT) : start],
        suffix=context[end : end + QUOTE_CONTEXT],
    )


class BlockText:
    """A block's text pieces, walked once, so that each element in it is quoted without walking
    the block again: text_around slices them instead."""

    def __init__(self, block: Any) -> None:
        read = _compiled_tree.block_text(block, _BLOCKS) if _compiled_tree is not None else None
        # The text, and where each element's start piece starts and its end piece ends in it.
        self.text: str
        self.starts: dict[Any, int]
        self.ends: dict[Any, int]
        self.text, self.starts, self.ends = read if read is not None else _block_text(block)
        self._quoted = 0  # elements quoted so far

    def around(self, start: int, end: int) -> tuple[str, str, str]:
        """(before, text[start:end], after), whitespace folded.

        From the second element on, the block is folded once, not once per element in it:
        folding a prefix of the text gives a prefix of the folded text, and folding a suffix a
        suffix of it, found by where the whitespace runs fall (a block with many links would
        otherwise be folded once for each; a block with one is folded directly).
        """
        self._quoted += 1
        if self._quoted == 1:
            # Folding a prefix and dropping its leading space is normalizing it and keeping
            # one space where it ends in whitespace; a suffix likewise at its start.
            text = self.text
            before = normalize_space(text[:start])
            if before and text[start - 1].isspace():
                before += " "
            after = normalize_space(text[end:])
            if after and text[end].isspace():
                after = " " + after
            return before, normalize_space(text[start:end]), after
        folded = self._folded
        at_end, inside = self._folded_at(end)
        return (
            folded[: self._folded_at(start)[0]].lstrip(),
            normalize_space(self.text[start:end]),
            folded[at_end - inside :].rstrip(),
        )

    @cached_property
    def _folded(self) -> str:
        """The text with each whitespace run made one space: normalized, with the space of a
        run at either end kept."""
        text = self.text
        inner = normalize_space(text)
        if not inner:
            return " " if text else ""
        return f"{' ' if text[0].isspace() else ''}{inner}{' ' if text[-1].isspace() else ''}"

    @cached_property
    def _runs(self) -> tuple[list[int], list[int], list[int]]:
        """Where each whitespace run starts and ends, and the characters folding removes
        before each run."""
        spans = [m.span() for m in _WS.finditer(self.text)]
        starts = [start for start, _ in spans]
        ends = [end for _, end in spans]
        removed = list(accumulate((end - start - 1 for start, end in spans), initial=0))
        removed.pop()
        return starts, ends, removed

    def _folded_at(self, i: int) -> tuple[int, int]:
        """(the length of the folded text[:i], 1 if i falls strictly inside a whitespace run
        and folding text[i:] starts with that run's space, else 0)."""
        starts, ends, removed = self._runs
        r = bisect_right(starts, i - 1) - 1  # the last run starting before i
        if r < 0:
            return i, 0
        if ends[r] <= i:
            return i - removed[r] - (ends[r] - starts[r] - 1), 0
        return i - removed[r] - (i - starts[r] - 1), 1


def _block_text(block: Any) -> tuple[str, dict[Any, int], dict[Any, int]]:
    """A block's text, and where each element's start piece starts and its end piece ends in
    it. In reading order every element's start and end make a piece (a space for a block, else
    empty), followed by its text after the start and its tail after the end (not the block's).
    _tree.block_text reads the same in C."""
    pieces: list[str] = []
    starts: dict[Any, int] = {}
    ends: dict[Any, int] = {}
    length = 0
    for event, node in etree.iterwalk(block, events=("start", "end")):
        space = " " if node.tag in _BLOCKS else ""
        pieces.append(space)
        if event == "start":
            starts[node] = length
            length += len(space)
            more = node.text
        else:
            length += len(space)
            ends[node] = length
            more = node.tail if node is not block else None
        if more:
            pieces.append(more)
            length += len(more)
    return "".join(pieces), starts, ends


def is_below(el: Any, outer: Any) -> bool:
    """Whether outer is one of el's ancestors (any(a is outer for a in el.iterancestors())):
    walked in C where it was built, without a proxy for each ancestor."""
    if _compiled_tree is not None:
        return _compiled_tree.below(el, outer)
    return any(a is outer for a in el.iterancestors())


def nearest(el: Any, names: frozenset[str]) -> Any | None:
    """el's nearest ancestor whose tag is one of names (next(el.iterancestors(*names), None)),
    found in C where it was built."""
    if _compiled_tree is not None:
        return _compiled_tree.nearest(el, names)
    return next(el.iterancestors(*names), None)


def text_around(el: Any, blocks: dict[Any, BlockText] | None = None) -> tuple[str, str, str] | None:
    """(before, the element's own text, after) within the nearest block around it, whitespace
    folded; None when the element has no text. No block: nothing before or after. The words
    around make a selector for the element's text that the same words elsewhere do not match.
    `blocks` keeps each block's walk for the next element in the same block."""
    block = nearest(el, _BLOCKS)
    if block is None:
        exact = element_text(el)
        return ("", exact, "") if exact else None
    text = blocks.get(block) if blocks is not None else None
    if text is None:
        text = BlockText(block)
        if blocks is not None:
            blocks[block] = text
    # The element's own pieces, from its start to its end, are its text (`exact`); the block's
    # pieces before and after them are the words around.
    around = text.around(text.starts[el], text.ends[el])
    return around if around[1] else None


# Addresses that urljoin returns unchanged: http(s), an ASCII host (and port), a path with no
# parameters (";") or dot segments, and a query and a fragment that are absent or not empty
# (urljoin drops an empty "?" or "#").
_PATH_RE = r"(?:/(?!\.\.?(?:[/?#]|$))[^/?#;\s]*)*(?:\?[^#\s]+)?(?:#\S+)?"
_PLAIN_ABSOLUTE = re.compile(rf"(https?://[A-Za-z0-9.-]+(?::[0-9]+)?){_PATH_RE}\Z")
# A path from the root, which urljoin appends to scheme://host as it is.
_PLAIN_ROOTED = re.compile(rf"(?=/[^/]){_PATH_RE}\Z")


@dataclass
class Paragraph:
    element: Any
    text: str


@dataclass
class Document:
    url: str
    tree: Any
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    # The decoded page, for the rare fallback that must parse it its own way (Document.source);
    # None until asked for where the parser read the page's UTF-8 bytes alone (_utf8).
    _source: str | None = field(default="", repr=False)
    _utf8: bytes | None = field(default=None, repr=False)
    _marked: dict[str, list[Any]] = field(default_factory=dict, repr=False)
    # The <link rel="canonical"> elements, found with the metadata; None: not looked for yet.
    _canonical_links: list[Any] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, html: str | bytes, url: str, stage: Stage = untimed) -> Document:
        text, utf8 = parser_input(html, stage)
        with stage("parse"):
            tree = _parse_tree(text, utf8)
        doc = cls(url=url or "", tree=tree, _source=text, _utf8=utf8 if text is None else None)
        with stage("metadata"):
            doc.json_ld, doc.meta, doc._canonical_links = _head(tree)
            etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
        return doc

    @property
    def source(self) -> str:
        """The decoded page, as the parser read it: decoded here, on first use, where the
        parser read the page's UTF-8 bytes alone."""
        if self._source is None:
            self._source = self._utf8.decode("utf-8") if self._utf8 is not None else ""
        return self._source

    # --- where the page is -------------------------------------------------

    @cached_property
    def canonical_url(self) -> str | None:
        links = self._canonical_links
        if links is None:
            links = [el for el in self.tree.iterfind(".//link[@rel]") if _is_canonical(el)]
        for el in links:
            href = (el.get("href") or "").strip()
            if href:
                return self.absolute(href)
        og = self.meta_first("og:url")
        return self.absolute(og) if og else None

    @cached_property
    def base_url(self) -> str:
        if self.url.startswith(("http://", "https://")):
            return self.url
        return self.canonical_url or self.url

    @cached_property
    def host(self) -> str:
        return host_of(self.base_url)

    @cached_property
    def domain(self) -> str:
        return domain_of(self.base_url)

    def absolute(self, href: str) -> str:
        """href resolved against the page's address, exactly as urljoin resolves it."""
        href = href.strip()
        # Most links take one of two shapes that urljoin would only take apart and put back
        # together (a tenth of the engine's time): an address already absolute, or a path from
        # the root with no dot segments. Anything else, or a page address urljoin could alter
        # on the way, goes to urljoin itself.
        if _PLAIN_ABSOLUTE.match(href):
            return href
        if self._root is not None and _PLAIN_ROOTED.match(href):
            return self._root + href
        try:
            return urljoin(self.url or "", href)
        except ValueError:
            return href

    @cached_property
    def _root(self) -> str | None:
        """scheme://host of the page's address, when urljoin would keep it as it is written."""
        m = _PLAIN_ABSOLUTE.match(self.url)
        return m.group(1) if m else None

    @cached_property
    def path(self) -> str:
        try:
            return urlsplit(self.base_url).path or "/"
        except ValueError:
            return "/"

    # --- metadata -----------------------------------------------------------

    def meta_first(self, *names: str) -> str | None:
        for n in names:
            for v in self.meta.get(n.lower(), ()):
                if v.strip():
                    return v.strip()
        return None

    @cached_property
    def title(self) -> str | None:
        og = self.meta_first("og:title", "twitter:title")
        if og:
            return og
        t = self.tree.find(".//title")
        if t is not None and t.text:
            return normalize_space(t.text)
        return None

    @cached_property
    def html_title(self) -> str | None:
        t = self.tree.find(".//title")
        return normalize_space(text_content(t)) if t is not None else None

    @cached_property
    def json_ld_types(self) -> set[str]:
        types: set[str] = set()
        for obj in self.json_ld:
            t = obj.get("@type")
            for name in t if isinstance(t, list) else [t]:
                if isinstance(name, str):
                    types.add(name.split("/")[-1])
        return types

    # --- the body -----------------------------------------------------------

    @cached_property
    def body(self) -> Any:
        """The element that holds the article text (not nav, rails, comments)."""
        return _find_body(self.tree, self.marked("body"))

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Text blocks of the body, boilerplate regions left out."""
        if _compiled_tree is not None:
            return _compiled_tree.blocks(self.body, self.skipped, _BLOCKS, Paragraph)
        return _content_blocks(self.body, self.skipped)

    @cached_property
    def body_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where each paragraph starts in body_text, and one past its end."""
        return list(accumulate([len(p.text) + 1 for p in self.paragraphs], initial=0))

    @cached_property
    def body_words(self) -> int:
        """count_words(body_text), with its words counted by their separators: each paragraph
        is whitespace-folded and never empty, so the body's text has one space or newline
        between two words and none at either end."""
        text = self.body_text
        if not text:
            return 0
        words = text.count(" ") + text.count("\n") + 1
        if text.isascii():
            return words
        return words + len(_CJK.findall(text)) // 2

    @cached_property
    def skipped(self) -> set[Any]:
        """Regions inside the body that are not the article: share bars, rails, byline boxes.

        A region marked by class only counts when it holds under half the body's text, so a
        wrapper whose class happens to contain such a word does not swallow the article.
        """
        if _compiled_tree is not None:
            return _compiled_tree.skipped(self.body, _SKIP_TAGS)
        out: set[Any] = set(self.body.iterdescendants(*_SKIP_TAGS))
        # A marker in an element's class or id: the page's distinct values searched in C.
        values = _DESCENDANT_NAMES(self.body)
        marked = _boilerplate_values(values)
        if marked:
            half = (len(text_content(self.body)) or 1) / 2
            out.update(
                el
                for el in dict.fromkeys(v.getparent() for v in values if v in marked)
                if len(text_content(el)) < half
            )
        return out

    def marked(self, family: str) -> list[Any]:
        """Elements whose class or itemprop has a word of a CLASS_FAMILIES entry, in page order
        (of their class, then of their itemprop)."""
        if not self._marked:
            if _compiled_tree is not None:
                found = _compiled_tree.mark(self.tree)
                self._marked.update(zip(_FAMILY_NAMES, found, strict=True))
            else:
                self._marked.update(_mark(_CLASSES(self.tree) + self.itemprops))
        return self._marked[family]

    @cached_property
    def itemprops(self) -> list[Any]:
        """Every itemprop value on the page in page order, each knowing its element (smart
        strings): read once for the class index and for the extractors that look up a
        property."""
        return list(_ITEMPROPS(self.tree))

    @cached_property
    def links(self) -> LinkTable:
        """Every <a> on the page in page order with its address, text and rel, read once for
        every extractor that needs links."""
        if _compiled_tree is not None:
            return LinkTable(*_compiled_tree.links(self.tree))
        return _link_table(self.tree)

    @property
    def anchors(self) -> list[Any]:
        """Every <a> on the page in page order."""
        return self.links.anchors

    @cached_property
    def body_links(self) -> list[Any]:
        """The body's links with an address, those in skipped regions left out: the links
        inside each skipped region gathered once, not every link's ancestors looked at."""
        # Skipped regions all lie below the body, so a link in one is a body link.
        hidden = {a for region in self.skipped for a in region.iter("a")}
        return [a for a in self.body.iter("a") if a.get("href") and a not in hidden]


class LinkTable(NamedTuple):
    """The page's links, each list in page order: the <a> elements, their addresses as written
    ("" without one), their texts (text_content) and their rel values (None without one)."""

    anchors: list[Any]
    hrefs: list[str]
    texts: list[str]
    rels: list[str | None]


# An attribute of each of many elements, read in C: map(get_attribute, els, repeat(name)).
get_attribute = etree._Element.get


def _link_table(tree: Any) -> LinkTable:
    """The page's links read one by one (the reference for the same pass in C)."""
    anchors = list(tree.iter("a"))
    return LinkTable(
        anchors,
        list(map(get_attribute, anchors, repeat("href"), repeat(""))),
        [text_content(a) if len(a) else a.text or "" for a in anchors],
        list(map(get_attribute, anchors, repeat("rel"))),
    )


def in_boilerplate(el: Any, stop: Any) -> bool:
    """Whether el sits in a share bar, related rail, byline box etc. below `stop`."""
    node = el
    while node is not None and node is not stop:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        if tag in _SKIP_TAGS:
            return True
        cls = classes_of(node)
        if cls and _BOILERPLATE.search(cls):
            return True
        node = node.getparent()
    return False


def _joined_lowercase(distinct: list[str]) -> tuple[str, list[int]]:
    """The values joined by "\n" and lowercased, with where each starts in the result.

    Some characters change length when lowercased ("İ"), which would shift every later
    value's offset: then each value is lowercased on its own before the offsets are taken.
    (Otherwise lowercasing the joined values is lowercasing each: "\n" is neither cased nor
    case-ignorable, so it ends the context a final sigma looks at.)"""
    joined = "\n".join(distinct)
    lowered = joined.lower()
    if len(lowered) != len(joined):
        lowered = "\n".join(v.lower() for v in distinct)
        return lowered, list(accumulate((len(v.lower()) + 1 for v in distinct), initial=0))
    return lowered, list(accumulate((len(v) + 1 for v in distinct), initial=0))


def _boilerplate_values(values: list[str]) -> set[str]:
    """The values in which, lowercased, _BOILERPLATE finds a marker: the distinct values
    joined into one lowercase string for one search in C (a marker cannot span two of them),
    which starts at the characters before words only."""
    distinct = list(dict.fromkeys(values))
    lowered, starts = _joined_lowercase(distinct)
    lowered = "\n" + lowered  # a value's first word follows a "\n" too
    out: set[str] = set()
    pos = 0
    while (m := _BOILERPLATE_SEARCH.search(lowered, pos)) is not None:
        i = bisect_right(starts, m.start()) - 1
        out.add(distinct[i])
        pos = starts[i + 1]
    return out


def _mark(values: list[Any]) -> dict[str, list[Any]]:
    """Every element marked by a word of each CLASS_FAMILIES entry, from the page's class then
    itemprop values (smart strings, each knowing its element). Pages repeat their class
    values, so each distinct value is matched once: all of them joined into one lowercase
    string, for one pattern to run over in C; the search starts at the characters before
    words only, since a word must start after one. Only the few values that match are taken
    back to their elements."""
    distinct = list(dict.fromkeys(values))
    lowered, starts = _joined_lowercase(distinct)
    families: dict[str, list[str]] = {}
    for m in _FAMILY_SEARCH.finditer("\n" + lowered):
        families.setdefault(distinct[bisect_right(starts, m.start()) - 1], []).append(
            _family_of(m.group()[1:])
        )
    hits: dict[str, dict[Any, None]] = {k: {} for k in CLASS_FAMILIES}
    for v in compress(values, map(families.__contains__, values)):
        if (el := v.getparent()) is not None:
            for family in families[v]:
                hits[family][el] = None
    return {k: list(v) for k, v in hits.items()}


# Plain etree elements: lxml.html's per-element class lookup costs more than the parse itself.
# No index of id attributes either (nothing looks elements up by id): about 6% of the parse.
_PARSER = etree.HTMLParser(
    recover=True, no_network=True, remove_comments=True, remove_pis=True, collect_ids=False
)


_UTF8_PARSER = etree.HTMLParser(
    recover=True,
    no_network=True,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    encoding="utf-8",  # whatever a <meta charset> says: the bytes were read as UTF-8
)


def parser_input(html: str | bytes, stage: Stage = untimed) -> tuple[str | None, bytes | None]:
    """What the parser reads of a page: its text (decoded, cut at MAX_HTML_CHARS, without an
    XML declaration or NULs, within the markup bounds), and the page's own bytes where they
    are that text in UTF-8.

    The parser reads UTF-8 bytes faster than text (8% of the parse), so where the text is the
    page's own UTF-8 bytes read whole and strictly (nothing cut, stripped or removed), those
    bytes are handed over, and where they can be told to be so without decoding them (the
    markup scan read off the bytes), no text at all: None in its place.
    """
    codec: str | None  # the codec that read the text (None: it came as text)
    if isinstance(html, bytes) and not html.startswith(_BOM_STARTS):
        with stage("decode"):
            declared = _declared_codec(html)
        if declared in (None, "utf-8") and _readable_as_bytes(html, stage):
            return None, html
        with stage("decode"):
            decoded, codec = _decode_declared(html, declared)
    else:
        with stage("decode"):
            decoded, codec = decode(html)
    text = decoded[:MAX_HTML_CHARS]
    with stage("markup scan"):
        text = _XML_DECL.sub("", text)
        # Bytes read in these codecs hold a NUL only as a zero byte, found much faster.
        if not (isinstance(html, bytes) and codec in ("utf-8", "cp1252") and b"\x00" not in html):
            text = text.replace("\x00", "")
        text = bound_markup(text)
    if (
        isinstance(html, bytes)
        and codec == "utf-8"
        and text is decoded
        and not html.startswith(codecs.BOM_UTF8)
    ):
        return text, html
    return text, None


# What may stand before an XML declaration, and what may make up a blank page, as bytes: ASCII
# whitespace as str reads it ("\x1c"-"\x1f" too), and any non-ASCII byte (a character that
# may be whitespace).
_MAYBE_BLANK = re.compile(rb"[\s\x1c-\x1f\x80-\xff]*+(<\?)?")


def _readable_as_bytes(html: bytes, stage: Stage) -> bool:
    """Whether parser_input would hand over the page's bytes with text that is exactly those
    bytes decoded, told off the bytes alone, for a page read as UTF-8 (no BOM; no charset
    declared, or UTF-8): strict UTF-8 in at most MAX_HTML_CHARS bytes with no NUL, no XML
    declaration, not blank, and passed whole by the markup scan (utf8_markup_whole). Where
    it cannot be told so, parser_input decodes the page as before."""
    with stage("decode"):
        if len(html) > MAX_HTML_CHARS or b"\x00" in html:
            return False
        start = _MAYBE_BLANK.match(html)
        if start is None or start.group(1) is not None or start.end() == len(html):
            return False  # an XML declaration may start here, or the page may be blank
    with stage("markup scan"):
        return utf8_markup_whole(html) is True


_BOM_STARTS = tuple(bom for bom, _ in _BOMS)


def _parse_tree(text: str | None, utf8: bytes | None = None) -> Any:
    """The page's tree, from its text or, where given, the same text's UTF-8 bytes (text None:
    not decoded, and not blank)."""
    try:
        if text is not None and not text.strip():
            tree = None
        elif utf8 is not None:
            tree = etree.fromstring(utf8, _UTF8_PARSER)
        else:
            tree = etree.fromstring(text or "", _PARSER)
    except (etree.ParserError, ValueError):
        tree = None
    if tree is None:
        tree = etree.fromstring("<html><body></body></html>", _PARSER)
    if tree.find("body") is None:
        tree.append(etree.Element("body"))
    return tree


# XHTML habits around a script's JSON: "<![CDATA[ ... ]]>", "//<![CDATA[", "<!-- ... -->".
_CDATA = re.compile(r"^(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)$")


# What the tree strips before the extractors read it (with everything inside).
_STRIPPED = ("script", "style", "noscript", "template")


def _head(tree: Any) -> tuple[list[dict[str, Any]], dict[str, list[str]], list[Any]]:
    """The page's JSON-LD objects, its meta values by key, and its <link rel="canonical">
    elements outside what is stripped: one walk over the <meta>, <script> and <link>
    elements, each kind in page order."""
    json_ld: list[dict[str, Any]] = []
    if _compiled_tree is not None:  # the same walk in C, the scripts' JSON read here
        meta, scripts, canonical = _compiled_tree.head(tree)
        for text in scripts:
            _read_json_ld_text(text, json_ld)
        return json_ld, meta, canonical
    meta = {}
    canonical = []
    for el in tree.iter("meta", "script", "link"):
        tag = el.tag
        if tag == "meta":
            _read_meta(el, meta)
        elif tag == "script":
            _read_json_ld(el, json_ld)
        elif _is_canonical(el) and not any(a.tag in _STRIPPED for a in el.iterancestors()):
            canonical.append(el)
    return json_ld, meta, canonical


def _is_canonical(link: Any) -> bool:
    rel = link.get("rel")
    return rel is not None and "canonical" in rel.lower().split()


def _read_json_ld(el: Any, out: list[dict[str, Any]]) -> None:
    """The objects of one <script> with a type, when it is JSON-LD, added to `out`."""
    if "ld+json" not in (el.get("type") or "").lower():
        return
    _read_json_ld_text(el.text or "", out)


def _read_json_ld_text(text: str, out: list[dict[str, Any]]) -> None:
    """The objects of one JSON-LD block's text, added to `out`."""
    raw = text.strip()
    # The pattern can only match a block that starts with "/" or "<" or ends with ">": most
    # blocks are left unscanned (the search would try every position of the block).
    if raw[:1] in ("/", "<") or raw[-1:] == ">":
        raw = _CDATA.sub("", raw)
    if not raw:
        return
    data = _lenient_json_ld(raw)
    if data is _UNREADABLE:
        return
    if data is not None:  # None: too large or too deep to read
        _flatten(data, out, depth=0)


_UNREADABLE = object()
# A comma before a closing bracket, as hand-edited templates leave them (JSON allows none).
_TRAILING_COMMA = re.compile(r",(\s*+[}\]])")


def _lenient_json_ld(raw: str) -> Any:
    """One JSON-LD block read as JSON, else with the faults templates commonly leave mended:
    commas before a closing bracket; then text after the last object (several objects, a
    stray comma), by reading up to the last "}" alone. _UNREADABLE when none of these reads."""
    for attempt in (
        lambda: raw,
        lambda: _TRAILING_COMMA.sub(r"\1", raw),
        lambda: raw[: raw.rfind("}") + 1].rstrip(", \n"),
    ):
        try:
            return load_json_ld(attempt())
        except ValueError:
            continue
    return _UNREADABLE


def _flatten(data: Any, out: list[dict[str, Any]], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            _flatten(main, out, depth + 1)


def _read_meta(el: Any, meta: dict[str, list[str]]) -> None:
    """One <meta>'s value added under each of its keys."""
    get = el.attrib.get
    key = get("property") or get("name") or get("itemprop") or get("http-equiv")
    if not key:
        return
    content = get("content")
    if content is None:  # common misspellings of content
        content = get("value")
        if content is None:
            content = get("datetime")
            if content is None:
                return
    keys = key.lower().split()
    if len(keys) == 1:
        if (values := meta.get(keys[0])) is not None:
            values.append(content)
        else:
            meta[keys[0]] = [content]
        return
    # A value may carry several keys at once: property="og:title dc:title".
    for k in dict.fromkeys(keys):
        meta.setdefault(k, []).append(content)


_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong "
    "sub sup time u var wbr br".split()
)
MIN_BODY_CHARS = 200
# The body's text runs of 25 characters or more once whitespace is folded. Folding never
# lengthens a run, so runs already shorter (most are indentation) are dropped before any is
# folded: a third of the search.
_LONG_RUNS = etree.XPath(
    "//body/descendant::text()[string-length() >= 25][string-length(normalize-space()) >= 25]"
)


def _find_body(tree: Any, marked: list[Any]) -> Any:
    body = tree.find("body")
    # 1. What the publisher marked as the article body, if it holds real text.
    best, best_len = None, 0
    for el in marked:
        n = _paragraph_chars(el)
        if n > best_len:
            best, best_len = el, n
    if best is not None and best_len >= MIN_BODY_CHARS:
        return best
    # 2. The container whose paragraphs carry the most text: most pages, and cheap.
    boiler: dict[Any, bool] = {}
    if _compiled_tree is not None:
        p_scores = _compiled_tree.paragraph_weights(tree, MIN_PARAGRAPH_CHARS)
    else:
        p_scores = _paragraph_weights(tree)
    for el in sorted(p_scores, key=lambda e: -p_scores[e])[:3]:
        if p_scores[el] >= MIN_BODY_CHARS and not in_boilerplate(el, None):
            return el
    # 3. Else the container whose own runs of text (between <br>s, in <div>s) weigh most.
    scores: dict[Any, int] = {}

    def is_boilerplate(node: Any) -> bool:
        if node is None or node.tag in ("body", "html"):
            return False
        if node not in boiler:
            boiler[node] = (
                node.tag in _SKIP_TAGS
                or bool(_BOILERPLATE.search(classes_of(node)))
                or is_boilerplate(node.getparent())
            )
        return boiler[node]

    for run in _LONG_RUNS(tree):
        holder = run.getparent()
        container = holder.getparent() if run.is_tail else holder
        while container is not None and container.tag in _INLINE:
            container = container.getparent()
        if container is None or container.tag in ("script", "style"):
            continue
        if is_boilerplate(container):
            continue
        target = (
            container if container.tag not in ("p", "li", "blockquote") else container.getparent()
        )
        if target is None:
            continue
        n = len(run)
        scores[target] = scores.get(target, 0) + n
        grand = target.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + n // 2
    if scores:
        winner = max(scores, key=lambda e: scores[e])
        if scores[winner] >= MIN_BODY_CHARS:
            return winner
    for tag in ("article", "main"):
        el = tree.find(f".//{tag}")
        if el is not None:
            return el
    return body if body is not None else tree


MIN_PARAGRAPH_CHARS = 25  # a shorter <p> (a caption, a date line) weighs nothing


def _paragraph_weights(tree: Any) -> dict[Any, int]:
    """For each element that holds a <p> of MIN_PARAGRAPH_CHARS or more, the characters of all
    such <p> it holds, in the order of its first (in C: _tree.paragraph_weights)."""
    weights: dict[Any, int] = {}
    for p in tree.iter("p"):
        n = text_length(p)
        parent = p.getparent()
        if n >= MIN_PARAGRAPH_CHARS and parent is not None:
            weights[parent] = weights.get(parent, 0) + n
    return weights


def _paragraph_chars(el: Any) -> int:
    return sum(map(text_length, el.iter("p")))


def _content_blocks(body: Any, skipped: set[Any]) -> list[Paragraph]:
    """The body's text in paragraph-sized runs, boilerplate regions left out."""
    out: list[Paragraph] = []
    buf: list[str] = []
    blocks: list[Any] = [body]
    blocks_tags = _BLOCKS
    # A run ends at every block boundary (the start or end of a block element); the run is
    # kept unless it is only whitespace (most are only the page's indentation). The ending
    # is written out at both boundaries rather than called: there is one per block.
    walker = etree.iterwalk(body, events=("start", "end"))
    skip_subtree = walker.skip_subtree
    for event, node in walker:
        if node in skipped:
            if event == "start":
                skip_subtree()  # its end event still comes, and with it the tail
            elif node.tail:
                buf.append(node.tail)
            continue
        tag = node.tag
        if event == "start":
            if tag in blocks_tags:
                if buf:
                    text = "".join(buf)
                    buf.clear()
                    if not text.isspace():
                        out.append(Paragraph(blocks[-1], " ".join(text.split())))
                if tag != "br":
                    blocks.append(node)
            text = node.text
            if text:
                buf.append(text)
        else:
            if tag in blocks_tags:
                if buf:
                    text = "".join(buf)
                    buf.clear()
                    if not text.isspace():
                        out.append(Paragraph(blocks[-1], " ".join(text.split())))
                if tag != "br" and len(blocks) > 1 and blocks[-1] is node:
                    blocks.pop()
            if node is not body:
                tail = node.tail
                if tail:
                    buf.append(tail)
    if buf:
        text = "".join(buf)
        if not text.isspace():
            out.append(Paragraph(blocks[-1], " ".join(text.split())))
    return out
