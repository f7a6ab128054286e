"""`rules diff --plot`: the diff as one self-contained HTML page with inline SVG charts.

No plotting library and nothing fetched: the file opens offline in any browser.
"""

from __future__ import annotations

from html import escape

from scoring.tools.config_diff import ConfigDiff, histogram_bins

WIDTH, HEIGHT, PAD = 720, 240, 40
BEFORE, AFTER, CHANGE = "#8a8f98", "#2b6cb0", "#c05621"


def diff_html(d: ConfigDiff) -> str:
    scored = len(d.deltas)
    change_bins = [
        ("0" if lo == hi == 0 else f"{lo:+d}" if lo == hi else f"{lo:+d}..{hi:+d}", [n])
        for lo, hi, n in histogram_bins(d.deltas)
    ]
    score_bins = [
        (
            f"{lo}-{100 if lo == 90 else lo + 9}",
            [_between(d.scores_before, lo), _between(d.scores_after, lo)],
        )
        for lo in range(0, 100, 10)
    ]
    rows = "\n".join(
        f"<tr><td>{c.before}</td><td>{c.after}</td><td>{escape(c.band_before)} &rarr; "
        f"{escape(c.band_after)}</td><td>{_link(c.url or c.id)}</td></tr>"
        for c in d.band_changes
    )
    changed = "".join(f"<li><code>{escape(s)}</code></li>" for s in d.settings_changed)
    bands = "".join(
        f"<tr><td>{escape(b)}</td><td>{d.bands_before[b]}</td><td>{d.bands_after[b]}</td></tr>"
        for b in d.band_order
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Rules diff: {escape(d.base)} vs {escape(d.new)}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto;
  max-width: 60rem; color: #1a202c; }}
table {{ border-collapse: collapse; }} td, th {{ padding: .2rem .7rem; text-align: left; }}
td {{ white-space: nowrap; }} tr:nth-child(even) {{ background: #f4f5f7; }}
svg text {{ font: 11px sans-serif; }}
.key span {{ display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 1rem; }}
</style></head><body>
<h1>Rules diff</h1>
<p>Base: <code>{escape(d.base)}</code> (rules_version {escape(d.base_version)})<br>
New: <code>{escape(d.new)}</code> (rules_version {escape(d.new_version)})</p>
<ul>{changed or "<li>nothing that affects scores</li>"}</ul>
<p>{d.pages} pages read, {scored} scored, {d.not_scored} not scored.
{len(d.changes)} scores changed; {len(d.band_changes)} pages changed rating band.</p>
<h2>Score change per page (new &minus; base)</h2>
{_bars(change_bins, [CHANGE])}
<h2>Score distribution</h2>
<p class="key"><span style="background:{BEFORE}"></span>base<span style="background:{AFTER}">
</span>new</p>
{_bars(score_bins, [BEFORE, AFTER])}
<h2>Rating bands</h2>
<table><tr><th>band</th><th>base</th><th>new</th></tr>{bands}</table>
<h2>Pages whose rating band changes</h2>
<table><tr><th>base</th><th>new</th><th>band</th><th>page</th></tr>
{rows}
</table>
</body></html>
"""


def _between(scores: list[int], low: int) -> int:
    high = 100 if low == 90 else low + 9
    return sum(1 for s in scores if low <= s <= high)


def _bars(bins: list[tuple[str, list[int]]], colours: list[str]) -> str:
    """A grouped bar chart: one group per bin, one bar per series, counts above the bars."""
    if not bins:
        return "<p>No scored pages.</p>"
    peak = max(max(values) for _, values in bins) or 1
    slot = (WIDTH - 2 * PAD) / len(bins)
    bar = slot * 0.8 / len(colours)
    plot = HEIGHT - 2 * PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#4a5568"/>',
    ]
    for i, (label, values) in enumerate(bins):
        x0 = PAD + i * slot + slot * 0.1
        for j, (n, colour) in enumerate(zip(values, colours, strict=True)):
            h = plot * n / peak
            x = x0 + j * bar
            y = HEIGHT - PAD - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {n}</title></rect>'
            )
            if n:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{n}</text>'
                )
        parts.append(
            f'<text x="{PAD + (i + 0.5) * slot:.1f}" y="{HEIGHT - PAD + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _link(url: str) -> str:
    text = escape(url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}" rel="noreferrer">{text}</a>'
    return text
