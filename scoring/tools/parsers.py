"""`python -m scoring.tools.parsers CORPUS`: would another HTML parser make the engine faster?

Times, page by page and interleaved, the parse `provenance bench` divides by (lxml.html), the
parse the engine does (lxml.etree with its own parser options, on the page's UTF-8 bytes
where it hands those over, else on the decoded text), and lexbor
through selectolax when it is installed (it is not a dependency: `pip install selectolax`).
Each is timed twice: the parse alone, and the parse plus one visit of every node reading its
class attribute and its text, the least any extractor does per element. A parser only pays
off if it is cheaper on both: the engine's time is mostly spent visiting nodes from Python.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html

from scoring.document import _parse_tree, parser_input
from scoring.tools.corpus import CorpusError, progress, read_corpus


def _lxml_html(data: bytes) -> None:
    with contextlib.suppress(Exception):
        lxml.html.document_fromstring(data)


def _engine(source: tuple[str, bytes | None]) -> Any:
    return _parse_tree(*source)


def _engine_visit(source: tuple[str, bytes | None]) -> None:
    for el in _engine(source).iter():
        el.get("class")
        _ = el.text, el.tail


def _lexbor_contenders() -> dict[str, Callable[[bytes], None]]:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        return {}

    def parse(data: bytes) -> Any:
        return LexborHTMLParser(data)

    def visit(data: bytes) -> None:
        for node in parse(data).root.traverse(include_text=True):
            if node.tag == "-text":
                _ = node.text_content
            else:
                node.attributes.get("class")

    return {"lexbor (selectolax)": parse, "lexbor + visit every node": visit}


def compare(path: Path, limit: int | None = None, repeat: int = 3) -> dict[str, dict[str, float]]:
    pages = read_corpus(path, limit)
    texts = [parser_input(p.html) for p in pages]
    on_bytes: dict[str, Callable[[bytes], None]] = {"lxml.html (bench's reference)": _lxml_html}
    on_bytes.update(_lexbor_contenders())
    on_text: dict[str, Callable[[tuple[str, bytes | None]], Any]] = {
        "lxml as the engine parses": _engine,
        "lxml + visit every node": _engine_visit,
    }
    times: dict[str, list[float]] = {k: [] for k in [*on_bytes, *on_text]}
    for page, text in progress(list(zip(pages, texts, strict=True)), "parsers"):
        runs: dict[str, list[float]] = {k: [] for k in times}
        for _ in range(repeat):
            for name, fn in on_bytes.items():
                runs[name].append(_timed(fn, page.html))
            for name, gn in on_text.items():
                runs[name].append(_timed(gn, text))
        for name, r in runs.items():
            times[name].append(statistics.median(r))
    reference = times["lxml.html (bench's reference)"]
    return {
        name: {
            "median_ms": statistics.median(t),
            "per_page_ratio": statistics.median(
                a / b for a, b in zip(t, reference, strict=True) if b > 0
            ),
        }
        for name, t in times.items()
    }


def _timed(fn: Callable[[Any], Any], arg: Any) -> float:
    gc.disable()
    start = time.perf_counter()
    fn(arg)
    elapsed = (time.perf_counter() - start) * 1000.0
    gc.enable()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scoring.tools.parsers", description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per page")
    args = ap.parse_args(argv)
    try:
        result = compare(args.corpus, args.limit, args.repeat)
    except CorpusError as e:
        print(f"error: {e}")
        return 2
    if not _lexbor_contenders():
        print("selectolax is not installed: lexbor is left out (pip install selectolax)")
    print(f"{'':<32} {'median ms':>10} {'per-page ratio':>15}")
    for name, r in result.items():
        print(f"{name:<32} {r['median_ms']:>10.3f} {r['per_page_ratio']:>14.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
