"""`provenance bench`: time score_html on a corpus, page by page, in the same run as a bare lxml
parse and a reference extractor (trafilatura with metadata and links), and report ratios; then
time the stages of scoring one page (scoring.stages) in a pass of their own.
"""

from __future__ import annotations

import contextlib
import gc
import json
import resource
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html

from scoring.document import Document
from scoring.engine import default_config, score_facts, score_html
from scoring.extract import extract_facts
from scoring.limits import TooComplex
from scoring.tools.corpus import Page, progress, read_corpus


def _lxml(page: Page) -> None:
    # An empty or unparsable page costs what it costs.
    with contextlib.suppress(Exception):
        lxml.html.document_fromstring(page.html)


def _ours(page: Page) -> None:
    score_html(page.html, page.url)


def _reference(page: Page) -> None:
    import trafilatura

    with warnings.catch_warnings(), contextlib.suppress(Exception):
        warnings.simplefilter("ignore")
        trafilatura.bare_extraction(
            page.html, url=page.url or None, with_metadata=True, include_links=True
        )


# What the extractors share, built on first use by whichever needs it: timed here on their own,
# built before the extractors run.
_SHARED: dict[str, Callable[[Document], object]] = {
    "class index": lambda doc: doc.marked("body"),
    "body region": lambda doc: doc.body,
    "paragraphs": lambda doc: doc.paragraphs,
    "body links": lambda doc: doc.body_links,
    "page links": lambda doc: doc.links,
}


class StageClock:
    """Milliseconds spent in each named stage of one page."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = (time.perf_counter() - start) * 1000.0
            self.ms[name] = self.ms.get(name, 0.0) + elapsed


def staged(page: Page) -> dict[str, float]:
    """The stages of score_html on one page, each timed, and the report serialized as JSON."""
    clock = StageClock()
    try:
        doc = Document.parse(page.html, page.url, clock)
    except TooComplex:
        return clock.ms
    for name, build in _SHARED.items():
        with clock(name):
            build(doc)
    facts = extract_facts(doc, stage=clock)
    with clock("scoring"):
        report = score_facts(facts, default_config())
    with clock("serialization"):
        json.dumps(report.to_dict())
    return clock.ms


def _time(fn: Callable[[Page], None], page: Page) -> float:
    start = time.perf_counter()
    fn(page)
    return (time.perf_counter() - start) * 1000.0


def bench(
    path: Path, limit: int | None = None, repeat: int = 3, reference: bool = True
) -> dict[str, Any]:
    pages = read_corpus(path, limit)
    contenders: dict[str, Callable[[Page], None]] = {"lxml_parse": _lxml, "score_html": _ours}
    if reference:
        contenders["reference"] = _reference
    default_config()
    for page in pages[:5]:  # warm-up: imports, data tables, caches
        for fn in contenders.values():
            fn(page)

    # Memory first, alone: Python-level peak per page, and the process's peak resident size.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    peak_py = 0
    for page in pages:
        tracemalloc.reset_peak()
        _ours(page)
        peak_py = max(peak_py, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Interleaved timing, so that drift in the machine's speed hits every contender alike.
    times: dict[str, list[list[float]]] = {k: [[] for _ in pages] for k in contenders}
    for r in range(repeat):
        for i, page in enumerate(progress(pages, f"bench pass {r + 1}/{repeat}")):
            for name, fn in contenders.items():
                gc.disable()
                times[name][i].append(_time(fn, page))
                gc.enable()
    per_page = {k: [statistics.median(v) for v in t] for k, t in times.items()}
    stages: dict[str, list[list[float]]] = {}
    for r in range(repeat):
        for i, page in enumerate(progress(pages, f"stages pass {r + 1}/{repeat}")):
            gc.disable()
            for name, ms in staged(page).items():
                stages.setdefault(name, [[] for _ in pages])[i].append(ms)
            gc.enable()
    out: dict[str, Any] = {"corpus": str(path), "pages": len(pages), "repeat": repeat}
    for name, values in per_page.items():
        out[name] = {
            "median_ms": round(statistics.median(values), 3),
            "p95_ms": round(_percentile(values, 95), 3),
            "pages_per_s": round(len(values) / (sum(values) / 1000.0), 1),
        }
    ours = per_page["score_html"]
    out["ratios"] = {
        f"score_html/{name}": {
            "of_medians": round(statistics.median(ours) / statistics.median(values), 2),
            "median_per_page": round(
                statistics.median(a / b for a, b in zip(ours, values, strict=True) if b > 0), 2
            ),
        }
        for name, values in per_page.items()
        if name != "score_html"
    }
    out["stages"] = {
        name: {
            "median_ms": round(statistics.median(v), 3),
            "p95_ms": round(_percentile(v, 95), 3),
            "mean_ms": round(statistics.fmean(v), 3),
        }
        for name, t in stages.items()
        if (v := [statistics.median(x) for x in t if x])
    }
    out["memory"] = {
        "score_html_peak_python_mb": round(peak_py / 1e6, 2),
        "process_peak_rss_mb": round(rss_after / 1024, 1),
        "rss_growth_during_scoring_mb": round((rss_after - rss_before) / 1024, 1),
    }
    return out


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def format_bench(result: dict[str, Any]) -> str:
    lines = [
        f"corpus: {result['corpus']}  pages: {result['pages']}  timed passes: {result['repeat']}",
        "",
        f"{'':<12} {'median ms':>10} {'p95 ms':>10} {'pages/s':>10}",
    ]
    for name in ("lxml_parse", "score_html", "reference"):
        if name in result:
            r = result[name]
            label = "trafilatura" if name == "reference" else name
            lines.append(
                f"{label:<12} {r['median_ms']:>10.2f} {r['p95_ms']:>10.2f}"
                f" {r['pages_per_s']:>10.1f}"
            )
    lines.append("")
    for name, r in result["ratios"].items():
        label = name.replace("reference", "trafilatura")
        lines.append(
            f"{label:<28} ratio of medians {r['of_medians']:.2f}x, "
            f"median per-page ratio {r['median_per_page']:.2f}x"
        )
    lines += [
        "",
        "stages of score_html (a pass of their own; shared structures timed where first built)",
        f"{'':<16} {'median ms':>10} {'p95 ms':>10} {'mean ms':>10}",
    ]
    for name, r in result["stages"].items():
        lines.append(
            f"{name:<16} {r['median_ms']:>10.2f} {r['p95_ms']:>10.2f} {r['mean_ms']:>10.2f}"
        )
    m = result["memory"]
    lines += [
        "",
        f"memory: score_html peak Python allocations per page {m['score_html_peak_python_mb']} MB; "
        f"process peak RSS {m['process_peak_rss_mb']} MB "
        f"(+{m['rss_growth_during_scoring_mb']} MB while scoring every page once)",
    ]
    return "\n".join(lines)
