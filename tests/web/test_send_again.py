"""Sending a plan item again to a partner that declined it, from the plan page, saying what changed: the API's
``circumstances_changed`` (``POST /v1/referrals``), which the domain takes as the new referral's first note. The page
marked the partner "declined" and offered no way to send to it again, however things had changed (the family moved
back into its area, the partner has room again): only the API could."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from safetynet.runtime.build import Runtime
from tests.api.client import bearer
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_pages import csrf_of, runtime, sent_referral, signed_in
from tests.web.test_plan_referrals import declined_plan

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser

__all__ = ["runtime"]  # the module's runtime fixture, shared


@pytest.mark.parametrize(
    ("lang", "again", "what", "required"),
    [
        ("th", "ส่งให้หน่วยงานนี้อีกครั้ง", "อะไรเปลี่ยนไปตั้งแต่หน่วยงานปฏิเสธ", "กรุณากรอก"),
        ("en", "Send to this partner again", "What changed since it declined", "required"),
    ],
    ids=["th", "en"],
)
def test_a_cm_sends_again_to_a_partner_that_declined_saying_what_changed(  # noqa: PLR0917 - a language's words
    browser: Browser, site: Site, lang: str, again: str, what: str, required: str
) -> None:
    plan_id, first = declined_plan(site, f"PLK-AGAIN-{lang.upper()}")
    changed = "ครอบครัวย้ายกลับมาอยู่ในเขตเทศบาลแล้ว"
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/plans/{plan_id}?lang={lang}", shot=f"plan-send-again-{lang}")
        city = cm.page.locator("section.item ol.candidates > li").filter(has=cm.page.locator("p.declined")).first
        city.locator("summary").filter(has_text=again).click()
        field = city.get_by_label(what)
        with cm.page.expect_navigation():  # sent empty: the page asks, at the field, in its language
            city.locator("form.send-again button").click()
        cm.check(None)
        city = cm.page.locator("section.item ol.candidates > li").filter(has=cm.page.locator("p.declined")).first
        field = city.get_by_label(what)
        assert field.is_visible()  # its form open, the error beside it
        assert field.get_attribute("aria-invalid") == "true"
        assert city.locator("p.error").inner_text() == f"{what}: {required}"
        field.fill(changed)
        with cm.page.expect_navigation():
            city.locator("form.send-again button").click()
        cm.check(None)
        assert "/referrals/" in cm.page.url
        second = cm.page.url.rsplit("/", 1)[-1].split("?")[0]
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["agency"])) as api:
        sent = api.get(f"/v1/referrals/{second}").json()  # the partner reads what changed, first
        assert (sent["to_organization"], sent["replaces"]) == ("plk-city-municipality", first)
        assert sent["history"][0]["note"] == changed
        assert api.post(f"/v1/referrals/{second}/cancel", json={}, headers=bearer(site.tokens["cm"])).status_code == 200


def test_what_changed_is_read_as_the_api_reads_it_and_kept_on_an_error(runtime: Runtime) -> None:
    """Over 500 characters, as the API's 422: said at the field, in the page's language, what was written kept; and
    nothing sent."""
    cm, _ = signed_in(runtime)
    plan_id, referral = sent_referral(runtime, cm, "PLK-AGAIN-LONG")
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    page = agency.get(f"/referrals/{referral}").text
    assert agency.post(f"/referrals/{referral}/decline", data={"csrf": csrf_of(page), "reason": "no_capacity"})
    plan = cm.get(f"/plans/{plan_id}").text
    assert 'name="circumstances_changed"' in plan
    long = "ก" * 501
    form = {"csrf": csrf_of(plan), "need": "housing_repair", "organization_id": "plk-city-municipality"}
    answer = cm.post(f"/plans/{plan_id}/send", data=form | {"circumstances_changed": long}, follow_redirects=False)
    assert answer.status_code == 200
    assert "อะไรเปลี่ยนไปตั้งแต่หน่วยงานปฏิเสธ: ยาวเกินไป</p>" in answer.text
    assert f">{long}</textarea>" in answer.text
    assert 'aria-invalid="true"' in answer.text
    fine = cm.post(f"/plans/{plan_id}/send", data=form | {"circumstances_changed": "  มีที่ว่างแล้ว "},
                   follow_redirects=False)  # fmt: skip
    assert fine.status_code == 303, fine.text
    admin = bearer(runtime.require_store().tokens.create_token("admin", None))
    sent = cm.get(f"/v1{fine.headers['location']}", headers=admin)
    assert sent.json()["history"][0]["note"] == "มีที่ว่างแล้ว"
