"""The core team's board in Chromium: the funnel chart can be read on a phone (drawn 640 units wide, its words were
shrunk to 7 pixels on a 390-pixel screen), the stages' names end before the bars and the counts inside the drawing,
in Thai and in English."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.api.client import bearer, phitsanulok_case
from tests.web.browser import opened
from tests.web.conftest import Site

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser

#: Each word of the drawing: its class, its size on the screen, where it ends; where the bars start; the width.
MEASURE = """() => [...document.querySelectorAll('figure.funnel svg text')].map(t => {
  const svg = t.ownerSVGElement, box = t.getBBox();
  return {text: t.textContent, kind: t.getAttribute('class'), end: box.x + box.width,
          px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
          bars: +svg.querySelector('rect').getAttribute('x'), width: svg.viewBox.baseVal.width};
})"""


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "th"), ("phone", "en"), ("desktop", "th")])
def test_the_funnel_chart_is_readable_on_a_phone_and_its_words_stay_clear_of_its_bars(
    browser: Browser, site: Site, viewport: str, lang: str
) -> None:
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["cm"])) as api:
        planned = api.post("/v1/plans", json=phitsanulok_case(case_ref=f"PLK-FUNNEL-{viewport}-{lang}".upper()))
        assert planned.status_code == 201, planned.text
    with opened(browser, site.base, viewport) as core:
        core.sign_in(site.tokens["core"])
        core.goto(f"/board?lang={lang}")
        words = core.page.evaluate(MEASURE)
        assert {w["kind"] for w in words} == {"need", "stage", "count"}, "the funnel is drawn"
        for w in words:
            assert 12 <= w["px"] <= 19, f"{w['text']!r} is drawn {w['px']:.1f} px high"
            assert w["end"] <= w["width"], f"{w['text']!r} runs out of the drawing"
            if w["kind"] == "stage":
                assert w["end"] < w["bars"], f"{w['text']!r} runs into the bars"
