"""The actions of a referral's page in Chromium: a decline for "other" reasons says why (the CM cannot act on "other"
alone), and withdrawing a referral asks to be confirmed first, without JavaScript too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_stale_action import sent_to_city

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


@pytest.mark.parametrize(
    ("lang", "decline", "said"),
    [
        ("th", "ปฏิเสธ", "บันทึกเพิ่มเติม: จำเป็นเมื่อเหตุผลคือ “อื่น ๆ”: บอกว่าทำไมจึงปฏิเสธ"),
        ("en", "Decline", "Note: required when the reason is “other”: say why you decline"),
    ],
)
def test_a_decline_for_another_reason_without_a_note_is_refused_at_the_note(
    browser: Browser, site: Site, lang: str, decline: str, said: str
) -> None:
    referral = sent_to_city(site, f"PLK-OTHER-{lang.upper()}")
    with opened(browser, site.base, "phone") as agency:
        agency.sign_in(site.tokens["agency"])
        agency.goto(f"/referrals/{referral}?lang={lang}")
        agency.page.locator("select#reason").select_option("other")
        agency.submit(decline, shot=f"decline-other-{lang}")
        note = agency.page.locator("input#note")
        assert note.get_attribute("aria-invalid") == "true"
        assert agency.page.locator("#note-error").inner_text() == said
        assert agency.page.locator("select#reason").input_value() == "other"  # what was chosen is kept
        assert agency.page.locator(".badge.status").first.inner_text() in ("ส่งแล้ว รอรับทราบ", "sent")
        note.fill("ครอบครัวย้ายไปกรุงเทพฯ" if lang == "th" else "the family moved to Bangkok")
        agency.submit(decline)
        history = agency.page.locator("ol.timeline li").last.inner_text()
        assert ("ครอบครัวย้ายไปกรุงเทพฯ" if lang == "th" else "the family moved to Bangkok") in history


@pytest.mark.parametrize(
    ("lang", "withdraw", "sent", "cancelled"),
    [("th", "ยกเลิกการส่งต่อ", "ส่งแล้ว รอรับทราบ", "ยกเลิก"), ("en", "Cancel the referral", "sent", "cancelled")],
)
def test_withdrawing_a_referral_asks_to_tick_a_box_first_reachable_by_keyboard(  # noqa: PLR0917 - a language's words
    browser: Browser, site: Site, lang: str, withdraw: str, sent: str, cancelled: str
) -> None:
    referral = sent_to_city(site, f"PLK-WITHDRAW-{lang.upper()}")
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/referrals/{referral}?lang={lang}", shot=f"referral-withdraw-{lang}")
        status = cm.page.locator("dl.facts .badge.status").first
        cm.page.get_by_role("button", name=withdraw).click()  # not ticked: the browser asks for the box, nothing sent
        assert cm.page.locator("#confirm:invalid").count() == 1
        cm.page.reload()
        assert status.inner_text() == sent
        cm.page.get_by_role("checkbox").focus()
        cm.page.keyboard.press("Space")
        cm.page.keyboard.press("Tab")  # to the button, then Enter: the keyboard alone withdraws it
        with cm.page.expect_navigation():
            cm.page.keyboard.press("Enter")
        cm.check(None)
        assert status.inner_text() == cancelled
