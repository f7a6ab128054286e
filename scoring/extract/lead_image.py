"""The article's lead image: which image it is, its caption, and who the page says made it.

The image is the first of: `og:image`, `twitter:image`, the article's JSON-LD `image` or
`thumbnailUrl`, the first large image in the body region. Its caption and credit come from
JSON-LD (`creditText`, `copyrightHolder`, `caption`), credit markup in its figure, and credit
lines in its `figcaption` ("Photo: Jane Doe/Reuters", "Foto: dpa", "Crédit photo : AFP").
Agencies in a credit are resolved against the known outlets. Whether the image carries Content
Credentials is checked off the page (the server fetches it); this module never fetches.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from scoring.data import OUTLETS, SOURCING, Outlet, load_toml
from scoring.document import (
    Document,
    class_pattern,
    classes_of,
    element_text,
    is_below,
    make_quote,
    text_content,
)
from scoring.extract.authorship import article_objects, classify_name
from scoring.extract.elements import page_elements
from scoring.facts import CreditAgency, ImageCredit, LeadImage

_DATA = load_toml("image_credits.toml")
_PREFIXES = sorted(
    {p for words in _DATA["prefixes"].values() for p in words}, key=len, reverse=True
)
_BY = "|".join(re.escape(w) for w in _DATA["by_words"])
_PREFIX = "|".join(re.escape(p) for p in _PREFIXES)
# "<prefix>: who", "<prefix> by who", "© who", where a credit can begin.
_CREDIT_LINE = re.compile(
    rf"(?:^|(?<=[.!?)\]|–—-])\s*|(?<=[(\[])\s*|\s(?=©))"
    rf"(?:(?:{_PREFIX})(?:\s*©\s*:?|\s*:|\s(?:{_BY})\s)|©|\(c\)|copyright\b:?)\s*"
    rf"(?P<who>[^\n()\[\]]{{2,120}}?)\s*(?=[)\]]|$)",
    re.I,
)
_LEADING_PREFIX = re.compile(rf"^\s*(?:(?:{_PREFIX})(?:\s*©\s*:?|\s*:|\s(?:{_BY})\s)|©)\s*", re.I)
_CREDIT_CLASS = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(re.escape(c) for c in _DATA["credit_classes"]) + r")(?![a-z0-9])"
)
_CREDIT_ITEMPROPS = frozenset(p.casefold() for p in _DATA["credit_itemprops"])
_CREDIT_ITEMPROP = re.compile("|".join(re.escape(p) for p in _CREDIT_ITEMPROPS))
_MARKUP_VALUES = etree.XPath(
    "descendant-or-self::*/@class | descendant-or-self::*/@id | descendant-or-self::*/@itemprop",
    smart_strings=False,
)
_SEPARATORS = re.compile("|".join(re.escape(s) for s in _DATA["separators"]), re.I)
_AGENCY_SUFFIX = re.compile(
    r"[\s-]+(?:" + "|".join(re.escape(s) for s in _DATA["agency_suffixes"]) + r")$", re.I
)
_ALIASES = {k.casefold(): v for k, v in _DATA["agency_aliases"].items()}
_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*")
# Regions that are not the article: the body region's boilerplate markers, except the words
# that mark an image's own caption and credit.
_CHROME = class_pattern(
    "|".join(
        re.escape(m) for m in SOURCING["boilerplate_markers"] if m not in _DATA["figure_markers"]
    )
)
_CHROME_TAGS = frozenset(("nav", "aside", "footer", "form", "button"))
_OG_IMAGE = ("og:image", "og:image:url", "og:image:secure_url")
_TWITTER_IMAGE = ("twitter:image", "twitter:image:src")
_LAZY_SRC = ("src", "data-src", "data-lazy-src", "data-original", "data-url")
MIN_BODY_IMAGE_PX = 300  # a body image smaller than this on either side is no lead image
MAX_CREDIT = 200
MAX_CREDIT_MARKUP = 160  # longer "credit" or "copyright" markup is a footer notice, not a credit
MAX_TAIL = 80  # a credit at the end of a caption is short
_TRAILING_BRACKET = re.compile(r"[(\[]([^()\[\]]{2,80})[)\]]\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MAX_CAPTION = 500


def extract_lead_image(doc: Document) -> LeadImage | None:
    chosen = _choose(doc)
    if chosen is None:
        return None
    url, source, ld_image = chosen
    lead = LeadImage(url=url, url_source=source)
    img = _element_for(doc, url) if source != "body" else _first_body_image(doc)[1]
    figure = _figure_of(img) if img is not None else None
    if img is None:
        figure = _first_figure(doc)
        img = _image_in(figure) if figure is not None else None
    lead.in_page = img is not None
    if img is not None:
        lead.alt = _clean(img.get("alt") or "", MAX_CAPTION) or None
    _read_caption_and_credit(doc, lead, figure, ld_image)
    return lead


# --- which image -----------------------------------------------------------------------------


def _choose(doc: Document) -> tuple[str, str, dict[str, Any] | None] | None:
    ld = _json_ld_image(doc)
    for names, source in ((_OG_IMAGE, "og:image"), (_TWITTER_IMAGE, "twitter:image")):
        value = doc.meta_first(*names)
        url = _image_url(doc, value)
        if url:
            # JSON-LD may describe the same image (its credit, its caption).
            same = ld is not None and _same_image(ld[0], url)
            return url, source, ld[1] if same and ld else None
    if ld is not None:
        return ld[0], "json-ld", ld[1]
    src, _ = _first_body_image(doc)
    if src:
        return src, "body", None
    return None


def _json_ld_image(doc: Document) -> tuple[str, dict[str, Any] | None] | None:
    """(url, the ImageObject when there is one) of the article's JSON-LD image."""
    by_id = {o.get("@id"): o for o in doc.json_ld if isinstance(o.get("@id"), str)}
    for article in article_objects(doc):
        for prop in ("image", "thumbnailUrl"):
            for item in _as_list(article.get(prop)):
                obj = item
                if isinstance(item, dict) and set(item) <= {"@id", "@type"}:
                    obj = by_id.get(item.get("@id"), item)
                if isinstance(obj, str):
                    url = _image_url(doc, obj)
                    if url:
                        return url, None
                elif isinstance(obj, dict):
                    raw = obj.get("url") or obj.get("contentUrl")
                    url = _image_url(doc, raw if isinstance(raw, str) else None)
                    if url:
                        return url, obj
    return None


def _image_url(doc: Document, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not value or value.startswith("data:"):
        return None
    url = doc.absolute(value)
    return url if url.startswith(("http://", "https://")) else None


def _first_body_image(doc: Document) -> tuple[str | None, Any]:
    for img in doc.body.iter("img"):
        if not _large_enough(img) or _in_chrome(img, doc):
            continue
        url = _image_url(doc, _src_of(img))
        if url:
            return url, img
    return None, None


def _large_enough(img: Any) -> bool:
    for attr in ("width", "height"):
        m = re.match(r"\s*(\d+)", img.get(attr) or "")
        if m and int(m.group(1)) < MIN_BODY_IMAGE_PX:
            return False
    return True


def _in_chrome(el: Any, doc: Document) -> bool:
    """In a share bar, related rail, author box, nav or footer: not the article's image."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html"):
            return False
        if node.tag in _CHROME_TAGS or _CHROME.search(classes_of(node)):
            return True
    return False


def _src_of(img: Any) -> str | None:
    for attr in _LAZY_SRC:
        v = (img.get(attr) or "").strip()
        if v and not v.startswith("data:"):
            return v
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def _same_image(a: str, b: str) -> bool:
    """The same picture, perhaps in another size from the same store: same file name stem."""
    return a == b or (_stem(a) != "" and _stem(a) == _stem(b))


def _stem(url: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].casefold() if len(name) > 4 else ""


# --- where it is on the page -------------------------------------------------------------------


def _element_for(doc: Document, url: str) -> Any:
    """The <img> (or <source>) on the page that shows the chosen image, if there is one: the
    first in page order that is not in the chrome."""
    want = _stem(url)
    for el in page_elements(doc, "img", "source"):
        # No attribute has the file name: most elements, at once (its addresses are read below).
        if want and want not in " ".join(el.values()).casefold():
            continue
        candidates = [_src_of(el), *(c.split()[0] for c in _srcset(el))]
        # Compare file names first: joining every address on the page costs more.
        if not any(
            c and (_stem(c) == want if want else doc.absolute(c) == url) for c in candidates
        ):
            continue
        if el.tag == "img":
            if not _in_chrome(el, doc):
                return el
        else:  # <picture><source><img>
            parent = el.getparent()
            img = parent.find("img") if parent is not None else None
            if img is not None:
                return img
    return None


def _srcset(el: Any) -> list[str]:
    raw = el.get("srcset") or el.get("data-srcset") or ""
    return [c.strip() for c in raw.split(",") if c.strip()]


def _figure_of(img: Any) -> Any:
    """The figure around an image: a <figure>, or the nearest container with a caption."""
    # Up to four levels up, to the first <figure>: any level below it is a figure where it
    # holds a caption or credit markup. The highest of them holds all that the lower ones do,
    # so where it holds none (most images), none is looked for level by level.
    levels: list[Any] = []
    node = img.getparent()
    while node is not None and len(levels) < 4:
        levels.append(node)
        if node.tag == "figure":
            break
        node = node.getparent()
    figure = levels[-1] if levels and levels[-1].tag == "figure" else None
    below = levels[:-1] if figure is not None else levels
    if below and _captioned(below[-1]):
        return next((node for node in below[:-1] if _captioned(node)), below[-1])
    return figure


def _captioned(node: Any) -> bool:
    return node.find(".//figcaption") is not None or bool(_credit_elements(node))


def _first_figure(doc: Document) -> Any:
    """Without a matching element: the page's first figure with an image, outside the chrome."""
    for fig in page_elements(doc, "figure"):
        if _image_in(fig) is not None and not _in_chrome(fig, doc):
            return fig
    return None


def _image_in(figure: Any) -> Any:
    return next(iter(figure.iter("img")), None)


# --- caption and credit -----------------------------------------------------------------------


def _read_caption_and_credit(
    doc: Document, lead: LeadImage, figure: Any, ld_image: dict[str, Any] | None
) -> None:
    caption_el = figure.find(".//figcaption") if figure is not None else None
    caption_text = element_text(caption_el) if caption_el is not None else ""
    credit_els = _credit_elements(figure) if figure is not None else []
    credit_texts = [element_text(el) for el in credit_els]

    credit: ImageCredit | None = None
    if ld_image is not None:
        credit = _ld_credit(doc, ld_image)
    if credit is None:
        for text in credit_texts:
            who = _strip_prefix(text)
            if who:
                credit = _credit(doc, who, "markup", text)
                break
    if credit is None and caption_text:
        m = _CREDIT_LINE.search(caption_text)
        if m:
            credit = _credit(doc, m.group("who"), "caption", caption_text)
    if credit is None and caption_text:
        tail = _agency_tail(caption_text)
        if tail:
            credit = _credit(doc, tail, "caption", caption_text)
            if credit is not None and not credit.agencies:
                credit = None
    if credit is None and lead.alt:
        m = _CREDIT_LINE.search(lead.alt)
        if m:
            credit = _credit(doc, m.group("who"), "alt", None)
    lead.credit = credit

    caption = caption_text
    for text in credit_texts:  # the caption without its credit line
        caption = caption.replace(text, " ")
    if credit is not None and credit.source == "caption":
        m = _CREDIT_LINE.search(caption)
        if m:
            caption = caption[: m.start()] + caption[m.end() :]
        elif credit.text in caption:
            caption = caption.replace(credit.text, " ")
    caption = _clean(caption.strip(" ()[]|–—-"), MAX_CAPTION)
    if caption:
        lead.caption, lead.caption_source = caption, "figcaption"
    elif ld_image is not None and isinstance(ld_image.get("caption"), str):
        text = _clean(ld_image["caption"], MAX_CAPTION)
        if text:
            lead.caption, lead.caption_source = text, "json-ld"
    # What the overlay looks for to find the figure: the credit or the caption as printed.
    where = caption_text or " ".join(credit_texts)
    if where:
        exact = credit.text if credit and credit.text in where else where[:MAX_CAPTION]
        i = where.find(exact)
        lead.quote = make_quote(where, i, i + len(exact))
        if credit is not None and credit.quote is None and credit.text in where:
            credit.quote = lead.quote


def _agency_tail(caption: str) -> str | None:
    """A credit printed without a prefix at the end of a caption: "... AP Photo/Evan Vucci",
    "... (Reuters/Jane Doe)". Only kept when it names a known agency (see _credit)."""
    m = _TRAILING_BRACKET.search(caption)
    if m:
        return m.group(1)
    last = _SENTENCE_END.split(caption.strip())[-1]
    if len(last) <= MAX_TAIL and (_SEPARATORS.search(last) or resolve_agency(last)):
        return last
    return None


def _credit_elements(root: Any) -> list[Any]:
    """Credit markup in a figure: short, and not the site's own footer or rails."""
    # Most figures have none: their class, id and itemprop values are searched at once first.
    values = "\n".join(_MARKUP_VALUES(root))
    if not _CREDIT_CLASS.search(values.lower()) and not _CREDIT_ITEMPROP.search(values.casefold()):
        return []
    out: list[Any] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "img" or el.tag in _CHROME_TAGS:
            continue
        prop = (el.get("itemprop") or "").casefold()
        marked = prop in _CREDIT_ITEMPROPS or _CREDIT_CLASS.search(classes_of(el))
        if not marked or len(text_content(el)) > MAX_CREDIT_MARKUP:
            continue
        if not any(is_below(el, o) for o in out):
            out.append(el)
    return out


def _ld_credit(doc: Document, obj: dict[str, Any]) -> ImageCredit | None:
    for prop in ("creditText", "copyrightHolder", "author", "copyrightNotice"):
        for v in _as_list(obj.get(prop)):
            name = v.get("name") if isinstance(v, dict) else v
            if isinstance(name, str):
                who = _strip_prefix(name)
                if who:
                    return _credit(doc, who, "json-ld", None)
    return None


def _strip_prefix(text: str) -> str:
    text = text.strip().removeprefix("(").removesuffix(")")
    return _clean(_YEAR.sub("", _LEADING_PREFIX.sub("", text, count=1)), MAX_CREDIT)


def _credit(doc: Document, who: str, source: str, context: str | None) -> ImageCredit | None:
    who = _clean(_YEAR.sub("", who).strip(" .,;:|-–—"), MAX_CREDIT)
    if not who:
        return None
    credit = ImageCredit(text=who, source=source)
    for part in _SEPARATORS.split(who):
        part = part.strip(" .,;:-–—()")
        if not part:
            continue
        outlet = resolve_agency(part)
        if outlet is not None:
            if all(a.name != outlet.name for a in credit.agencies):
                credit.agencies.append(
                    CreditAgency(
                        outlet.name, outlet.primary_domain, outlet.wire, outlet.state_affiliation
                    )
                )
        elif classify_name(part, doc, None) == "person":
            credit.photographers.append(part)
    if context and who in context:
        i = context.find(who)
        credit.quote = make_quote(context, i, i + len(who))
    return credit


def resolve_agency(name: str) -> Outlet | None:
    """The known outlet a credit names: "Reuters", "AP Photo", "dpa-Bildfunk", "Getty"."""
    for candidate in (name, _AGENCY_SUFFIX.sub("", name)):
        candidate = candidate.strip()
        if not candidate:
            continue
        outlet = OUTLETS.match_name(candidate)
        if outlet is None and candidate.casefold() in _ALIASES:
            outlet = OUTLETS.match_name(_ALIASES[candidate.casefold()])
        if outlet is not None:
            return outlet
    return None


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]
