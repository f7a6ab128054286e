"""Authorship facts: who wrote the article (person, organization or generic desk), and their
profile and bio. Strongest source first: JSON-LD, meta tags, author markup, byline markup, text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from scoring.data import AUTHOR_WORDS, OUTLETS
from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    make_quote,
    normalize_space,
)
from scoring.domains import domain_of
from scoring.facts import Author

ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|Posting|Review|LiveBlogPosting)$")
MAX_AUTHORS = 8
MAX_NAME_CHARS = 60

_GENERIC = frozenset(g.casefold() for g in AUTHOR_WORDS["generic"])
_ORG_WORDS = frozenset(w.casefold() for w in AUTHOR_WORDS["organization_words"])
_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in AUTHOR_WORDS["byline_prefixes"]) + r")\b[\s:]*",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\n)\s*", re.I)
_CUT = re.compile(
    r"\s+(?:[-–—•·]|\(|\bin\b|\bfor\b|\bon\b|\bat\b|\bupdated\b|\bpublished\b)\s*.*$", re.I
)
_DATEISH = re.compile(r"\d")
_PARTICLES = frozenset(AUTHOR_WORDS["name_particles"])
_DESK = frozenset(AUTHOR_WORDS["desk_words"])
_ROLE = re.compile(r"\b(?:" + "|".join(AUTHOR_WORDS["role_words"]) + r")\b", re.I)
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_BIO_CLASS = class_pattern(r"bio|author-bio|author-description|description")
_PROFILE_PATH = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|auteurs|autores|profile|profiles|people|staff|"
    r"journalist|journalists|team|contributor|contributors|writers|reporter|by|persons?|redaktion)/",
    re.I,
)
_TEXT_BYLINE = re.compile(
    r"^(?:By|BY|Von|VON|Par|PAR|Por|POR)\s+([^\W\d_][\w'’.\-]+(?:\s+[^\W\d_][\w'’.\-]+){1,3})"
)


def extract_authors(doc: Document) -> list[Author]:
    for stage in (_from_json_ld, _from_meta, _from_markup, _from_byline_markup, _from_text):
        authors = _dedupe(stage(doc), doc)
        if any(a.kind == "person" for a in authors):
            return authors[:MAX_AUTHORS]
        if authors and stage in (_from_json_ld, _from_meta):
            # Metadata that names only an organization: look on for a person, keep the org.
            rest = _dedupe(_from_markup(doc) + _from_byline_markup(doc), doc)
            people = [a for a in rest if a.kind == "person"]
            return (people or authors)[:MAX_AUTHORS]
        if authors:
            return authors[:MAX_AUTHORS]
    return []


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
                name = value.get("name")
                if isinstance(name, list):
                    name = next((n for n in name if isinstance(n, str)), None)
                if not isinstance(name, str):
                    continue
                typ = value.get("@type")
                typ = typ[0] if isinstance(typ, list) and typ else typ
                same = [s for s in _as_list(value.get("sameAs")) if isinstance(s, str)]
                url = value.get("url") if isinstance(value.get("url"), str) else None
                desc = (
                    value.get("description") if isinstance(value.get("description"), str) else None
                )
                for a in _authors_from_string(
                    name, "json-ld", doc, typ if isinstance(typ, str) else None
                ):
                    a.profile_url = url and doc.absolute(url)
                    a.same_as = same
                    a.bio = normalize_space(desc)[:300] if desc else None
                    found.append(a)
    return found


def _from_meta(doc: Document) -> list[Author]:
    found: list[Author] = []
    for key in (
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "cxenseparse:author",
        "article.author",
    ):
        for value in doc.meta.get(key, ()):
            value = value.strip()
            if not value:
                continue
            if value.startswith(("http://", "https://")):
                # article:author often holds a profile URL; a name can sometimes be read off it.
                continue
            found += _authors_from_string(value, "meta", doc)
        if found:
            break
    return found


def _from_markup(doc: Document) -> list[Author]:
    found: list[Author] = []
    # itemprop values sit in the document's class index; rel=author lives on links.
    marked = [el for el in doc.marked("author") if el.get("itemprop") == "author"]
    linked = [a for a in doc.tree.iter("a", "link") if "author" in (a.get("rel") or "").split()]
    for el in marked + linked:
        name_el = _itemprop_name(el)
        text = (name_el.get("content") if name_el is not None else None) or element_text(
            name_el if name_el is not None else el
        )
        for a in _authors_from_string(text, "markup", doc):
            _attach_profile(a, el, doc)
            a.quote = _quote_for(el, a.name)
            found.append(a)
    return found


def _from_byline_markup(doc: Document) -> list[Author]:
    found: list[Author] = []
    candidates = [
        el for el in doc.marked("author") if el.tag not in ("body", "html", "article", "main")
    ]
    marked = set(candidates)
    for el in candidates:
        text = element_text(el)
        if not text or len(text) > 120 or _BIO_CLASS.search(classes_of(el)):
            continue
        # The innermost marked element holds the name; a box around it holds more.
        if len(text) > MAX_NAME_CHARS and any(d in marked for d in el.iterdescendants()):
            continue
        # Names that are links ("By <a>Maria Lopez</a> and <a>John Carter</a>") each bring
        # their own profile; otherwise the element's text is the byline.
        from_links = [
            (a, link)
            for link in el.iter("a")
            for a in _authors_from_string(element_text(link), "byline", doc)
            if a.kind == "person"
        ]
        pairs = from_links or [(a, el) for a in _authors_from_string(text, "byline", doc)]
        for a, holder in pairs:
            _attach_profile(a, holder, doc)
            a.bio = _bio_near(el)
            a.quote = _quote_for(el, a.name)
            found.append(a)
    return found


def _from_text(doc: Document) -> list[Author]:
    for p in doc.paragraphs[:6]:
        m = _TEXT_BYLINE.match(p.text)
        if m:
            authors = _authors_from_string(m.group(1), "text", doc)
            for a in authors:
                a.quote = _quote_for(p.element, a.name)
            return authors
    return []


# --- names ----------------------------------------------------------------------------------


def _authors_from_string(
    raw: str, source: str, doc: Document, typ: str | None = None
) -> list[Author]:
    text = normalize_space(raw)
    text = _PREFIX.sub("", text)
    if not text:
        return []
    whole = classify_name(text, doc, typ)
    if (whole == "generic" and text.casefold() in _GENERIC) or (
        whole == "organization" and _names_organization(text, typ)
    ):
        return [Author(text[:MAX_NAME_CHARS], whole, source)]
    out: list[Author] = []
    for part in _SPLIT.split(text):
        part = _PREFIX.sub("", _CUT.sub("", part)).strip(" .:-–—")
        if not part or len(part) > MAX_NAME_CHARS:
            continue
        kind = classify_name(part, doc, typ)
        if kind and not (out and _ROLE.search(part)):  # "Jane Doe, Political Editor"
            out.append(Author(part, kind, source))
    # "Maria Lopez, Associated Press" names a person and her agency; "Dow Jones & Company"
    # is one organization, not a person called Dow Jones.
    if whole == "organization" and (len(out) < 2 or out[0].kind != "person"):
        return [Author(text[:MAX_NAME_CHARS], whole, source)]
    if whole == "generic" and not any(a.kind == "person" for a in out):
        return [Author(text[:MAX_NAME_CHARS], whole, source)]  # "Chronicle Staff"
    return out


def _names_organization(text: str, typ: str | None) -> bool:
    """The whole string is an organization's name, not a list that includes one."""
    return bool(typ and typ.endswith("Organization")) or OUTLETS.match_name(text) is not None


def classify_name(name: str, doc: Document, typ: str | None) -> str | None:
    """person | organization | generic, or None when the string is not a name at all."""
    low = name.casefold().strip()
    if low in _GENERIC:
        return "generic"
    if typ == "Organization" or (typ or "").endswith("Organization"):
        return "organization"
    if OUTLETS.match_name(name) is not None:
        return "organization"
    outlet_names = {doc.meta_first("og:site_name") or "", doc.domain.split(".")[0]}
    if low in {n.casefold() for n in outlet_names if n}:
        return "organization"
    tokens = name.split()
    if not tokens or len(tokens) > 5 or _DATEISH.search(name) or "@" in name or "://" in name:
        return None
    if any(t.casefold() in _DESK for t in tokens):
        return "generic"  # "Chronicle Staff", "Editorial Board"
    if typ != "Person" and _ROLE.search(name):
        return None  # a job title ("Transport Editor"), not a name
    if any(t.casefold().strip(".,") in _ORG_WORDS for t in tokens) and typ != "Person":
        return "organization"
    words = [t for t in tokens if t.casefold() not in _PARTICLES]
    if not words or not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    if not all(w[0].isupper() for w in words):
        return None
    if len(words) == 1:
        return "person" if typ == "Person" else None
    if name.isupper() and len(name) > 3:
        return "person"
    return "person"


def _dedupe(authors: list[Author], doc: Document) -> list[Author]:
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
    text = element_text(el)
    i = text.find(name)
    return make_quote(text, i, i + len(name)) if i >= 0 else None


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]
