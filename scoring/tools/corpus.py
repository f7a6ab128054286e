"""Reading an evaluation corpus: a folder with labels.jsonl and pages/<id>.html.gz (or, for a
small corpus kept as text, pages/<id>.html)."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CorpusError(Exception):
    pass


@dataclass
class Page:
    id: str
    url: str
    html: bytes
    labels: dict[str, Any]


def read_corpus(path: Path, limit: int | None = None) -> list[Page]:
    labels = path / "labels.jsonl"
    if not labels.is_file():
        raise CorpusError(f"{path} is not a corpus: it has no labels.jsonl")
    pages: list[Page] = []
    with labels.open(encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(pages) >= limit:
                break
            row = json.loads(line)
            file = path / "pages" / f"{row['id']}.html.gz"
            plain = file.with_suffix("")
            if file.is_file():
                html = gzip.decompress(file.read_bytes())
            elif plain.is_file():
                html = plain.read_bytes()
            else:
                continue
            url = row.get("url") or row.get("canonical_url") or ""
            pages.append(Page(row["id"], url, html, row))
    if not pages:
        raise CorpusError(f"{path} holds no readable pages")
    return pages


def progress(items: list[Any], label: str) -> Iterator[Any]:
    """Yield items, drawing a one-line progress bar on stderr when it is a terminal."""
    total = len(items)
    tty = sys.stderr.isatty()
    for i, item in enumerate(items, 1):
        yield item
        if tty and (i == total or i % 10 == 0):
            done = int(30 * i / total)
            sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (30 - done)}] {i}/{total}")
            sys.stderr.flush()
    if tty:
        sys.stderr.write("\n")
