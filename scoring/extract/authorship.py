"""Authorship facts: who wrote the article (person, organization or generic desk), and their
profile and bio. Strongest source first: JSON-LD, meta tags, author markup, byline markup, text.
Visible bylines are read only where this article's byline can be (see bylines.py); when they
name other people than the metadata, both are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from itertools import repeat
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from scoring.data import AUTHOR_WORDS, OUTLETS
from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    get_attribute,
    is_below,
    make_quote,
    nfc,
    normalize_space,
    without_markup,
)
from scoring.domains import domain_of, path_of
from scoring.extract.bylines import (
    Zone,
    byline_elements,
    find_zone,
    header_links,
    zone_elements,
)
from scoring.facts import Author
from scoring.patterns import pieces, trie_pattern

ARTICLE_TYPES = re.compile(r"(?i:Article|BlogPosting|Report|Posting|Review|LiveBlogPosting)$")
MAX_AUTHORS = 8
MAX_NAME_CHARS = 60


# The shortest role word that closes a compound written solid: "redakteur" and "reporter"
# do; "editor", "chief" and "staff" would also close ordinary words ("mischief").
MIN_SOLID_ROLE_CHARS = 8


def _alternation(words: list[str]) -> str:
    """Any of the words, the longest first where several match at one place: a tree of their
    characters (scoring.patterns), which the regex engine searches without trying every word
    at every position. The words are written in one case, as the patterns ignore case."""
    return trie_pattern(pieces(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


_GENERIC = frozenset(g.casefold() for g in AUTHOR_WORDS["generic"])
_ORG_WORDS = frozenset(w.casefold() for w in AUTHOR_WORDS["organization_words"])
_PREFIX_ALTS = (
    r"(?:(?:" + _alternation(AUTHOR_WORDS["byline_prefixes"]) + r")\b[\s:：]*"
    r"|(?:" + _alternation(AUTHOR_WORDS["byline_prefixes_cjk"]) + r")\s*[\s:：/／|｜・=]\s*)"
)
_PREFIX = re.compile(r"^[|•·–—\-\s]*" + _PREFIX_ALTS, re.I)
# A text that is nothing but a prefix ("By", "| Von:"): the name follows in the next text.
_PREFIX_ONLY = re.compile(r"^[|•·–—\-\s]*" + _PREFIX_ALTS + r"$", re.I)
# Between the names of a byline; each "|" is kept as a part of its own (None for the other
# separators): where one field of the byline ends.
_SPLIT = re.compile(r"\s*(\|)\s*|\s*(?:,|;|/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\n)\s*", re.I)
_CUT = re.compile(
    r"\s+(?:[-–—•·]|\(|\b(?:" + _alternation(AUTHOR_WORDS["after_name_words"]) + r")\b)\s*.*$",
    re.I,
)
_PARENS = re.compile(r"\s*[(（]([^()（）]{1,40})[)）]")
_DATEISH = re.compile(r"\d")
# A name that ends in an initial or a generational suffix, whose period is part of it.
_INITIAL_END = re.compile(r"(?:^|\s)(?:[^\W\d_]|Jr|Sr)$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
_PARTICLES = frozenset(AUTHOR_WORDS["name_particles"])
_DESK = frozenset(AUTHOR_WORDS["desk_words"])
_DESK_SPLIT = re.compile(r"[-.]")  # desk words inside a token: "news-desk", "staff.writer"
_ROLE = re.compile(r"\b" + _alternation(AUTHOR_WORDS["role_words"]) + r"\b", re.I)
# A job title before a name ("Reporter Jane Doe", "Redakteurin Jana Meyer"), of role words:
# each may close a compound, joined by hyphens
# ("FOCUS-Online-Experte", "Wirtschafts-Redakteur") or, for the longer words, written solid
# as German writes them ("Sportredakteur", "Auslandskorrespondentin").
_LONG_ROLES = [w for w in AUTHOR_WORDS["role_words"] if len(w) >= MIN_SOLID_ROLE_CHARS]
_LEADING_ROLES = re.compile(
    r"(?:(?:(?:[^\W\d_][\w.]*-)*(?:"
    + _alternation(AUTHOR_WORDS["role_words"])
    + r")|[^\W\d_]+(?:"
    + _alternation(_LONG_ROLES)
    + r"))\s+)+",
    re.I,
)
_UI_PHRASES = frozenset(AUTHOR_WORDS["ui_phrases"])
_UI_WORDS = frozenset(AUTHOR_WORDS["ui_words"])
_SECTION_WORDS = frozenset(AUTHOR_WORDS["section_words"])
_WIRE = re.compile(r"\b(?:" + _alternation(AUTHOR_WORDS["wire_phrases"]) + r")\b", re.I)
# Quotes around a nickname (Amanda "Tania Mae" Tan) are part of a name.
_QUOTES = "\"'“”„«»‘’‚"
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$")
# A user name in a byline element: letters, maybe digits, dots, dashes ("tlow", "r23").
_HANDLE = re.compile(r"^(?=.*[^\W\d_])(?![A-Z]{2,3}$)[^\W_][\w.\-]{2,29}$")
_CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,6}$")
# Emoji and pictographs that decorate a name ("Jenny Smith ❤️").
_SYMBOLS = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2190-\u21ff\u25a0-\u25ff]+"
)
_USER_CLASS = class_pattern(r"user|username|user-name|nickname|fn|author|name")
_BIO_CLASS = class_pattern(r"bio|author-bio|author-description|description")
_CLASS_AND_ID = etree.XPath(
    "descendant-or-self::*/@class | descendant-or-self::*/@id", smart_strings=False
)
_PROFILE_WORDS = (
    *("author", "authors", "autor", "autoren", "auteur", "auteurs", "autores"),
    *("profile", "profiles", "profil", "perfil", "people", "staff", "journalist", "journalists"),
    *("team", "contributor", "contributors", "writers", "reporter", "by", "person", "persons"),
    "redaktion",
)
_PROFILE_PATH = re.compile("/(?:" + "|".join(_PROFILE_WORDS) + ")/", re.I)
# The same segments in lowercased addresses, all of a page's at once: a case-insensitive search
# is several times slower. Three characters match an ASCII letter case-insensitively without
# lowercasing to it (dotted and dotless i, long s); where one is, every address is a candidate.
_PROFILE_LOWER = re.compile("/" + trie_pattern(map(pieces, _PROFILE_WORDS)) + "/")
_CASE_ODD = ("\u0130", "\u0131", "\u017f")
_WORDS = re.compile(r"\w+")
_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")  # the ASCII characters that str.isalnum takes
_MAX_ZONE_TEXTS = 40  # texts after the headline, in page order, as far as a byline can be


@dataclass
class Authorship:
    """The article's credits, and the visible byline where it names other people."""

    authors: list[Author]
    byline_disagrees: list[Author]


def extract_authorship(doc: Document) -> Authorship:
    zone = find_zone(doc)
    metadata = _dedupe(_from_json_ld(doc)) or _dedupe(_from_meta(doc))
    visible = _visible_byline(doc, zone)
    meta_people = [a for a in metadata if a.kind == "person"]
    seen_people = [a for a in visible if a.kind == "person"]
    if meta_people:
        disagree = [] if _same_people(meta_people, seen_people) else seen_people
        return Authorship(metadata[:MAX_AUTHORS], disagree[:MAX_AUTHORS])
    if metadata:
        # Metadata that names only an organization: a person in the byline comes first.
        return Authorship((seen_people or metadata)[:MAX_AUTHORS], [])
    return Authorship(visible[:MAX_AUTHORS], [])


def _same_people(a: list[Author], b: list[Author]) -> bool:
    """Whether two credits share a person (by name words); an empty side agrees."""
    if not a or not b:
        return True
    words_a = {w for x in a for w in _WORDS.findall(x.name.casefold())}
    return any(w in words_a for x in b for w in _WORDS.findall(x.name.casefold()) if len(w) > 1)


# --- stages ---------------------------------------------------------------------------------


def article_objects(doc: Document) -> list[dict[str, Any]]:
    out = []
    for obj in doc.json_ld:
        t = obj.get("@type")
        names = t if isinstance(t, list) else [t]
        if any(isinstance(n, str) and ARTICLE_TYPES.search(n) for n in names):
            out.append(obj)
    return out


def _from_json_ld(doc: Document) -> list[Author]:
    found: list[Author] = []
    for obj in article_objects(doc):
        for value in _as_list(obj.get("author")) + _as_list(obj.get("creator")):
            if isinstance(value, str):
                found += _authors_from_string(value, "json-ld", doc)
            elif isinstance(value, dict):
                names = _json_ld_names(value)
                if not names:
                    continue
                typ = value.get("@type")
                typ = typ[0] if isinstance(typ, list) and typ else typ
                same = [s for s in _as_list(value.get("sameAs")) if isinstance(s, str)]
                url = value.get("url") if isinstance(value.get("url"), str) else None
                desc = (
                    value.get("description") if isinstance(value.get("description"), str) else None
                )
                for name in names:
                    for a in _authors_from_string(
                        name, "json-ld", doc, typ if isinstance(typ, str) else None
                    ):
                        a.profile_url = url and doc.absolute(url)
                        a.same_as = same
                        a.bio = normalize_space(desc)[:300] if desc else None
                        found.append(a)
    return found


def _json_ld_names(value: dict[str, Any]) -> list[str]:
    """The names a JSON-LD author object gives: its name, or each of a list of names, or the
    name of an object nested as its name; failing those, its given, additional and family
    names joined."""
    name = value.get("name")
    if isinstance(name, dict):
        name = name.get("name")
    if isinstance(name, str):
        return [name]
    if isinstance(name, list):
        return [n for n in name if isinstance(n, str)]
    parts = [value.get(k) for k in ("givenName", "additionalName", "familyName")]
    joined = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return [joined] if joined else []


def _from_meta(doc: Document) -> list[Author]:
    found: list[Author] = []
    for key in (
        "author",
        "article:author",
        "og:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dc:creator",
        "dcterms.creator",
        "citation_author",
        "byl",
        "cxenseparse:author",
        "article.author",
    ):
        for value in doc.meta.get(key, ()):
            value = value.strip()
            if not value or value.startswith(("http://", "https://", "/")):
                continue  # article:author often holds a profile URL, not a name
            found += _authors_from_string(value, "meta", doc)
        if found:
            break
    return found


def _visible_byline(doc: Document, zone: Zone) -> list[Author]:
    """What the page shows as the article's byline, read only where a byline can be: the
    header zone first; then the first byline elsewhere in the article (an author box), when
    the header names no person."""
    fallback: list[Author] = []
    for i, chosen in enumerate(_byline_candidates(doc, zone)):
        for stage in (_from_markup, _from_byline_markup):
            authors = _dedupe(stage(doc, chosen))
            if any(a.kind == "person" for a in authors):
                return authors
            fallback = fallback or authors
        if i == 0:  # the header zone
            text = _dedupe(_from_zone_text(doc, zone))
            if any(a.kind == "person" for a in text):
                return text
            fallback = fallback or text
    text = _dedupe(_from_text(doc))
    if any(a.kind == "person" for a in text):
        return text
    return fallback or text


def _byline_candidates(doc: Document, zone: Zone) -> Iterator[list[Any]]:
    """Byline elements in the article's header zone; then, only if asked for, the first other
    one that is in no rail, comment, credit or page footer (inside the article element, where
    there is one)."""
    marked = byline_elements(doc, zone)
    # The header zone's rel=author links are among the links that can be in it, where those
    # are known; the page's other ones are read only if the header names no one.
    near = header_links(zone)
    anchors, rels = (doc.anchors, doc.links.rels) if near is None else (near, None)
    found = dict.fromkeys(marked)
    found.update(dict.fromkeys(_author_links(anchors, rels)))
    ordered = sorted(found, key=zone.key)
    header = [
        el for el in ordered if zone.in_header(el) and not zone.excluded(el, page_parts=False)
    ]
    if not header and zone.headline is not None:  # without a headline nothing is in_header
        # Under the headline, a link to an author's page is a byline without byline markup.
        hrefs = (
            doc.links.hrefs
            if near is None
            else list(map(get_attribute, near, repeat("href"), repeat("")))
        )
        profiles = [
            anchors[i]
            for i in _profile_links(hrefs)
            if _PROFILE_PATH.search(hrefs[i] + "/")
            and _PROFILE_PATH.search(path_of(hrefs[i].strip()) + "/")
        ]
        if near is not None:
            profiles.sort(key=zone.key)  # page order, as the page's links are
        header = [
            el for el in profiles if zone.in_header(el) and not zone.excluded(el, page_parts=False)
        ]
    yield header

    def elsewhere(el: Any) -> bool:
        return (
            (not zone.article_element or is_below(el, zone.article))
            and not zone.excluded(el)
            and bool(element_text(el))
        )

    if near is not None:
        found = dict.fromkeys(marked)
        found.update(dict.fromkeys(_author_links(doc.anchors, doc.links.rels)))
        ordered = sorted(found, key=zone.key)
    others = [el for el in ordered if el not in header]
    at = next((i for i, el in enumerate(others) if elsewhere(el)), None)
    if at is None:
        yield []
        return
    # The first byline block: its element, what it holds, and co-author links beside it.
    first = others[at]
    block = first.getparent()
    yield [first] + [
        el
        for el in others[at + 1 :]
        if (is_below(el, first) or el.getparent() is block) and elsewhere(el)
    ]


def _author_links(anchors: list[Any], rels: list[str | None] | None = None) -> list[Any]:
    """The links marked rel=author, their rel values (read here where not given: the page's
    are in Document.links) searched at once: most pages have none."""
    if rels is None:
        rels = list(map(get_attribute, anchors, repeat("rel")))
    if "author" not in " ".join(filter(None, rels)):
        return []
    return [a for a, rel in zip(anchors, rels, strict=True) if rel and "author" in rel.split()]


def _profile_links(hrefs: list[str]) -> list[int]:
    """The indexes of the addresses in which _PROFILE_PATH may find a segment (with "/" after
    each), in order: all of them searched at once, lowercased, since most pages link no author
    page. Each is joined with "/" and "\x00" after it (lxml's strings never hold one, and
    lowercasing makes none), so a match is in one address, the one after as many "\x00"."""
    joined = "".join(h + "/\x00" for h in hrefs)
    if any(c in joined for c in _CASE_ODD):
        return list(range(len(hrefs)))
    folded = joined.lower()
    found: list[int] = []
    index, counted = 0, 0
    for m in _PROFILE_LOWER.finditer(folded):
        index += folded.count("\x00", counted, m.start())
        counted = m.start()
        if not found or found[-1] != index:
            found.append(index)
    return found


def _from_markup(doc: Document, chosen: list[Any]) -> list[Author]:
    found: list[Author] = []
    # itemprop=author and rel=author name the author and link the profile.
    for el in chosen:
        if el.get("itemprop") != "author" and "author" not in (el.get("rel") or "").split():
            continue
        name_el = _itemprop_name(el)
        text = (name_el.get("content") if name_el is not None else None) or element_text(
            name_el if name_el is not None else el
        )
        alone = len(_PREFIX.sub("", text).split()) == 1
        for a in _authors_from_string(text, "markup", doc, handle_ok=alone):
            _attach_profile(a, el, doc)
            a.quote = _quote_for(el, a.name)
            found.append(a)
    return found


def _from_byline_markup(doc: Document, chosen: list[Any]) -> list[Author]:
    found: list[Author] = []
    marked = set(chosen)
    for el in chosen:
        text = element_text(el)
        if not text or len(text) > 120 or _BIO_CLASS.search(classes_of(el)):
            continue
        if text.split(None, 1)[0].casefold() in _SECTION_WORDS:
            continue  # a section label, links and all: "In <a>World News</a>"
        # The innermost marked element holds the name; a box around it holds more.
        if len(text) > MAX_NAME_CHARS and any(d in marked for d in el.iterdescendants()):
            continue
        # Names that are links ("By <a>Maria Lopez</a> and <a>John Carter</a>") each bring
        # their own profile; otherwise the element's text is the byline.
        # One word alone in a byline element is a user name ("tlow"); beside others it may be
        # a section or a place ("Michael Larabel in Valve").
        alone = len(_PREFIX.sub("", text).split()) == 1
        from_links = [
            (a, link)
            for link in el.iter("a")
            for a in _authors_from_string(element_text(link), "byline", doc, handle_ok=alone)
            if a.kind == "person"
        ]
        pairs = from_links or [
            (a, el) for a in _authors_from_string(text, "byline", doc, handle_ok=alone)
        ]
        if not found and not any(a.kind == "person" for a, _ in pairs):
            pairs = _from_parts(el, text, doc) or pairs
        bio = _bio_near(el) if pairs else None
        for a, holder in pairs:
            _attach_profile(a, holder, doc)
            a.bio = bio
            a.quote = _quote_in(text, a.name)
            found.append(a)
    return found


def _from_parts(el: Any, whole: str, doc: Document) -> list[tuple[Author, Any]]:
    """A byline element whose whole text is no name may hold one beside other things (a job
    title, a handle, a time: "Jane Doe <div>Editor</div>"): the first of its elements whose
    own text names a person. After a byline prefix, a link or a user-name element holding one
    word is a user name ("Gespeichert von <span class=username>rasos</span> am 24. Juli")."""
    prefixed = bool(_PREFIX.match(whole))  # `whole`: the element's text
    for part in el.iterdescendants():
        if not isinstance(part.tag, str):
            continue
        text = element_text(part)
        if not text or len(text) > MAX_NAME_CHARS:
            continue
        user = prefixed and (part.tag == "a" or bool(_USER_CLASS.search(classes_of(part))))
        people = [
            a
            for a in _authors_from_string(text, "byline", doc, handle_ok=user and " " not in text)
            if a.kind == "person"
        ]
        if people:
            return [(a, part) for a in people]
    # The element's own text before its first child element: "Jane Doe <div>Editor</div>".
    if el.text and el.text.strip() and len(el):
        people = [a for a in _authors_from_string(el.text, "byline", doc) if a.kind == "person"]
        return [(a, el) for a in people]
    return []


def _from_zone_text(doc: Document, zone: Zone) -> list[Author]:
    """A byline written as plain text under the headline: "By Jane Doe", "Von" + a link."""
    if zone.headline is None:
        return []
    texts: list[tuple[str, Any]] = []
    append = texts.append
    for el in zone_elements(zone):
        # An element's own text, and the text after it (which belongs to its parent). Most
        # are blank; the parent is looked up only for a tail that is not.
        piece = el.text
        if piece and not piece.isspace():
            append((normalize_space(piece), el))
        piece = el.tail
        if piece and not piece.isspace() and (holder := el.getparent()) is not None:
            append((normalize_space(piece), holder))
        if len(texts) >= _MAX_ZONE_TEXTS:
            break
    for i, (text, holder) in enumerate(texts):
        if len(text) > 120:
            continue
        link = None  # the link and its text, where the name ran on past it
        if _PREFIX_ONLY.match(text) and i + 1 < len(texts):
            name, node = texts[i + 1]
            # The name runs on past a link on the same line ("Autor: <a>Rechtsanwalt</a>
            # Jana Meyer"): the link's tail, where it goes on with a capital.
            after = texts[i + 2] if i + 2 < len(texts) else None
            if (
                node.tag == "a"
                and after is not None
                and after[1] is node.getparent()
                and normalize_space(node.tail or "") == after[0]
                and after[0][:1].isupper()
            ):
                link = (node, name)
                name, node = f"{name} {after[0]}", after[1]
        elif _PREFIX.match(text):
            name, node = text, holder
        else:
            continue
        if zone.excluded(holder):  # tested after the prefix: most texts are no byline
            continue
        # A single word after "By" is a user name only as a link (to the user's page).
        handle = len(name.split()) == 1 and node.tag == "a"
        authors = _authors_from_string(name, "text", doc, handle_ok=handle)
        for a in authors:
            # A link whose text is left out of the name ("Rechtsanwalt") is not its page.
            if link is None:
                _attach_profile(a, node, doc)
            elif link[1] in a.name:
                _attach_profile(a, link[0], doc)
            a.quote = _quote_for(node, a.name)
        if authors:
            return authors
    return []


def _from_text(doc: Document) -> list[Author]:
    """A byline line at the start or the end of the body ("By X", "责任编辑：X"), or a byline's
    label on a line of its own with the name on the next ("Von:", then "Jana Meyer")."""
    paragraphs = doc.paragraphs
    n = len(paragraphs)
    for i in dict.fromkeys([*range(min(6, n)), *range(max(0, n - 3), n)]):
        p = paragraphs[i]
        if len(p.text) > 80 or not _PREFIX.match(p.text):
            continue
        text, element = p.text, p.element
        if not _PREFIX.sub("", text).strip(" |:-–—") and i + 1 < n:
            text, element = f"{text} {paragraphs[i + 1].text}", paragraphs[i + 1].element
            if len(text) > 80:
                continue
        authors = _authors_from_string(text, "text", doc)
        for a in authors:
            a.quote = _quote_for(element, a.name)
        if any(a.kind == "person" for a in authors):
            return authors
    return []


# --- names ----------------------------------------------------------------------------------


def _authors_from_string(
    raw: str, source: str, doc: Document, typ: str | None = None, handle_ok: bool = False
) -> list[Author]:
    if "<" in raw:  # markup pasted into a metadata value: "By <a href=...>Jane Doe</a>"
        raw = unescape(without_markup(raw))
    text = normalize_space(_SYMBOLS.sub(" ", nfc(raw)))
    for _ in range(2):  # "Post author By Jane Doe": a label, then a prefix
        text = _PREFIX.sub("", text).strip(" |:-–—")
    if not text or text.casefold() in _UI_PHRASES or _COPYRIGHT.match(text):
        return []  # a copyright line names the rights holder, not who wrote the article
    if _underscored(text):
        text = text.replace("_", " ")  # "Jenny_Smith": a name whose spaces were written so
    whole = classify_name(text, doc, typ, handle_ok)
    if (whole == "generic" and text.casefold() in _GENERIC) or (
        whole == "organization" and _names_organization(text, typ)
    ):
        return [Author(text[:MAX_NAME_CHARS], whole, source)]
    out: list[Author] = []
    # Agencies in parentheses credit the story too: "Par Jean Dupont (AFP)"; other asides
    # ("(Bruxelles, bureau européen)", "(R.J.)") are no names.
    credits = [
        Author(inner.strip(), "organization", source)
        for inner in _PARENS.findall(text)
        if classify_name(inner, doc, None) == "organization"
    ]
    # "|" sets fields of different kinds apart: "Ana Ruiz | Palma de Mallorca | 08/01/2014".
    # Once a field has named people, a later field's name-shaped words are a place or a
    # section, not a co-author (co-authors are joined by commas and "and"); an agency there
    # is still a credit.
    field, named_in = 0, None
    for part in _SPLIT.split(_wire_apart(normalize_space(_PARENS.sub(" ", text)))):
        if part is None:
            continue
        if part == "|":
            field += 1
            continue
        part = _PREFIX.sub("", _CUT.sub("", part)).strip(" .:-–—")
        if _INITIAL_END.search(part) and text.find(part + ".") >= 0:
            part += "."  # "Joe S.", "Perry Bacon Jr.": the period belongs to the name
        if not part or len(part) > MAX_NAME_CHARS:
            continue
        # A job title before the name is the person's role, not part of the name.
        if (role := _LEADING_ROLES.match(part)) and len(part[role.end() :].split()) > 1:
            part = part[role.end() :]
        kind = classify_name(part, doc, typ, handle_ok and len(text.split()) == 1)
        if kind == "person" and named_in is not None and field > named_in:
            continue
        if kind and not (out and _ROLE.search(part)):  # "Jane Doe, Political Editor"
            out.append(Author(part, kind, source))
            if kind == "person" and named_in is None:
                named_in = field
    out += [c for c in credits if c.name.casefold() not in {a.name.casefold() for a in out}]
    # "Maria Lopez, Associated Press" names a person and her agency; "Dow Jones & Company"
    # is one organization, not a person called Dow Jones.
    if whole == "organization" and (len(out) < 2 or out[0].kind != "person"):
        return [Author(text[:MAX_NAME_CHARS], whole, source)]
    if whole == "generic" and not any(a.kind != "generic" for a in out) and len(out) < 2:
        return [Author(text[:MAX_NAME_CHARS], whole, source)]  # "Chronicle Staff"
    return out


def _underscored(text: str) -> bool:
    """Capitalised words joined by underscores and nothing else: "Jenny_Smith", where
    "jenny_smith" is a user name."""
    if "_" not in text or " " in text:
        return False
    parts = text.split("_")
    return len(parts) > 1 and all(p.isalpha() and p[0].isupper() for p in parts)


def _wire_apart(text: str) -> str:
    """ "Staff and news service reports": the wire credit stands apart from the desk."""
    return _WIRE.sub(lambda m: f", {m.group(0)}", text) if _WIRE.search(text) else text


def _names_organization(text: str, typ: str | None) -> bool:
    """The whole string is an organization's name, not a list that includes one."""
    return bool(typ and typ.endswith("Organization")) or OUTLETS.match_name(text) is not None


def classify_name(name: str, doc: Document, typ: str | None, handle_ok: bool = False) -> str | None:
    """person | organization | generic, or None when the string is not a name at all.

    `handle_ok`: the string stands alone in a byline element, where one word is a user name.
    """
    return _classify(name, _own_names(doc), typ, handle_ok)


@lru_cache(maxsize=1024)  # a page classifies its byline and each part of it, often the same
def _classify(name: str, own: frozenset[str], typ: str | None, handle_ok: bool) -> str | None:
    low = name.casefold().strip()
    if low in _GENERIC or _WIRE.fullmatch(low) or (" " not in low and "admin" in low):
        return "generic"  # "wp-admin", "wordpressadmin": a site account, not a person
    if low in _UI_PHRASES:
        return None
    if typ == "Organization" or (typ or "").endswith("Organization"):
        return "organization"
    if OUTLETS.match_name(name) is not None:
        return "organization"
    squashed = _squash(low)
    if squashed in own or (" " not in low and any(squashed.startswith(n) for n in own)):
        return "organization"  # the outlet itself, or its account ("larepublica_pe")
    tokens = [t.strip(_QUOTES) for t in name.split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 5 or "@" in name or "://" in name:
        return None
    if any(t.casefold().strip(".,:") in _UI_WORDS for t in tokens):
        return None  # "Facebook Twitter YouTube", "Weitere Artikel"
    if len(tokens) > 1 and tokens[0].casefold() in _SECTION_WORDS:
        return None  # a section label: "In Politics", "Im Ressort Wirtschaft"
    if any(w in _DESK for t in tokens for w in _DESK_SPLIT.split(t.casefold())):
        return "generic"  # "Chronicle Staff", "Editorial Board"
    if typ != "Person" and _ROLE.search(name):
        return None  # a job title ("Transport Editor"), not a name
    if len(tokens) == 1 and (typ == "Person" or handle_ok) and _HANDLE.match(tokens[0]):
        return "person"  # a user name in a byline: "tlow", "freeman1984"
    if len(tokens) == 1 and _CJK_NAME.match(tokens[0]):
        return "person"  # 高木浩光: family and given name without a space
    if _DATEISH.search(name):
        return None
    if any(t.casefold().strip(".,") in _ORG_WORDS for t in tokens) and typ != "Person":
        return "organization"
    # A particle opens a surname ("Ludwig van Beethoven"), never a name: a first word that is
    # one is a given name ("Ben Smith", "Al Gore", "Van Jones").
    words = tokens[:1] + [t for t in tokens[1:] if t.casefold() not in _PARTICLES]
    if not words or not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    if any(w[0].islower() for w in words):
        return None
    if len(words) == 1:
        return "person" if (typ == "Person" or handle_ok) else None
    return "person"


def _own_names(doc: Document) -> frozenset[str]:
    """The outlet's own names, squashed ("The Local", "thelocal"): a credit to the outlet."""
    return _squashed_names(doc.meta_first("og:site_name") or "", doc.domain.split(".")[0])


@lru_cache(maxsize=64)  # a page classifies many names against the same two
def _squashed_names(*names: str) -> frozenset[str]:
    return frozenset(_squash(n.casefold()) for n in names if n)


def _squash(s: str) -> str:
    """Letters and digits only, accents dropped: "La República" -> "larepublica"."""
    return _NOT_ASCII_ALNUM.sub("", unicodedata.normalize("NFKD", s))


def _dedupe(authors: list[Author]) -> list[Author]:
    seen: dict[str, Author] = {}
    for a in authors:
        key = a.name.casefold()
        if key not in seen:
            seen[key] = a
        else:
            kept = seen[key]
            kept.profile_url = kept.profile_url or a.profile_url
            kept.bio = kept.bio or a.bio
            kept.quote = kept.quote or a.quote
    # A person's profile and bio are often marked up away from the byline: join them by name.
    return list(seen.values())


# --- profile, bio, evidence -------------------------------------------------------------------


def _itemprop_name(el: Any) -> Any:
    for d in el.iter():
        if isinstance(d.tag, str) and d.get("itemprop") == "name":
            return d
    return None


def _attach_profile(author: Author, el: Any, doc: Document) -> None:
    links = [el] if el.tag == "a" else list(el.iter("a"))
    parent = el.getparent()
    if not links and parent is not None and parent.tag == "a":
        links = [parent]
    for a in links:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = doc.absolute(href)
        try:
            path = urlsplit(url).path
        except ValueError:
            continue
        rel = (a.get("rel") or "").split()
        if "author" in rel or _PROFILE_PATH.search(path + "/") or domain_of(url) == doc.domain:
            author.profile_url = url
            return


def _bio_near(el: Any) -> str | None:
    box = el.getparent()
    outer = box.getparent() if box is not None else None
    # Most boxes have no bio: one search over all the class and id values in them first.
    names = _CLASS_AND_ID(outer if outer is not None else box) if box is not None else []
    if not _BIO_CLASS.search("\n".join(names).lower()):
        return None
    for _ in range(2):
        if box is None:
            return None
        for d in box.iter():
            if isinstance(d.tag, str) and d is not el and _BIO_CLASS.search(classes_of(d)):
                text = element_text(d)
                if 10 <= len(text) <= 600:
                    return text
        box = box.getparent()
    return None


def _quote_for(el: Any, name: str) -> Any:
    return _quote_in(element_text(el), name)


def _quote_in(text: str, name: str) -> Any:
    i = text.find(name)
    return make_quote(text, i, i + len(name)) if i >= 0 else None


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]
