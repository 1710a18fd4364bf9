"""The README shows a page, and the guide to the pages exists in Thai and English (tests/test_docs_bilingual.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_shows_a_screenshot_of_a_page() -> None:
    shown = re.findall(r"!\[[^\]]+\]\((docs/screenshots/[\w-]+\.png)\)", (ROOT / "README.md").read_text("utf-8"))
    assert shown, "README.md: show a screenshot of a page"
    for path in shown:
        assert (ROOT / path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path


def test_the_swagger_ui_and_the_pages_share_no_outside_address() -> None:
    templates = ROOT / "service" / "safetynet" / "web" / "templates"
    for page in templates.glob("*.html"):
        assert not re.search(r"""(src|href)=["']https?://""", page.read_text("utf-8")), page.name
