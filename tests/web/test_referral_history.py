"""A referral's history says who forwarded it and to whom: a relay's forward was shown as "ส่งแล้ว รอรับทราบ · <the
relay>", the words of the first sending, so that nobody reading it could tell the referral had moved on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from safetynet.store import Store
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_stale_action import relayed

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


@pytest.mark.parametrize(
    ("lang", "forwarded"),
    [
        ("th", "ส่งต่อไปยัง สำนักงานศึกษาธิการจังหวัดพิษณุโลก · เครือข่ายการจัดการศึกษาเชิงพื้นที่จังหวัดพิษณุโลก (ทีมแกนนำ)"),
        ("en", "forwarded to Phitsanulok Provincial Education Office · Phitsanulok area-based education network"),
    ],
)  # fmt: skip
def test_a_forward_is_written_in_the_history_with_where_it_went(
    browser: Browser, site: Site, lang: str, forwarded: str
) -> None:
    """Back to school goes through the province's core team (the relay) to the education office."""
    referral = relayed(site, f"PLK-RELAY-{lang.upper()}")
    with Store.open(f"sqlite:///{site.var / 'safetynet.db'}") as store:
        education = store.tokens.create_token("agency", "plk-education-office", "history test")
    with opened(browser, site.base, "phone") as core, opened(browser, site.base, "phone") as office:
        core.sign_in(site.tokens["core"])
        core.goto(f"/referrals/{referral}?lang={lang}")
        core.submit("ส่งต่อไปยังหน่วยงานถัดไป" if lang == "th" else "Forward to the next organization")
        office.sign_in(education)
        office.goto(f"/referrals/{referral}?lang={lang}", shot="referral-forwarded")
        history = office.page.locator("ol.timeline li").all_inner_texts()
        assert len(history) == 2, history
        assert forwarded in history[1], history
