"""The referral's page printed is the referral sheet (docs/web.md): what the agency needs on paper, without the
menus, the forms, or the error of a form that was just refused (printed, it read as a fault of the referral). In
Debian's Chromium at a phone's viewport, the print media emulated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.cli.test_serve import call
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_stale_action import sent_to_city

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser

#: The classes of what a printed page shows in its main part.
PRINTED = """() => [...document.querySelectorAll('main > *')]
  .filter(e => getComputedStyle(e).display !== 'none').map(e => e.tagName.toLowerCase() + '.' + e.className)"""


def test_the_sheet_printed_after_a_refused_form_leaves_out_its_error_and_forms(browser: Browser, site: Site) -> None:
    referral = sent_to_city(site, "PLK-SHEET-1")
    with opened(browser, site.base, "phone") as agency:
        agency.sign_in(site.tokens["agency"])
        agency.goto(f"/referrals/{referral}")
        agency.page.get_by_label("เหตุผลที่ปฏิเสธ").select_option(label="อื่น ๆ")
        agency.submit("ปฏิเสธ")  # no note: refused, the error at the top of the page
        assert agency.page.locator("[role=alert]").is_visible()
        agency.page.emulate_media(media="print")
        printed = agency.page.evaluate(PRINTED)
        assert printed[0] == "p.sheet-only"
        assert not [shown for shown in printed if "alert" in shown or "actions" in shown], printed
        assert agency.page.locator("ol.timeline").is_visible()
        assert not agency.page.locator("nav, header.top").first.is_visible()
    # declined: the city's inbox, which the other tests of the session read by deadline, is as it was
    declined, _ = call(f"{site.base}/v1/referrals/{referral}/decline", body={"reason": "no_capacity"},
                       token=site.tokens["agency"])  # fmt: skip
    assert declined == 200
