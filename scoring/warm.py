"""Imported where page readers are forked from (server.sandbox's forkserver): what extraction
builds on first use (the outlet-name search, whose pattern in re takes about 0.1 s to compile
where its table in C was not built; patterns and indexes of the data tables; the date
fallback's library) is built there once, and every reader forked from it starts with it
instead of building it again.

Readers extract facts and never score (scoring needs the live config, which the serving process
holds and an admin may have broken): so the warm-up extracts and reads no config. It must never
fail either: an exception while the forkserver imports this would take every reader down."""

from __future__ import annotations

import importlib
import logging

from scoring.data import OUTLETS
from scoring.document import Document
from scoring.extract import extract_facts

# A page that goes through every extractor: a headline, a byline, a date, a paragraph naming
# an outlet, a link and an image.
_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    b'<p class="byline">By Jane Doe</p><time datetime="2024-01-02">2 January 2024</time>'
    b'<p>According to Reuters, the <a href="https://www.example.com/report">report</a> '
    b'was published on Monday.</p><img src="/a.jpg"></article></body></html>'
)
_URL = "https://www.example.org/news/warm-up"


def warm() -> bool:
    """Read the warm-up page; whether the outlet-name search is built."""
    try:
        extract_facts(Document.parse(_PAGE, _URL))
        # The date fallback's library, imported on first use, where a fifth of pages reach it.
        importlib.import_module("htmldate")
    except Exception:  # a missed warm-up costs one page some time; a raise costs every reader
        logging.getLogger(__name__).exception("the engine's warm-up failed")
    return OUTLETS.name_search_built


warm()
