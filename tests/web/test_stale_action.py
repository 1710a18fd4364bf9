"""An action the referral's status no longer allows, from a page left open (another tab, or a colleague, acted first):
the referral's page says so wholly in its language, with the status the referral is in now and what the reader may
do, by their names; not the service's English sentence with an organization's id in a Thai page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.api.client import bearer, phitsanulok_case
from tests.web.browser import Tab, opened
from tests.web.conftest import Site

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


def sent_to_city(site: Site, case_ref: str) -> str:
    """The housing repair of a new Phitsanulok case, sent by the CM to the city municipality through the API."""
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["cm"])) as api:
        plan = api.post("/v1/plans", json=phitsanulok_case(case_ref=case_ref))
        assert plan.status_code == 201, plan.text
        sent = api.post("/v1/referrals", json={"plan_id": plan.json()["plan_id"], "need": "housing_repair"})
        assert sent.status_code == 201, sent.text
        referral_id: str = sent.json()["referral_id"]
        return referral_id


@contextmanager
def two_tabs(browser: Browser, site: Site, who: str, path: str) -> Iterator[tuple[Tab, Tab]]:
    """Two tabs signed in as ``who`` (a key of ``site.tokens``), both showing ``path``: one will act first."""
    with opened(browser, site.base, "phone") as first, opened(browser, site.base, "phone") as second:
        for tab in (first, second):
            tab.sign_in(site.tokens[who])
            tab.goto(path)
        yield first, second


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("th", "การดำเนินการ: ทำรายการนี้ไม่ได้ในสถานะปัจจุบัน (สถานะ: รับทราบแล้ว) — ทำได้ตอนนี้: รับดำเนินการ, ปฏิเสธ"),
        ("en", "Action: this action is not possible in the referral's status (Status: acknowledged) — "
               "what you may do now: Accept, Decline"),
    ],
)  # fmt: skip
def test_a_page_left_open_after_another_tab_acted_says_why_in_its_language(
    browser: Browser, site: Site, lang: str, expected: str
) -> None:
    referral = sent_to_city(site, f"PLK-STALE-{lang.upper()}")
    with two_tabs(browser, site, "agency", f"/referrals/{referral}?lang={lang}") as (first, second):
        with first.page.expect_navigation():
            first.page.locator("form[action$='/acknowledge'] button").click()
        with second.page.expect_navigation():  # the page still offers "acknowledge"
            second.page.locator("form[action$='/acknowledge'] button").click()
        second.check("stale-action")
        alert = second.page.locator("[role=alert] li").first.inner_text()
        assert alert == expected
        shown = second.page.locator("main").inner_text()
        assert "plk-city-municipality" not in shown
        assert "is not allowed" not in shown
        assert second.page.locator("main .original").count() == 0  # no English words kept beside the page's own


def relayed(site: Site, case_ref: str) -> str:
    """Back to school of a new Phitsanulok case, sent by the CM to the education office through the province's core
    team (the relay, which holds it first)."""
    case = phitsanulok_case(case_ref=case_ref, needs=[{"code": "return_to_school"}])
    case["child"]["education_status"] = "dropped_out"
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["cm"])) as api:
        plan = api.post("/v1/plans", json=case)
        assert plan.status_code == 201, plan.text
        sent = api.post("/v1/referrals", json={"plan_id": plan.json()["plan_id"], "need": "return_to_school",
                                               "organization_id": "plk-education-office"})  # fmt: skip
        assert sent.status_code == 201, sent.text
        assert sent.json()["holder"] == "plk-core-team"
        referral_id: str = sent.json()["referral_id"]
        return referral_id


@pytest.mark.parametrize(
    ("lang", "forward", "expected"),
    [
        ("th", "ส่งต่อไปยังหน่วยงานถัดไป",
         "การดำเนินการ: ทำไม่ได้แล้ว เพราะตอนนี้เรื่องอยู่ที่ สำนักงานศึกษาธิการจังหวัดพิษณุโลก (สถานะ: ส่งแล้ว รอรับทราบ) — "
         "ทำได้ตอนนี้: ไม่มี"),
        ("en", "Forward to the next organization",
         "Action: not possible any more: the referral is now held by Phitsanulok Provincial Education Office "
         "(Status: sent) — what you may do now: nothing"),
    ],
)  # fmt: skip
def test_a_relays_page_left_open_after_it_forwarded_says_who_holds_the_referral_now(
    browser: Browser, site: Site, lang: str, forward: str, expected: str
) -> None:
    referral = relayed(site, f"PLK-STALE-RELAY-{lang.upper()}")
    with two_tabs(browser, site, "core", f"/referrals/{referral}?lang={lang}") as (first, second):
        first.submit(forward)
        second.submit(forward, shot="stale-relay")  # the page still offers "forward"
        alert = second.page.locator("[role=alert] li").first.inner_text()
        assert alert == expected
        assert "plk-education-office" not in second.page.locator("main").inner_text()
