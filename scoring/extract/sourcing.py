"""Sourcing facts: what the article body links to, which outlets it names as sources without
linking them, wire credits, anonymous sourcing, and quotes attributed to named people.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scoring import patterns
from scoring.data import OUTLETS, SOURCING, NameMatch, Outlet, load_toml
from scoring.document import (
    QUOTE_CONTEXT,
    BlockText,
    Document,
    Paragraph,
    make_quote,
    normalize_space,
    text_around,
)
from scoring.domains import domain_of, path_of, public_suffix
from scoring.facts import AttributedQuote, Author, Citation, Mention, NamedSource
from scoring.patterns import pieces, trie_pattern
from scoring.report import Quote

MAX_CITATIONS = 200
MAX_MENTION_CHARS = 240
MAX_CONTEXT_CHARS = 600  # of the sentence around a link: a run-on block is cut around the link

_SOCIAL = frozenset(SOURCING["social"])
_ARCHIVE = frozenset(SOURCING["archive"])
_ACADEMIC = frozenset(SOURCING["academic"])
_COURT = frozenset(SOURCING["court"])
_GOV_SUFFIX = frozenset(SOURCING["government_suffixes"])
_GOV_DOMAINS = frozenset(SOURCING["government_domains"])
_DOC_DOMAINS = frozenset(SOURCING["document_domains"])
_DOC_EXT = frozenset(SOURCING["document_extensions"])
# Share and donation links: any of the markers anywhere in the address (lowercased).
_SHARE = re.compile(trie_pattern(pieces(m) for m in SOURCING["share_markers"]))
_SUPPORT = frozenset(SOURCING["support_domains"])
_CUES = re.compile(
    r"(?:^|\W)(?:" + "|".join(re.escape(c) for c in SOURCING["attribution_cues"]) + r")(?:\W|$)",
    re.I,
)
_ANON = re.compile("|".join(f"(?:{p})" for p in SOURCING["anonymous_patterns"]), re.I)
# Words every anonymous-sourcing pattern contains: a cheap test before the full one.
# (Matched against lowercased text: case-insensitive matching is several times slower.)
_ANON_HINT = re.compile("|".join(map(re.escape, SOURCING["anonymous_hints"])))
_ANON_HINTS = tuple(SOURCING["anonymous_hints"])
_HINT_KEYS = patterns.scans.index(frozenset(_ANON_HINTS)) if patterns.scans else None
# A wire dateline before the agency's name: "LONDON (", "WASHINGTON, May 3 (".
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Ý][A-ZÀ-Ý .,'’/-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*\($"
)
_NEXT_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")
_ORDINARY_NEXT = frozenset(SOURCING["ordinary_next_words"])
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’»]*|$)")

# Quotes and the people they are attributed to.
_VERBS = "|".join(re.escape(v) for v in SOURCING["speech_verbs"])
_NAME = r"((?:[A-ZÀ-Ý][\w'’.-]+\s+){0,3}[A-ZÀ-Ý][\w'’-]+)"
QUOTED = re.compile(r"[“\"«„]([^“”\"«»„]{20,})[”\"»“]")
# QUOTED within one line: over the body text (the paragraphs, whitespace folded, one a line), it
# finds what QUOTED finds in each paragraph.
_QUOTED_IN_LINE = re.compile(r"[“\"«„]([^“”\"«»„\n]{20,})[”\"»“]")
_AFTER_QUOTE = re.compile(
    rf"^[,.]?\s*(?:{_VERBS})\s+(?:the\s+[^,“\"]{{1,60}},\s+)?{_NAME}|^[,.]?\s*{_NAME}(?:\s*\([^)]{{1,30}}\))?,?\s+(?:{_VERBS})\b"
)
_BEFORE_QUOTE = re.compile(
    rf"{_NAME}(?:\s*\([^)]{{1,30}}\)|,\s[^,“\"«„]{{1,60}},)?,?\s+(?:{_VERBS})\b[^“\"«„]{{0,60}}$"
)
_SPEECH_VERB = re.compile(rf"(?:{_VERBS})\b")
_SPEECH_VERB_REACH = 61 + max(map(len, SOURCING["speech_verbs"]))
_NOT_SPEAKERS = frozenset(SOURCING["not_speakers"])
_TITLES = frozenset(SOURCING["speaker_titles"])
_CREDIT_CUES = tuple(SOURCING["credit_cues"])
_PLACE_WORDS = frozenset(SOURCING["place_words"])
_AFTER_PLACE_PREPOSITION = re.compile(
    r"\b(?:" + "|".join(SOURCING["place_prepositions"]) + r")(?:\s+the)?\s+$", re.I
)


def extract_citations(doc: Document) -> list[Citation]:
    out: list[Citation] = []
    seen: set[str] = set()
    blocks: dict[Any, BlockText] = {}  # links share paragraphs: each is walked once
    cuts: dict[str, list[int]] = {}  # and each paragraph's sentences are found once
    for a in doc.body_links:
        href = a.get("href", "").strip()
        if href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        url = doc.absolute(href)
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        if _SHARE.search(url.lower()):
            continue
        seen.add(url)
        domain = domain_of(url)
        if domain in _SUPPORT or (domain in _SOCIAL and _is_profile_root(url)):
            continue  # a donation page, or "follow us": neither is a source
        known = OUTLETS.for_domain(domain)
        around = text_around(a, blocks)
        text = around[1] if around else ""
        out.append(
            Citation(
                url=url,
                domain=domain,
                kind=classify_link(url, domain, doc.domain, known),
                text=text[:200],
                quote=_link_quote(*around) if around else None,
                outlet=known.name if known else None,
                state_affiliated=known.state_affiliation if known else None,
                sentence=citing_sentence(*around, cuts) if around else None,
            )
        )
        if len(out) >= MAX_CITATIONS:
            break
    return out


def _link_quote(before: str, exact: str, after: str) -> Quote:
    return Quote(exact=exact, prefix=before[-QUOTE_CONTEXT:], suffix=after[:QUOTE_CONTEXT])


_ABBREVIATIONS = frozenset(load_toml("citations.toml")["abbreviations"])
# Where a sentence may end: after . ! or ? (and closing quotes or brackets), before a space and
# a capital, a digit or an opening quote. The stop is matched, not looked behind for: the regex
# engine then skips in C to the next stop instead of trying every position.
_BOUNDARY = re.compile(r"[.!?][\"'”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-Ý0-9])")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)\.$")


def citing_sentence(
    before: str, exact: str, after: str, known_cuts: dict[str, list[int]] | None = None
) -> Mention:
    """The sentence a link sits in, with a selector for it: what the cited page is checked
    for. A quotation that runs past the sentence is kept whole. `known_cuts` keeps the
    sentence boundaries of each text for the next link in the same text."""
    text = before + exact + after
    start, end = len(before), len(before) + len(exact)
    cuts = known_cuts.get(text) if known_cuts is not None else None
    if cuts is None:
        cuts = _sentence_cuts(text)
        if known_cuts is not None:
            known_cuts[text] = cuts
    first = bisect_right(cuts, start) - 1  # the last sentence start at or before the link
    last = bisect_left(cuts, end)  # the first cut at or after its end
    # Inside a quotation: take in the sentences back to its opening and on to its close.
    # (The counts take bounds rather than slices: no copy of a long paragraph per link.)
    while first > 0 and (
        _curly_balance(text, cuts[first], cuts[last]) < 0 or text.count('"', 0, cuts[first]) % 2
    ):
        first -= 1
    while last < len(cuts) - 1 and (
        _curly_balance(text, cuts[first], cuts[last]) > 0
        or text.count('"', cuts[first], cuts[last]) % 2
    ):
        last += 1
    s, e = cuts[first], cuts[last]
    if e - s > MAX_CONTEXT_CHARS:  # no sentence ends near the link: the words around it
        s = max(s, start - MAX_CONTEXT_CHARS // 2)
        e = min(e, s + MAX_CONTEXT_CHARS)
    while e > s and text[e - 1].isspace():
        e -= 1
    return Mention(text[s:e], make_quote(text, s, e))


def _sentence_cuts(text: str) -> list[int]:
    """Where the sentences of `text` start, and its end."""
    ends = (m.end() for m in _BOUNDARY.finditer(text) if _ends_sentence(text, m.start() + 1))
    return [0, *ends, len(text)]


def _ends_sentence(text: str, dot_end: int) -> bool:
    """A full stop after an abbreviation or an initial does not end the sentence."""
    end = dot_end  # back over closing quotes and brackets, without copying the text before
    while end > 0 and text[end - 1] in "\"'”’»)]":
        end -= 1
    if end == 0 or text[end - 1] != ".":
        return True
    m = _WORD_BEFORE.search(text[max(0, end - 12) : end])
    word = m.group(1).lower() if m else ""
    return not (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()))


def _curly_balance(text: str, start: int, end: int) -> int:
    """Quotations opened and not closed in text[start:end] (negative: closed and not opened)."""
    return (
        text.count("“", start, end)
        - text.count("”", start, end)
        + text.count("«", start, end)
        - text.count("»", start, end)
    )


def classify_link(url: str, domain: str, own_domain: str, known: Outlet | None) -> str:
    if domain == own_domain:
        return "self"
    path = path_of(url).lower()
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if domain in _ARCHIVE:
        return "archive"
    if known is not None:
        return "wire" if known.wire else "news"
    if domain in _SOCIAL:
        return "social"
    if domain in _COURT:
        return "court"
    if domain in _ACADEMIC or public_suffix(domain) in ("edu", "ac.uk", "edu.au", "ac.jp"):
        return "academic"
    if domain in _DOC_DOMAINS or ext in _DOC_EXT:
        return "document"
    if domain in _GOV_DOMAINS or public_suffix(domain) in _GOV_SUFFIX or _gov_label(domain):
        return "government"
    return "other"


def _is_profile_root(url: str) -> bool:
    """twitter.com/outlet or facebook.com/outlet: an account, not a post that says something."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not parts.query and len([s for s in parts.path.split("/") if s]) <= 1


def _gov_label(domain: str) -> bool:
    parts = domain.split(".")
    return len(parts) >= 3 and parts[-2] in ("gov", "gob", "gouv", "govt", "go")


def extract_named_sources(
    doc: Document, citations: list[Citation], own: Outlet | None
) -> list[NamedSource]:
    """Known outlets that sentences of the body name as their source."""
    linked_domains = {c.domain for c in citations}
    sources: dict[str, NamedSource] = {}
    for p, names in zip(doc.paragraphs, _paragraph_names(doc), strict=True):
        for m in names:
            outlet = m.outlet
            if own is not None and outlet is own:
                continue
            if _ordinary_use(p.text, m.end):
                continue  # "CCTV footage", "the Independent Commission"
            dateline = bool(_DATELINE.match(p.text[: m.start]))  # "LONDON (Reuters) -"
            sentence, _ = _sentence_at(p.text, m.start)
            credited = p.text[m.start - 1 : m.start] == "(" and p.text[m.end : m.end + 1] == ")"
            if not credited and not _CUES.search(sentence):
                continue
            src = sources.get(outlet.name)
            if src is None:
                src = sources[outlet.name] = NamedSource(
                    name=outlet.name,
                    domain=outlet.primary_domain,
                    linked=bool(linked_domains & set(outlet.domains)),
                    state_affiliated=outlet.state_affiliation,
                    wire=outlet.wire,
                    dateline_only=dateline,
                )
            src.dateline_only = src.dateline_only and dateline
            if len(src.mentions) < 5:
                start = _name_start(p.text, m.start, m.outlet.name)
                src.mentions.append(Mention(_clip(sentence), make_quote(p.text, start, m.end)))
    return list(sources.values())


def _paragraph_names(doc: Document) -> list[list[NameMatch]]:
    """The outlet names in each paragraph of the body, found once for the named sources and
    the wire credits."""
    names: list[list[NameMatch]] | None = doc.__dict__.get("_paragraph_names")
    if names is None:
        names = OUTLETS.names_in_each([p.text for p in doc.paragraphs])
        doc.__dict__["_paragraph_names"] = names
    return names


def _name_start(text: str, start: int, name: str) -> int:
    """Where a matched name starts as written: "+972 Magazine" keeps its "+", which the
    word-by-word match skips."""
    lead = len(name) - len(name.lstrip("+#@&"))
    return start - lead if lead and text[max(0, start - lead) : start] == name[:lead] else start


def _ordinary_use(text: str, end: int) -> bool:
    """An outlet's name used as an ordinary word or inside a longer proper name."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return word.casefold() in _ORDINARY_NEXT


def extract_wire_credits(doc: Document, authors: list[Author]) -> list[Mention]:
    """Agencies credited for the story: "(Reuters)", "MOSCOW (TASS) -", a closing "AFP" line,
    "with reporting by AP", or an agency byline."""
    found: list[Mention] = []
    paragraphs = list(zip(doc.paragraphs, _paragraph_names(doc), strict=True))
    edges = paragraphs if len(paragraphs) <= 6 else paragraphs[:3] + paragraphs[-3:]
    for p, names in edges:
        for m in names:
            if m.outlet.wire and _is_credit(p.text, m.start, m.end):
                found.append(Mention(_clip(p.text), make_quote(p.text, m.start, m.end)))
                break
    for a in authors:
        outlet = OUTLETS.match_name(a.name)
        if outlet is not None and outlet.wire:
            found.append(Mention(f"byline: {a.name}", a.quote))
    unique: dict[str, Mention] = {}
    for mention in found:
        unique.setdefault(mention.text, mention)
    return list(unique.values())


def _is_credit(text: str, start: int, end: int) -> bool:
    before, after = text[:start].rstrip(), text[end:].lstrip()
    if before.endswith("(") and after.startswith(")"):
        return True  # "(Reuters)" and "WASHINGTON (AP) --"
    rest = re.sub(r"[\W_]+", "", before + after.split("/")[0])
    if len(rest) <= 3 and (not before or before in ("©", "(c)", "-", "–", "—")):
        return True  # the agency alone on its line: "AFP", "© dpa", "— Reuters"
    return before.lower().endswith(_CREDIT_CUES)  # "with additional reporting by AFP"


def extract_anonymous(doc: Document) -> list[Mention]:
    found: list[Mention] = []
    # Most bodies hold none of the hints anywhere: one look at the whole text, lowercased,
    # spares the search of each paragraph.
    low = doc.body_text.lower()
    first = _first_hint(low)
    if first < 0:
        return found
    paragraphs = doc.paragraphs
    if len(low) != len(doc.body_text):  # a letter lowercased into two: no common offsets
        candidates: Iterable[Paragraph] = (
            p for p in paragraphs if _first_hint(p.text.lower()) >= 0
        )
    else:
        candidates = _paragraphs_hinted(doc, low, first)
    for p in candidates:
        m = _ANON.search(p.text)
        if m:
            sentence, _ = _sentence_at(p.text, m.start())
            found.append(Mention(_clip(sentence), make_quote(p.text, m.start(), m.end())))
    return found


def _paragraphs_hinted(doc: Document, low: str, first: int) -> Iterator[Paragraph]:
    """The paragraphs whose text holds an anonymity hint, found in the body text lowercased
    (`low`, letter for letter), the first at `first`: a hint holds no line break, so it falls
    in one paragraph, and the search goes on from the next."""
    paragraphs, starts = doc.paragraphs, doc.paragraph_starts
    at = first
    while at >= 0:
        i = bisect_right(starts, at) - 1
        yield paragraphs[i]
        at = _first_hint(low, starts[i + 1])


def _first_hint(text: str, start: int = 0) -> int:
    """Where the first anonymity hint in the text from `start` on starts, or -1: in C where
    it was built (patterns.scans), else by _ANON_HINT, once a look for each hint in the whole
    text has found one."""
    if patterns.scans is not None:
        return patterns.scans.first_key(text, _HINT_KEYS, start)
    if not any(hint in text for hint in _ANON_HINTS):
        return -1
    m = _ANON_HINT.search(text, start)
    return m.start() if m else -1


def extract_quotes(doc: Document) -> list[AttributedQuote]:
    found: list[AttributedQuote] = []
    paragraphs = doc.paragraphs
    # The quotations are found in one search of the body text, each then read in its own
    # paragraph.
    starts = doc.paragraph_starts
    for q in _QUOTED_IN_LINE.finditer(doc.body_text):
        i = bisect_right(starts, q.start()) - 1
        text, offset = paragraphs[i].text, starts[i]
        start, end = q.start() - offset, q.end() - offset
        speaker = _speaker(text, start, end)
        if speaker:
            found.append(AttributedQuote(speaker, _clip(q.group(1)), make_quote(text, start, end)))
    return found


def _speaker(text: str, start: int, end: int) -> str | None:
    after = _AFTER_QUOTE.match(text[end : end + 120])  # anchored: no search along it
    if after:
        name = after.group(1) or after.group(2)
        if name and (who := _clean_speaker(name)):
            return who
    window = text[max(0, start - 160) : start]
    before = _before_quote(window)
    # "Officials in the Gaza Strip said": a place where people spoke, not a speaker.
    if (
        before
        and not _AFTER_PLACE_PREPOSITION.search(window[: before.start(1)])
        and (who := _clean_speaker(before.group(1)))
    ):
        return who
    return None


def _before_quote(window: str) -> re.Match[str] | None:
    """_BEFORE_QUOTE's match in the words before a quotation. It ends in a speech verb at most
    60 characters (and a line break) from the window's end: a window without one there is not
    searched along."""
    if _SPEECH_VERB.search(window, max(0, len(window) - _SPEECH_VERB_REACH)) is None:
        return None
    return _BEFORE_QUOTE.search(window)


def _clean_speaker(name: str) -> str | None:
    tokens = name.split()
    # "Transport Secretary Maria Lopez": the name starts after the last title word.
    titles = [i for i, t in enumerate(tokens) if t.casefold().strip(".,") in _TITLES]
    if titles:
        tokens = tokens[titles[-1] + 1 :]
    while tokens and tokens[0].casefold() in _NOT_SPEAKERS:
        tokens = tokens[1:]
    if not tokens or tokens[-1].casefold() in _NOT_SPEAKERS:
        return None
    if len(tokens) > 1 and tokens[-1].casefold() in _PLACE_WORDS:
        return None  # "Gaza Strip", "West Bank": a place
    who = " ".join(tokens)
    if OUTLETS.match_name(who) is not None:
        return None
    return who


def _sentence_at(text: str, pos: int) -> tuple[str, int]:
    for m in _SENTENCE.finditer(text):
        if m.start() <= pos < m.end():
            return m.group(0).strip(), m.start()
    return text, 0


def _clip(s: str) -> str:
    s = normalize_space(s)
    return s if len(s) <= MAX_MENTION_CHARS else s[: MAX_MENTION_CHARS - 1] + "…"
