"""Pages, corpora and admin files written for the admin tests (nothing from the shared corpus)."""

from __future__ import annotations

import gzip
import json
from html import escape
from pathlib import Path

PARAGRAPH = (
    "The council voted on Tuesday evening to approve the long delayed harbour bridge, ending "
    "nearly a decade of argument over the cost, the route and the effect on the fishing fleet."
)


def article(*, byline: str = "", body: str = "", site: str = "Riverside Chronicle") -> str:
    """An article page: og:type article, a headline, an optional byline, about 200 words."""
    paragraphs = "\n".join(f"<p>{PARAGRAPH}</p>" for _ in range(7))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves harbour bridge</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="{escape(site)}">
</head><body><main><article><h1>Council approves harbour bridge</h1>
{f'<p class="byline">By {escape(byline)}</p>' if byline else ""}
<div class="article-body">{body}
{paragraphs}</div></article></main></body></html>"""


def write_corpus(root: Path, pages: list[tuple[str, str, str]]) -> Path:
    """A corpus folder as read_corpus expects: labels.jsonl and pages/<id>.html.gz."""
    (root / "pages").mkdir(parents=True)
    with (root / "labels.jsonl").open("w", encoding="utf-8") as f:
        for page_id, url, html in pages:
            f.write(json.dumps({"id": page_id, "url": url}) + "\n")
            (root / "pages" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


LISTS = """\
[[trusted]]
domain = "example.org"
note = "Our partner newsroom"

[[watch]]
domain = "example.com"
note = "Published fabricated quotes"

[[state_affiliated]]
domain = "example.net"
note = "Run by the information ministry"
type = "SC"
"""

RATINGS = """\
domain,rating,source
example.com,low,Source A
example.com,high,Source B
example.org,high,Source A
example.co.uk,mixed,Source B
"""


def admin_dir(root: Path, rules: str = "") -> Path:
    """An admin config naming one lists file and one ratings file, beside it in subfolders."""
    write(root / "lists" / "newsroom.toml", LISTS)
    write(root / "ratings" / "sources.csv", RATINGS)
    return write(
        root / "admin.toml",
        f"""[outlets]
lists = ["lists/newsroom.toml"]

[ratings]
files = ["ratings/sources.csv"]

[rules]
{rules}
""",
    )
