"""The inbox's "To" column in Chromium: a referral the viewer relays (the core team on the path to the receiver) says
it is to be passed on through the viewer; it named the final receiver alone, which the relay's clerk read as a
referral sent to someone else by mistake."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.api.client import bearer
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_stale_action import relayed, sent_to_city

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


@pytest.mark.parametrize(
    ("lang", "relayed_to"),
    [
        ("th", "ส่งต่อถึง สำนักงานศึกษาธิการจังหวัดพิษณุโลก ผ่านท่าน (ส่งต่อไปยังหน่วยงานถัดไป)"),
        ("en", "For Phitsanulok Provincial Education Office through you: forward it"),
    ],
)
def test_a_relays_inbox_says_the_referral_is_to_be_passed_on(
    browser: Browser, site: Site, lang: str, relayed_to: str
) -> None:
    referral = relayed(site, f"PLK-INBOX-RELAY-{lang.upper()}")
    with opened(browser, site.base, "phone") as core:
        core.sign_in(site.tokens["core"])
        core.goto(f"/inbox?lang={lang}", shot=f"inbox-relay-{lang}")
        row = core.page.locator("tr").filter(has=core.page.locator(f"a[href='/referrals/{referral}']"))
        assert row.locator("td").last.inner_text() == relayed_to


def test_the_receivers_inbox_names_the_receiver_alone(browser: Browser, site: Site) -> None:
    referral = sent_to_city(site, "PLK-INBOX-DIRECT")
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["agency"])) as api:  # under way, not waiting:
        assert api.post(f"/v1/referrals/{referral}/acknowledge").status_code == 200  # the journeys' comes first
    with opened(browser, site.base, "phone") as agency:
        agency.sign_in(site.tokens["agency"])
        agency.goto("/inbox")
        row = agency.page.locator("tr").filter(has=agency.page.locator(f"a[href='/referrals/{referral}']"))
        assert row.locator("td").last.inner_text() == "เทศบาลนครพิษณุโลก"
