"""What the engine will read of one page, checked before the expensive work starts.

libxml2 compares each attribute of a start tag with every earlier one, so a single tag with
tens of thousands of attributes costs minutes of CPU inside one C call that nothing can
interrupt. These bounds make such work impossible by construction: markup is scanned (in
linear time, with HTML5's tokenizing rules for tags) before it reaches the parser, and a page
over a bound is refused as too complex; a page with very many elements is cut after the
bound, as an over-long page is cut after MAX_HTML_CHARS. libxml2 itself caps nesting at 255.

The scan is written twice. scan_markup reads tag by tag in Python, by the patterns below: it is
the reference. scoring._markup, compiled from _markup.c when the package is installed, reads
the same tags by the same rules in one pass in C, and bound_markup uses it wherever it was
built; the bounds and raw text names stay here and are handed to it on every call. The tests
hold the two equal on hand-written and random pages, in every width of str. Where no compiler
was at hand the module is missing, and bound_markup reads the page in Python instead: most
pages are passed whole by one pattern run in C by re, shown in bound_markup to pass only pages
the scan passes whole, and the rest tag by tag.
"""

from __future__ import annotations

import json
import re
import string
import sys
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

_compiled: ModuleType | None
try:
    from scoring import _markup as _compiled
except ImportError:  # built without a compiler: the same scan in Python
    _compiled = None

MAX_ATTRIBUTES_PER_ELEMENT = 1_000  # real pages use a few dozen at most
MAX_ELEMENTS = 30_000  # start tags read; the longest of 583 real news pages has 10,100
# Attribute pairs the parser compares, summed over the page's long tags: 2 million take about
# 10 ms; none of 583 real news pages reaches 100,000 (one tag of 1,000 attributes has 499,500).
MAX_ATTRIBUTE_PAIRS = 2_000_000
MAX_JSON_LD_CHARS = 500_000  # one JSON-LD block; larger ones are skipped
MAX_JSON_LD_DEPTH = 32  # nesting of one JSON-LD block; deeper ones are skipped


class TooComplex(ValueError):
    """A page over one of the bounds above: reported as such, never scored."""


# Where markup starts: a comment, or a start tag as an HTML5 tokenizer sees it (a quote only
# opens a value after "=", and ">" inside a quoted value does not end the tag). Possessive
# quantifiers keep every scan linear.
_MARKUP = re.compile(
    r"""<!--|<([A-Za-z][^\s/>]*+)(?:[\s/]++|[^\s/>][^\s/>=]*+"""
    r"""(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?)*+"""
)
# One attribute after the tag's name, with the separators before it: the same tokens.
_ATTRIBUTE_RE = r"""[\s/]*+[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?>"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_RE)
_COMMENT_END = re.compile(r"--!?>")


@cache  # read over every code point once (80 ms), and only on the path without the scan in C
def _separators() -> str:
    r"""What "[\s/]" reads: "/" and the characters str.isspace() calls spaces, as re's "\s"
    does."""
    return "/" + "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


# Elements whose content the parser reads as text, not markup, up to their end tag.
_RAW_TEXT_NAMES = tuple("script style xmp iframe noembed noframes textarea title".split())
_END_TAG = r"(?i:</{}(?![^\s/>]))"
_RAW_TEXT = {name: re.compile(_END_TAG.format(name)) for name in _RAW_TEXT_NAMES}
# A tag shorter than this cannot hold enough attributes to matter, so it is not counted.
_COUNTED_TAG_CHARS = 128


# The commonest attribute, one space then name="value" (a name of ASCII letters, digits and
# "-.:_"), read in fewer steps than any other: _ATTRIBUTE reads it as one token of the same
# characters (one separator, a name without space, "/", ">", "=" or quotes, a closed value).
_PLAIN_ATTRIBUTE_RE = r' [-.0-:A-Z_a-z]++="[^"]*+"'
# _ATTRIBUTE_RE, its commonest value ("=" then a double quote) tried first: the same tokens.
_ANY_ATTRIBUTE_RE = (
    r"""[\s/]*+[^\s/>][^\s/>=]*+(?:="[^"]*+"?|\s*+=\s*+(?>"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+"""
)


@lru_cache(maxsize=8)
def _markup_under(n: int) -> re.Pattern[str]:
    """A whole page whose tags all have fewer than n attributes, read as scan_markup reads it:
    text, comments to their end, tags with their attributes, raw text to its end tag."""
    attribute = f"(?:{_PLAIN_ATTRIBUTE_RE}|{_ANY_ATTRIBUTE_RE})"
    # then no nth attribute: after separators, only the tag's ">" or the page's end
    attributes = rf"{attribute}{{0,{n - 1}}}+(?:>|[\s/]*+(?:>|\Z))"
    tag = rf"[^\s/>]*+{attributes}"  # after its first letter

    def raw_text(name: str) -> str:  # after its first letter
        # ASCII letters of either case: a name lower()s to one of these exactly when it is
        # spelled so (no other character lowers to letters only).
        rest = "".join(f"[{c}{c.upper()}]" for c in name[1:])
        return rf"{rest}(?![^\s/>]){attributes}[^<]*+(?:(?!{_END_TAG.format(name)})<[^<]*+)*+"

    # Tags are told from raw text elements by their first letter: each initial of a raw text
    # element tries those elements, then any tag, as one alternative entered on that letter.
    by_initial: dict[str, list[str]] = {}
    for name in _RAW_TEXT_NAMES:
        by_initial.setdefault(name[0], []).append(name)
    raw_or_tag = "|".join(
        rf"[{c}{c.upper()}](?:{'|'.join(map(raw_text, names))}|{tag})"
        for c, names in by_initial.items()
    )
    comment = r"!--(?:[^-]++|-(?!-!?>))*+(?:--!?>)?"
    initials = {c for name in _RAW_TEXT_NAMES for c in (name[0], name[0].upper())}
    other = "".join(sorted(set(string.ascii_letters) - initials))
    # End tags first (any "</": no markup starts there), the most common "<" of all.
    return re.compile(
        rf"[^<]*+(?:<(?:/|[{other}]{tag}|{raw_or_tag}|{comment}|(?![A-Za-z]))[^<]*+)*+"
    )


def _harmless_below(tags: int) -> int | None:
    """An attribute count under which no tag matters on a page of at most `tags` start tags:
    tags with fewer attributes each cannot together reach MAX_ATTRIBUTE_PAIRS."""
    for n in (64, 32, 20, 13):
        pairs = (n - 1) * (n - 2) // 2  # of a tag with n - 1 attributes
        if n <= MAX_ATTRIBUTES_PER_ELEMENT and tags * pairs <= MAX_ATTRIBUTE_PAIRS:
            return n
    return None


def bound_markup(text: str) -> str:
    """The markup the parser may read: cut after MAX_ELEMENTS start tags.

    Raises TooComplex when a start tag carries more than MAX_ATTRIBUTES_PER_ELEMENT attributes,
    or the page's tags together more than MAX_ATTRIBUTE_PAIRS pairs of attributes (what the
    parser compares). Script and style contents are skipped, as the parser skips them.

    Most pages pass whole on checks in C. Every start tag begins with "<", so a page with no
    more "<" than MAX_ELEMENTS is never cut. Where no tag has n attributes, n from
    _harmless_below, no bound on attributes can be reached; and one possessive pattern
    (_markup_under) reads the page as scan_markup reads it, skipping what scan_markup skips:
    text up to "<"; a comment to the first "--!?>" after "<!--"; a start tag by the very tokens
    scan_markup counts (one space and name="value", where written so, is the one token
    _ATTRIBUTE reads there), so it ends where scan_markup's tag ends but for separators and the
    ">" that closes it; the contents of a raw text element to the first end tag scan_markup
    searches for, a tag being one only when its name is one of theirs in ASCII letters of
    either case, as lower() sees it (a tag of another name, first letter alike, is read as any
    tag). Each step so starts where scan_markup's next search starts (or after text without
    "<" that it skips), and a tag of n attributes or more stops the pattern short of the
    page's end, so a page the pattern reads to its end has the tags scan_markup reads, each
    under n attributes, and passes scan_markup whole too. (Reading from every "<" instead, in
    scripts and values too, needs no such care but is quadratic: every "<" inside a long run
    without spaces reads the rest of that run.) Other pages are read tag by tag
    (scan_markup), with the same result.

    All of this is the path without scoring._markup: where it was built, it reads the page
    instead, as scan_markup does, in one pass (scan_compiled).
    """
    if _compiled is not None:
        return scan_compiled(text)
    tags = text.count("<")
    if tags <= MAX_ELEMENTS:
        n = _harmless_below(tags)
        if n is not None and _markup_under(n).fullmatch(text) is not None:
            return text
    return scan_markup(text)


def _too_many_attributes() -> TooComplex:
    return TooComplex(f"an element has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes")


def _too_many_pairs(pairs: int) -> TooComplex:
    return TooComplex(f"the page's elements carry too many attributes ({pairs} pairs)")


def scan_compiled(text: str) -> str:
    """scan_markup in C (scoring._markup, which must have been built): the same result.

    The scan is handed this module's bounds and raw text names, and answers with the length of
    the markup to keep, or with the attributes of the tag that passed a bound and the pairs
    summed so far, from which the same TooComplex is raised here.
    """
    assert _compiled is not None
    kept = _compiled.scan(text, *_bounds())
    if isinstance(kept, int):
        return text if kept == len(text) else text[:kept]
    raise _refusal(kept)


def utf8_markup_whole(page: bytes) -> bool | None:
    """Whether bound_markup would pass a page's text whole, read off the page's bytes where
    they are strict UTF-8 (the text being those bytes decoded): True where it would, False
    where it would cut the text; None where the bytes are not strict UTF-8 or the scan in C
    was not built. Raises the TooComplex bound_markup would raise on the text.

    The scan reads the bytes as scan_compiled reads the text, a character being one UTF-8
    sequence: no text is made of a page the parser can read as bytes.
    """
    if _compiled is None:
        return None
    kept = _compiled.scan_utf8(page, *_bounds())
    if kept is None:
        return None
    if isinstance(kept, int):
        return kept == len(page)
    raise _refusal(kept)


def _bounds() -> tuple[int, int, int, int, tuple[str, ...]]:
    """What the scan in C is handed after the page: read at each call, so that tests may set
    smaller bounds."""
    return (
        MAX_ELEMENTS,
        MAX_ATTRIBUTES_PER_ELEMENT,
        MAX_ATTRIBUTE_PAIRS,
        _COUNTED_TAG_CHARS,
        _RAW_TEXT_NAMES,
    )


def _refusal(kept: tuple[int, int]) -> TooComplex:
    """The TooComplex of a tag over a bound, from its attributes and the pairs summed so far."""
    attributes, pairs = kept
    if attributes > MAX_ATTRIBUTES_PER_ELEMENT:
        return _too_many_attributes()
    return _too_many_pairs(pairs)


def scan_markup(text: str) -> str:
    """bound_markup, tag by tag."""
    pairs = 0
    elements = 0
    pos = 0
    while (m := _MARKUP.search(text, pos)) is not None:
        name = m[1]
        if name is None:  # a comment
            end = _COMMENT_END.search(text, m.end())
            pos = end.end() if end else len(text)
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            return text[: m.start()]
        pos = m.end()
        if pos - m.start() > _COUNTED_TAG_CHARS:
            # Separators after the last attribute end no token, and findall would try each
            # of them again in turn (quadratic on a long run): they are left out first.
            last = m.end(1) + len(text[m.end(1) : pos].rstrip(_separators()))
            n = len(_ATTRIBUTE.findall(text, m.end(1), last))
            if n > MAX_ATTRIBUTES_PER_ELEMENT:
                raise _too_many_attributes()
            pairs += n * (n - 1) // 2
            if pairs > MAX_ATTRIBUTE_PAIRS:
                raise _too_many_pairs(pairs)
        raw_end = _RAW_TEXT.get(name.lower())
        if raw_end is not None:
            end = raw_end.search(text, pos)
            pos = end.start() if end else len(text)
    return text


_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


def json_depth(raw: str) -> int:
    """How deeply raw JSON nests arrays and objects (strings skipped), without parsing it."""
    depth = deepest = 0
    for c in _NOT_BRACKET.sub("", _JSON_STRING.sub("", raw)):
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json_ld(raw: str) -> Any:
    """One JSON-LD block, or None when it is too large or too deeply nested to read."""
    if len(raw) > MAX_JSON_LD_CHARS or (
        # no deeper than it has brackets: most blocks need no reading for their depth
        raw.count("[") + raw.count("{") > MAX_JSON_LD_DEPTH and json_depth(raw) > MAX_JSON_LD_DEPTH
    ):
        return None
    return json.loads(raw, strict=False)
