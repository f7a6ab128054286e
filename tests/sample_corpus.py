"""A small corpus of made-up article pages for the admin guide's worked example.

docs/admin.md shows `provenance rules diff` on docs/examples/corpus, and a test runs that
command again and compares. The pages are written from the recipes below, so they are small,
ours, and always there (the evaluation corpus next to the repository may not be).
Regenerate with `python tests/sample_corpus.py docs/examples/corpus`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FILLER = (
    "The council met on Tuesday evening to discuss the plans, which have divided residents "
    "of the town for more than a year. "
)


def _page(
    *,
    outlet: str,
    host: str,
    title: str,
    author: str = "",
    profile: bool = False,
    date: str = "",
    policies: tuple[str, ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    named: str = "",
    words: int = 300,
) -> str:
    head = f'<meta property="og:site_name" content="{outlet}">'
    if date:
        head += f'<meta property="article:published_time" content="{date}">'
    byline = ""
    if author:
        name = f'<a href="/staff/{author.lower().replace(" ", "-")}" rel="author">{author}</a>'
        byline = f'<p class="byline">By {name if profile else author}</p>'
    cited = " ".join(f'See <a href="{url}">{text}</a>.' for url, text in links)
    source = f"<p>{named}</p>" if named else ""
    filler = " ".join((FILLER.split() * (words // len(FILLER.split()) + 1))[:words]) + "."
    footer = "".join(f'<a href="/{p.lower()}">{p}</a> ' for p in policies)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} - {outlet}</title>{head}</head><body>
<header><nav><a href="https://{host}/">Home</a></nav></header>
<article><h1>{title}</h1>{byline}<p>{cited}</p>{source}<p>{filler}</p></article>
<footer>{footer}</footer></body></html>"""


ALL_POLICIES = ("About", "Corrections", "Ethics", "Masthead", "Contact")
GOV = ("https://www.gov.uk/government/publications/harbour-review", "the ministry's review")
STATS = ("https://www.ons.gov.uk/releases/housing-2024", "the statistics office's release")
NEWS = ("https://www.bbc.co.uk/news/uk-england-12345678", "an earlier report")
ACADEMIC = ("https://doi.org/10.1000/harbour.2024.17", "a study of the estuary")

PAGES: dict[str, dict[str, object]] = {
    "well-sourced": dict(
        outlet="Harbour Gazette",
        host="harbour-gazette.example",
        title="Dredging of the estuary to start in May",
        author="Maria Lopez",
        profile=True,
        date="2024-03-12T08:00:00Z",
        policies=ALL_POLICIES,
        links=(GOV, STATS, NEWS, ACADEMIC),
    ),
    "one-primary-link": dict(
        outlet="Valley Courier",
        host="valley-courier.example",
        title="New figures show house prices flat",
        author="Tom Baker",
        date="2024-03-10T09:00:00Z",
        policies=("About", "Contact"),
        links=(STATS,),
    ),
    "short-unlinked": dict(
        outlet="Valley Courier",
        host="valley-courier.example",
        title="Bridge closed for repairs",
        author="Tom Baker",
        date="2024-03-11T09:00:00Z",
        policies=("About", "Contact"),
        words=135,
    ),
    "names-its-source": dict(
        outlet="Coast Daily",
        host="coast-daily.example",
        title="Port strike called off",
        author="Ann Lee",
        profile=True,
        date="2024-03-09T07:00:00Z",
        policies=("About", "Corrections", "Contact"),
        named="The strike was called off late on Sunday, according to Reuters.",
        links=(NEWS,),
    ),
    "anonymous-blog": dict(
        outlet="Truth Today",
        host="truth-today.example",
        title="What they are not telling you about the harbour",
        named="The plan was first revealed by the Wall Street Journal, which reported it.",
        words=400,
    ),
    "no-date-no-links": dict(
        outlet="Coast Daily",
        host="coast-daily.example",
        title="Ferry timetable to change",
        author="Ann Lee",
        policies=("About", "Contact"),
        words=200,
    ),
}


def _front_page(outlet: str) -> str:
    """A home page: headlines and teasers, no article. It is not scored."""
    stories = "".join(
        f'<h2><a href="/news/2024/story-{i}">Council debates ferry timetable, part {i}</a></h2>'
        f"<p>Residents of ward {i} asked for later sailings in the winter months.</p>"
        for i in range(12)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{outlet} - news from the coast</title><meta property="og:site_name" content="{outlet}">
</head><body><header><h1>{outlet}</h1></header><main>{stories}</main></body></html>"""


FRONT_PAGES = {"front-page": ("Harbour Gazette", "https://harbour-gazette.example/")}


def write_corpus(folder: Path) -> None:
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    rows = []
    for page_id, recipe in PAGES.items():
        html = _page(**recipe)  # type: ignore[arg-type]
        url = f"https://{recipe['host']}/news/2024/{page_id}"
        (folder / "pages" / f"{page_id}.html").write_text(html, encoding="utf-8")
        rows.append(json.dumps({"id": page_id, "url": url}))
    for page_id, (outlet, url) in FRONT_PAGES.items():
        (folder / "pages" / f"{page_id}.html").write_text(_front_page(outlet), encoding="utf-8")
        rows.append(json.dumps({"id": page_id, "url": url}))
    (folder / "labels.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]))
