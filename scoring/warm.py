"""Imported where page readers are forked from (server.sandbox's forkserver): what the engine
builds on first use (the outlet-name search's pattern, about 0.1 s to compile; the data tables'
derived indexes) is built there once, so no forked reader spends its first page on it."""

from __future__ import annotations

from scoring.data import OUTLETS
from scoring.engine import score_html

# A page that goes through every extractor: a headline, a byline, a date, a paragraph naming
# an outlet, a link and an image.
_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    b'<p class="byline">By Jane Doe</p><time datetime="2024-01-02">2 January 2024</time>'
    b'<p>According to Reuters, the <a href="https://www.example.com/report">report</a> '
    b'was published on Monday.</p><img src="/a.jpg"></article></body></html>'
)


def warm() -> bool:
    """Score the warm-up page; whether the outlet-name search is built."""
    score_html(_PAGE, "https://www.example.org/news/warm-up")
    return "_key_search" in OUTLETS.__dict__


warm()
