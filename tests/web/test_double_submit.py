"""A CM on a weak connection taps "make the plan" again while nothing seems to happen, or the browser resends the
form: one plan is made, and every answer leads to it (``web/once.py``). A form changed and posted again is a new
case. In Debian's Chromium at a phone's viewport, and with Starlette's test client for the resend."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fastapi.testclient import TestClient

from safetynet.runtime.build import Runtime
from tests.cli.test_serve import call
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_form_addresses import sent_referral
from tests.web.test_journeys import write_case
from tests.web.test_pages import csrf_of, runtime, signed_in
from tests.web.test_stale_action import sent_to_city

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser, Page

__all__ = ["runtime"]  # the module's fixture, shared


#: The case form's fields, posted twice at once; where each post led.
TWICE = """async () => {
  const form = document.querySelector('form.case');
  const post = () => fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))});
  return (await Promise.all([post(), post()])).map(answer => answer.url);
}"""


def plans_of(site: Site, case_ref: str) -> list[str]:
    status, body = call(f"{site.base}/v1/plans?case_ref={case_ref}", token=site.tokens["cm"])
    assert status == 200, body
    return [p["plan_id"] for p in body["items"]]


def fill_dropout_case(page: Page, case_ref: str, age: str, district: str | None = None) -> None:
    """A dropout's case asking for a scholarship, filled in the Thai form, not sent (``write_case`` sends)."""
    page.get_by_label("รหัสอ้างอิงกรณี").fill(case_ref)
    page.get_by_label("อายุ (ปี)").fill(age)
    if district is not None:
        page.get_by_label("อำเภอ/เขต").select_option(label=district)
    page.get_by_label("สถานะการศึกษา").select_option(label="หลุดจากระบบการศึกษา")
    page.get_by_label("ทุนการศึกษา", exact=True).check()


def test_two_taps_on_make_the_plan_make_one_plan(browser: Browser, site: Site) -> None:
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto("/cases/new")
        page = cm.page
        fill_dropout_case(page, "PLK-TWICE-1", "๑๒")
        # Posted twice at once, as a second tap's post reaches the server while the first is under way (two clicks
        # in the page itself may see the browser drop the first before it is sent: not what a slow network does).
        landed = page.evaluate(TWICE)
        made = plans_of(site, "PLK-TWICE-1")
        assert len(made) == 1, made
        assert [url.removeprefix(site.base) for url in landed] == [f"/plans/{made[0]}"] * 2
        with page.expect_navigation(url=lambda url: "/plans/" in url):
            page.get_by_role("button", name="สร้างแผนส่งต่อ").click()  # and the form sent a third time, as it was
        cm.check(None)
        assert plans_of(site, "PLK-TWICE-1") == made
        assert page.url.endswith(f"/plans/{made[0]}")


def _case_form(client: TestClient, case_ref: str) -> dict[str, str]:
    form = client.get("/cases/new").text
    once = form.split('name="once" value="', 1)[1].split('"', 1)[0]
    return {
        "csrf": csrf_of(form), "once": once, "case_ref": case_ref, "child.location.province": "TH-65",
        "child.age": "12", "child.education_status": "dropped_out", "need": "scholarship",
    }  # fmt: skip


def test_a_resent_form_leads_to_the_plan_it_made_and_a_changed_one_makes_another(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    fields = _case_form(client, "PLK-TWICE-2")
    first = client.post("/cases/new", data=fields, follow_redirects=False)
    again = client.post("/cases/new", data=fields, follow_redirects=False)  # the browser's "resend"
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    changed = client.post("/cases/new", data=fields | {"child.age": "13"}, follow_redirects=False)
    assert changed.status_code == 303
    assert changed.headers["location"] != first.headers["location"]
    other_form = client.post("/cases/new", data=_case_form(client, "PLK-TWICE-2"), follow_redirects=False)
    assert other_form.headers["location"] != first.headers["location"]  # the form opened anew: another case


#: The first send form of the plan page, posted twice at once; where each post led.
SEND_TWICE = """async () => {
  const form = document.querySelector('form.send');
  const post = () => fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))});
  return (await Promise.all([post(), post()])).map(answer => answer.url);
}"""


def test_two_taps_on_send_lead_to_the_referral_not_to_an_error(browser: Browser, site: Site) -> None:
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        plan = write_case(cm, "PLK-TWICE-3")
        landed = [url.removeprefix(site.base) for url in cm.page.evaluate(SEND_TWICE)]
        assert landed[0] == landed[1], landed  # the second did not say "this need already has a referral"
        assert re.fullmatch(r"/referrals/ref_\w+", landed[0]), landed
        cm.goto(plan)
        assert cm.page.locator("main").inner_text().count("ส่งแล้ว รอรับทราบ") == 1
    # withdrawn: the city's inbox, which the other tests of the session read by deadline, is as it was
    withdrawn, _ = call(f"{site.base}/v1{landed[0]}/cancel", body={}, token=site.tokens["cm"])
    assert withdrawn == 200


#: The acknowledge form of a referral's page, posted twice at once; where each post led.
ACKNOWLEDGE_TWICE = SEND_TWICE.replace("form.send", 'form[action$="/acknowledge"]')


def test_two_taps_on_acknowledge_acknowledge_once_and_lead_to_the_referral(browser: Browser, site: Site) -> None:
    referral = sent_to_city(site, "PLK-TWICE-4")
    with opened(browser, site.base, "phone") as agency:
        agency.sign_in(site.tokens["agency"])
        agency.goto(f"/referrals/{referral}")
        landed = [url.removeprefix(site.base) for url in agency.page.evaluate(ACKNOWLEDGE_TWICE)]
        assert landed == [f"/referrals/{referral}"] * 2  # neither says "not possible in the referral's status"
        agency.goto(f"/referrals/{referral}")
        assert agency.page.locator("ol.timeline").inner_text().count("รับทราบแล้ว") == 1


def test_a_case_written_before_signing_in_again_elsewhere_comes_back_as_written(browser: Browser, site: Site) -> None:
    """The CM signs in again in another tab (her session had ended there): the form she had written in this one no
    longer carries the session's CSRF token. It comes back filled in, saying so, and nothing is planned until sent."""
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto("/cases/new")
        page = cm.page
        fill_dropout_case(page, "PLK-KEPT-1", "๑๔ ปี", district="เมืองพิษณุโลก")
        other = cm.page.context.new_page()
        other.goto(f"{site.base}/signin")
        other.get_by_label("โทเค็น").fill(site.tokens["cm"])
        with other.expect_navigation():
            other.get_by_role("button", name="เข้าสู่ระบบ").click()
        other.close()
        cm.submit("สร้างแผนส่งต่อ", shot="case-kept")
        assert "ข้อมูลที่กรอกยังอยู่ครบ" in page.locator("[role=status]").inner_text()
        assert page.get_by_label("รหัสอ้างอิงกรณี").input_value() == "PLK-KEPT-1"
        assert page.get_by_label("อายุ (ปี)").input_value() == "๑๔ ปี"
        assert page.get_by_label("อำเภอ/เขต").input_value() == "6501"
        assert page.get_by_label("ทุนการศึกษา", exact=True).is_checked()
        assert plans_of(site, "PLK-KEPT-1") == []
        cm.submit("สร้างแผนส่งต่อ")
        assert len(plans_of(site, "PLK-KEPT-1")) == 1


def test_a_send_from_a_page_left_open_to_a_partner_that_declined_says_so_in_thai(runtime: Runtime) -> None:
    """The plan page no longer offers a partner that declined; a page left open still does. Its send is refused
    (``DeclinedBefore``) in the page's own words, not as an invalid value with the service's English beside it."""
    cm, _ = signed_in(runtime)
    plan, referral = sent_referral(cm, "PLK-TWICE-5")
    stale = cm.get(plan).text  # before the decline: the city is still offered
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    page = agency.get(referral).text
    declined = agency.post(f"{referral}/decline", data={"csrf": csrf_of(page), "reason": "no_capacity"})
    assert declined.status_code == 200
    form = {"csrf": csrf_of(stale), "need": "housing_repair", "organization_id": "plk-city-municipality"}
    again = cm.post(f"{plan}/send", data=form).text
    assert "หน่วยงานที่ส่งต่อ: หน่วยงานนี้ปฏิเสธความต้องการนี้แล้ว" in again
    assert "declined this plan item" not in again
