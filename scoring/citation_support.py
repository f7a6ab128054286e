"""Cited pages: which links to check, what a fetched page is, and whether it holds what the
citing sentence attributes to it.

Pure functions of what the caller fetched (the server fetches, with its safe fetcher, in the
background). A cited page is read once per URL into a CitedPage (its outcome, its date, its
main text); every article that cites it is then judged against that text with its own
sentence, when it is scored:

- `quote_found`: a quotation in the sentence is on the page (words compared without case or
  punctuation, tolerant of small edits: rapidfuzz's partial ratio at least
  `citation_quote_min_ratio`);
- `consistent`: the page holds the sentence's specifics (figures with their units, dates,
  names of two words or more, acronyms): at least `citation_min_specifics` of them in the
  sentence, and a share of at least `citation_specifics_share` found, figures and dates
  counting twice as much as names;
- `no_match`: the page was read and holds neither;
- `not_applicable`: nothing to check (no quotation and too few specifics), the page shows too
  little text to judge, or it was not read as a web page.

A match says that the cited page contains those words, not that the claim is true.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from scoring.data import load_toml
from scoring.document import Document, count_words, element_text
from scoring.extract.dates import extract_dates
from scoring.extract.sourcing import QUOTED
from scoring.facts import (
    Citation,
    CitationCheck,
    CitationSupport,
    CitedPage,
)
from scoring.limits import TooComplex
from scoring.outlet_profile import home_url, not_found_text, same_page

# Checked first when an article cites more than the server checks: sources a claim rests on.
PRIORITY_KINDS = ("news", "wire", "government", "academic", "court", "document")
# Then the rest, the outlet's own pages and social posts last.
OTHER_KINDS = ("other", "archive", "self", "social")
MAX_TEXT = 50_000  # characters of a cited page's main text kept and compared
MIN_TEXT_WORDS = 40  # fewer: a page built by scripts, or a wall; too little to judge
MIN_QUOTE_WORDS = 4
MAX_QUOTE_CHARS = 400
MISSING_STATUSES = (404, 410)
BLOCKED_STATUSES = (401, 403, 429, 451)

_DATA = load_toml("citations.toml")
_MONTHS = {
    name: i + 1 for i, names in enumerate(load_toml("dates.toml")["months"]) for name in names
}
_UNITS = _DATA["units"]
_NOT_NAMES = frozenset(_DATA["names"]["not_names"])
_JOINERS = frozenset(_DATA["names"]["joiners"])
_WORD = re.compile(r"[^\W_]+")
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# A figure: an optional currency sign, digits with thousands separators or a decimal part,
# and an optional unit right after it.
_FIGURE = re.compile(
    r"(?<![\w.,])([$€£¥]|US\$)?\s?(\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?!\d)|\d+)(?:[.,](\d+))?"
    rf"(?:\s?({_UNIT})(?![^\W_]))?",
    re.IGNORECASE,
)
# Month names that are also ordinary words ("3 out of 4") are left out of dates in text.
_MONTH = "|".join(
    re.escape(m)
    for m in sorted(_MONTHS, key=len, reverse=True)
    if m not in _DATA["ordinary_month_words"]
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+({_MONTH})\.?(?![^\W_])", re.I)
_MONTH_DAY = re.compile(rf"(?<![^\W_])({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Words as they start (never inside one: "2B", "20W"), and the joiner "&".
_CAPITALISED = re.compile(r"(?<![\w'’.&-])[^\W_][\w'’.&-]*|&")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")


def citations_to_check(citations: Iterable[Citation], limit: int) -> list[Citation]:
    """The body citations a server checks, at most `limit`: the kinds a claim rests on first
    (news, wire, government, academic, court, document), in page order, then the rest."""
    rank = {k: i for i, k in enumerate((*PRIORITY_KINDS, *OTHER_KINDS))}
    ranked = sorted(
        (c for c in citations if c.url.startswith(("http://", "https://"))),
        key=lambda c: rank.get(c.kind, len(rank)),
    )
    return ranked[:limit]


def outcome_of_status(status: int) -> str:
    """What a site's answer other than a page means for a link."""
    if status in MISSING_STATUSES:
        return "missing"
    if status in BLOCKED_STATUSES:
        return "blocked"
    return "unreachable"


def home_redirect(url: str, final_url: str) -> bool:
    """The link was redirected to a site's home page: what it named is gone."""
    return (
        not same_page(url, final_url)
        and same_page(final_url, home_url(final_url))
        and not same_page(url, home_url(url))
    )


def read_cited_page(
    html: str | bytes, url: str, final_url: str, http_status: int, checked_at: str | None = None
) -> CitedPage:
    """A cited page the server fetched (2xx, HTML): there, gone (a soft 404 or the home page)
    or over the engine's bounds; its own date and its main text."""
    page = CitedPage(url, "ready", "ok", http_status, final_url=final_url, checked_at=checked_at)
    if home_redirect(url, final_url):
        page.outcome, page.reason = "home_redirect", "it leads to the site's home page"
        return page
    try:
        doc = Document.parse(html, final_url)
    except TooComplex as e:
        page.state, page.outcome, page.reason = "failed", None, f"over a limit: {e}"
        return page
    said = not_found_text(doc)
    if said:
        page.outcome, page.reason = "soft_404", f'the page says "{said}"'
        return page
    page.published = extract_dates(doc).published
    page.text = main_text(doc)[:MAX_TEXT]
    return page


def main_text(doc: Document) -> str:
    """The page's title and body region (the engine's own); the whole page's text when the
    body region holds too little (a table of figures, a short notice)."""
    text = doc.body_text
    if count_words(text) < MIN_TEXT_WORDS:
        body = doc.tree.find("body")
        text = element_text(body) if body is not None else text
    title = doc.html_title or doc.title or ""
    return f"{title}\n{text}" if title else text


def check_of(citation: Citation, page: CitedPage, thresholds: Mapping[str, float]) -> CitationCheck:
    """What a report says about one citation whose page has been checked."""
    if page.state != "ready":
        return CitationCheck(state="failed", reason=page.reason)
    check = CitationCheck(
        state="ready",
        outcome=page.outcome,
        http_status=page.http_status,
        final_url=page.final_url,
        published=page.published,
        reason=page.reason,
    )
    context = citation.sentence.text if citation.sentence else ""
    if page.outcome == "ok":
        check.support = judge_support(context, page.text, thresholds)
    else:
        check.support = CitationSupport("not_applicable")
    return check


# --- judging ---------------------------------------------------------------------------------


class Words:
    """A text as lowercase words joined by single spaces, each mapped back to the original."""

    def __init__(self, text: str):
        self.text = text
        self._lower = text.lower()
        self.joined = " ".join(_WORD.findall(self._lower))

    def __len__(self) -> int:
        return self.joined.count(" ") + 1 if self.joined else 0

    @cached_property
    def _spans(self) -> tuple[list[tuple[int, int]], list[int]]:
        """Where each word is in the text, and where it starts in `joined`: built only when
        words found must be shown as the page writes them."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(self._lower)]
        starts, pos = [], 0
        for a, b in spans:
            starts.append(pos)
            pos += b - a + 1
        return spans, starts

    @cached_property
    def specifics(self) -> set[str]:
        """Every figure and date key the text holds, and any name whose words it has."""
        keys = {key for key, _ in _dates(self.text)[0]}
        keys |= {key for key, _, _ in _figures(self.text)}
        return _WithNames(keys, self)

    def original(self, start: int, end: int) -> str:
        """The original text behind joined[start:end], in whole words: a word cut at the start
        is left out, a word cut at the end is kept."""
        spans, starts = self._spans
        if not spans or end <= start:
            return ""
        first = max(bisect_right(starts, start) - 1, 0)
        if starts[first] < start and first + 1 < len(starts):
            first += 1
        last = max(bisect_right(starts, max(end - 1, 0)) - 1, first)
        # Lowercasing keeps every offset but for a few letters (İ): then show the lowercase.
        text = self.text if len(self.text) == len(self._lower) else self._lower
        return text[spans[first][0] : spans[last][1]]

    def has(self, phrase: str) -> bool:
        """The words of `phrase` appear here together, in order."""
        return f" {phrase} " in f" {self.joined} "


@lru_cache(maxsize=64)
def words_of(text: str) -> Words:
    """A cited page's words, read once however many articles cite it while it is cached."""
    return Words(text)


@dataclass(frozen=True)
class Specific:
    kind: str  # "figure" | "date" | "name"
    key: str  # how it is compared: "4.5 percent", "3-12", "office for national statistics"
    text: str  # as the sentence writes it

    @property
    def weight(self) -> int:
        return 1 if self.kind == "name" else 2


def judge_support(context: str, page_text: str, t: Mapping[str, float]) -> CitationSupport:
    """Does the cited page's text hold what the citing sentence says? See the module's doc."""
    quotes = quotations(context)
    wanted = specifics(context)
    if not quotes and len(wanted) < t["citation_min_specifics"]:
        return CitationSupport("not_applicable")  # nothing to look for: the page is not read
    page = words_of(page_text)
    if len(page) < MIN_TEXT_WORDS:
        return CitationSupport("not_applicable")
    best = CitationSupport("not_applicable")
    for q in quotes:
        candidate = find_quote(q, page)
        if candidate.score > best.score:
            best = candidate
    if best.score * 100 >= t["citation_quote_min_ratio"]:
        return CitationSupport("quote_found", best.matched, round(best.score, 3))
    if len(wanted) < t["citation_min_specifics"]:
        return CitationSupport("no_match", None, round(best.score, 3))
    share, found = share_found(wanted, page.specifics)
    matched = "; ".join(s.text for s in found) or None
    if share >= t["citation_specifics_share"]:
        return CitationSupport("consistent", matched, round(share, 3))
    return CitationSupport("no_match", None, round(max(share, best.score), 3))


def share_found(wanted: list[Specific], have: set[str]) -> tuple[float, list[Specific]]:
    """The share of the specifics the page holds (figures and dates count twice), and those."""
    found = [s for s in wanted if s.key in have]
    return sum(s.weight for s in found) / (sum(s.weight for s in wanted) or 1), found


def quotations(text: str) -> list[str]:
    """Quotations in a sentence long enough to look for: four words or more."""
    out = []
    for m in QUOTED.finditer(text):
        q = m.group(1).strip()
        if len(_WORD.findall(q)) >= MIN_QUOTE_WORDS:
            out.append(q[:MAX_QUOTE_CHARS])
    return out


def find_quote(quote: str, page: Words) -> CitationSupport:
    """How closely the page's words hold the quotation's, and the words found."""
    wanted = Words(quote).joined
    if not wanted:
        return CitationSupport("no_match")
    at = page.joined.find(wanted)
    if at >= 0:  # word for word: the common case, and much cheaper than an alignment
        return CitationSupport("quote_found", page.original(at, at + len(wanted)), 1.0)
    found = fuzz.partial_ratio_alignment(wanted, page.joined)
    if found is None:
        return CitationSupport("no_match")
    matched = page.original(found.dest_start, found.dest_end)
    return CitationSupport("no_match", matched, found.score / 100)


def specifics(text: str) -> list[Specific]:
    """The checkable specifics of a sentence: figures with their units, dates, and names."""
    found: dict[str, Specific] = {}
    dates, date_spans = _dates(text)
    for key, written in dates:
        found.setdefault(key, Specific("date", key, written))
    for key, written, span in _figures(text):
        if not any(a <= span[0] < b for a, b in date_spans):
            found.setdefault(key, Specific("figure", key, written))
    for name in _names(text):
        key = Words(name).joined
        found.setdefault(key, Specific("name", key, name))
    return list(found.values())


class _WithNames(set[str]):
    """Figure and date keys, and any name whose words the page holds. A name of three words or
    more also counts without its first, which is often a title or a word that starts the
    sentence ("Economist Maria Lopez")."""

    def __init__(self, keys: set[str], page: Words):
        super().__init__(keys)
        self.page = page

    def __contains__(self, key: object) -> bool:
        if set.__contains__(self, key):
            return True
        if not isinstance(key, str) or key[:1].isdigit():
            return False
        words = key.split(" ")
        return self.page.has(key) or (len(words) >= 3 and self.page.has(" ".join(words[1:])))


def _figures(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    out = []
    for m in _FIGURE.finditer(text):
        whole, frac, unit = m.group(2), m.group(3), m.group(4)
        digits = re.sub(r"[,.\u00a0\u202f]", "", whole)
        value = digits.lstrip("0") or "0"
        if frac and frac.strip("0"):
            value += "." + frac.rstrip("0")
        unit_key = _UNITS.get((unit or "").lower(), "")
        if not unit_key and not m.group(1) and len(value) < 2:
            continue  # a bare single digit says little: "3 people", "one of 2"
        key = f"{value} {unit_key}".strip()
        out.append((key, m.group(0).strip(), m.span()))
    return out


def _dates(text: str) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    out: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _DAY_MONTH.finditer(text):
        out.append((f"{_MONTHS[m.group(2).lower()]}-{int(m.group(1))}", m.group(0)))
        spans.append(m.span())
    for m in _MONTH_DAY.finditer(text):
        out.append((f"{_MONTHS[m.group(1).lower()]}-{int(m.group(2))}", m.group(0)))
        spans.append(m.span())
    for m in _ISO_DAY.finditer(text):
        out.append((f"{int(m.group(2))}-{int(m.group(3))}", m.group(0)))
        spans.append(m.span())
    return [(k, w.rstrip(".")) for k, w in out if _valid_day(k)], spans


def _valid_day(key: str) -> bool:
    month, day = (int(x) for x in key.split("-"))
    return 1 <= month <= 12 and 1 <= day <= 31


def _names(text: str) -> list[str]:
    """Names of two capitalised words or more ("Maria Lopez", "Bank of England"), and
    acronyms ("ONS"); a sentence's first word only when it is not an ordinary word."""
    names: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and (run[-1].casefold() in _JOINERS):
            run.pop()
        while run and run[0].casefold() in _NOT_NAMES | _JOINERS:
            run.pop(0)
        capitalised = [w for w in run if w[:1].isupper()]
        if len(capitalised) >= 2:
            names.append(" ".join(run))
        elif len(run) == 1 and _ACRONYM.match(run[0]):
            names.append(run[0])
        run.clear()

    end = 0
    for m in _CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".’'")
        if run and text[end : m.start()].strip():
            close()  # punctuation between the words: two names, or none
        end = m.end()
        capital = word[:1].isupper() and word.casefold() not in _MONTHS
        if word[:1].isdigit():
            capital = False
        if capital or (run and word.casefold() in _JOINERS):
            run.append(word)
        else:
            close()
    close()
    return names
