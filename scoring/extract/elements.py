"""The page's elements of the few tags the extractors look for anywhere on the page (headlines,
articles, author elements, images, figures): found in one walk of the page, shared by them all,
instead of one walk for each tag."""

from __future__ import annotations

from typing import Any

from scoring.document import Document

_TAGS = ("h1", "article", "author", "img", "source", "figure")


def page_elements(doc: Document, *tags: str) -> list[Any]:
    """The page's elements of these tags (some of _TAGS), in page order."""
    walked: dict[str, list[Any]] | None = doc.__dict__.get("_page_elements")
    if walked is None:
        every = list(doc.tree.iter(*_TAGS))
        walked = {tag: [] for tag in _TAGS}
        for el in every:
            walked[el.tag].append(el)
        walked[""] = every
        doc.__dict__["_page_elements"] = walked
    if len(tags) == 1:
        return list(walked[tags[0]])
    return [el for el in walked[""] if el.tag in tags]
