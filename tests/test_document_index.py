"""The shared views of a Document built in one go equal the same views built the plain way,
element by element, on small pages of odd markup."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.document import _CLASSES, _ITEMPROPS, _LONG_RUNS, CLASS_FAMILIES, Document

# Each family's words as one named group, tried in the families' order: what the class index
# finds, written the plain way.
_ONE_GROUP_PER_FAMILY = re.compile(
    "[^a-z0-9](?:" + "|".join(f"(?P<{k}>{v})" for k, v in CLASS_FAMILIES.items()) + ")(?![a-z0-9])"
)

URL = "https://news.example/a"

# Words of every family and pieces around them; characters that change length or context when
# lowercased ("İ", the Kelvin sign, a final sigma); separators of every kind.
_WORDS = [
    w.replace("-?", "-")
    for v in CLASS_FAMILIES.values()
    for w in v.split("|")
    if len(w) < 16 or w.startswith("article")
] + ["articlebody", "storybody"]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(
        ["-", "_", " ", "  ", "\t", "x", "A", "1", "ed", "İ", "İİİİİİİİ", "\u212a", "Σ", "ς", "é"]
    ),
    st.sampled_from(["AUTHOR", "Date", "ByLine", "ΣΑΣ", "artiKel-text", "post-dateİ"]),
)
_VALUE = st.lists(_PIECES, max_size=5).map("".join)
_ELEMENT = st.tuples(
    st.sampled_from(["div", "p", "span", "time", "a", "section"]),
    st.one_of(st.none(), _VALUE),
    st.one_of(st.none(), _VALUE),
    st.integers(min_value=0, max_value=2),  # how many of the next elements it holds
)


def _page(elements: list[tuple[str, str | None, str | None, int]]) -> str:
    out: list[str] = []
    open_tags: list[list[Any]] = []
    for tag, cls, prop, holds in elements:
        attrs = ""
        if cls is not None:
            attrs += f' class="{cls}"'
        if prop is not None:
            attrs += f' itemprop="{prop}"'
        out.append(f"<{tag}{attrs}>text ")
        open_tags.append([tag, holds])
        while open_tags and open_tags[-1][1] == 0:
            out.append(f"</{open_tags.pop()[0]}>")
        if open_tags:
            open_tags[-1][1] -= 1
    out.extend(f"</{t}>" for t, _ in reversed(open_tags))
    return "<html><body>" + "".join(out) + "</body></html>"


def _marked_one_by_one(tree: Any) -> dict[str, list[Any]]:
    """Each element's class, then each element's itemprop, in page order, lowercased and
    searched on its own."""
    hits: dict[str, dict[Any, None]] = {k: {} for k in CLASS_FAMILIES}
    for attr in ("class", "itemprop"):
        for el in tree.iter():
            value = el.get(attr)
            if value is None:
                continue
            for m in _ONE_GROUP_PER_FAMILY.finditer("\n" + value.lower()):
                if m.lastgroup:
                    hits[m.lastgroup][el] = None
    return {k: list(v) for k, v in hits.items()}


def _paths(tree: Any, found: dict[str, list[Any]]) -> dict[str, list[str]]:
    root = tree.getroottree()
    return {k: [root.getpath(el) for el in v] for k, v in found.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_ELEMENT, max_size=12))
def test_the_class_index_equals_each_value_searched_on_its_own(
    elements: list[tuple[str, str | None, str | None, int]],
) -> None:
    doc = Document.parse(_page(elements), URL)
    marked = {k: doc.marked(k) for k in CLASS_FAMILIES}
    assert _paths(doc.tree, marked) == _paths(doc.tree, _marked_one_by_one(doc.tree))


def test_the_class_index_where_lowercasing_changes_lengths_or_context() -> None:
    page = (
        "<html><body><div class='İX'>a</div><div class='ΣΣ AUTHOR'>b</div>"
        "<p class='x' itemprop='Date'>c</p><span class='artiKel-text'>d</span>"
        "<span class='byline' itemprop='author'>e</span>"
        "<i class='İİİİİİİİİİİİ'>f</i><b class='q'>g</b><b class='w'>h</b>"
        "<b class='submitted'>i</b><b class='e'>j</b><b class='r'>k</b></body></html>"
    )
    doc = Document.parse(page, URL)
    expected = _marked_one_by_one(doc.tree)
    assert _paths(doc.tree, {k: doc.marked(k) for k in CLASS_FAMILIES}) == _paths(
        doc.tree, expected
    )
    assert [el.get("class") for el in doc.marked("author")] == ["ΣΣ AUTHOR", "byline", "submitted"]
    assert [el.text for el in doc.marked("body")] == ["d"]
    assert [el.tag for el in doc.marked("date")] == ["p"]


@settings(max_examples=100, deadline=None)
@given(st.lists(_ELEMENT, max_size=12), _VALUE, _VALUE)
def test_the_class_and_itemprop_reads_are_the_plain_attribute_searches(
    elements: list[tuple[str, str | None, str | None, int]], root_class: str, root_prop: str
) -> None:
    # The root element's own attributes count too.
    page = _page(elements).replace(
        "<html>", f'<html class="{root_class}" itemprop="{root_prop}">', 1
    )
    doc = Document.parse(page, URL)
    for read, attr in ((_CLASSES, "class"), (_ITEMPROPS, "itemprop")):
        found = read(doc.tree)
        plain = doc.tree.xpath(f"//@{attr}", smart_strings=True)
        assert found == plain
        assert [v.getparent() for v in found] == [v.getparent() for v in plain]


_RUN = st.lists(
    st.sampled_from(["word ", "  ", "\n\t  ", "x" * 12, "\u00a0", "é"]), max_size=12
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "div", "span", "b"]), _RUN, _RUN), max_size=8))
def test_the_long_runs_are_those_folding_leaves_long(runs: list[tuple[str, str, str]]) -> None:
    body = "".join(f"<{tag}>{text}</{tag}>{tail}" for tag, text, tail in runs)
    doc = Document.parse(f"<html><head><title>t</title></head><body>{body}</body></html>", URL)
    found = _LONG_RUNS(doc.tree)
    plain = doc.tree.xpath("//body//text()[string-length(normalize-space(.)) >= 25]")
    assert found == plain
    assert [(r.getparent(), r.is_tail) for r in found] == [
        (r.getparent(), r.is_tail) for r in plain
    ]
