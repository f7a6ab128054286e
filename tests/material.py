"""Where the shared evaluation material lives, next to the repository; tests skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_HTML = SHARED / "seeds" / "al-sahawat-times.html"
SEED_URL = "https://www.alsahawat-times.com/world/russia-venezuela-military-exit-impossible/"
CORPUS = SHARED / "corpus"


def seed_html() -> bytes:
    if not SEED_HTML.is_file():
        pytest.skip("the seed article is not available next to the repository")
    return SEED_HTML.read_bytes()
