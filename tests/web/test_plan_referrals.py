"""The plan page after a partner declines, in Chromium: the partner that declined is marked with who declined, why (in
words) and the note, and is not offered again; the next candidate, as the domain chooses it (the declined referral's
``next_candidate``), is; once every candidate declined, the core team is. The page offered "ส่งต่อ" to the same
partner again, with nothing saying that it had declined. And the page's small words: a hop's MOU after a Thai word
on a Thai page (the graph gives an MOU no name, only its id; it read "MOU plk-one-stop-service"), the unmet line
without an English full stop in Thai."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
import pytest

from safetynet.store import Store
from tests.api.client import bearer, phitsanulok_case
from tests.web.browser import opened
from tests.web.conftest import Site

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


def declined_plan(site: Site, case_ref: str) -> tuple[str, str]:
    """A housing repair sent to the city municipality (the first of its two candidates), which declines it for
    another reason, saying why: (plan_id, referral_id)."""
    with httpx.Client(base_url=site.base) as api:
        now = {"requested_at": datetime.now(UTC).isoformat()}  # the badge counts from now: a fresh case is in time
        plan = api.post("/v1/plans", json=phitsanulok_case(case_ref=case_ref) | now, headers=bearer(site.tokens["cm"]))
        assert plan.status_code == 201, plan.text
        plan_id = plan.json()["plan_id"]
        sent = api.post("/v1/referrals", json={"plan_id": plan_id, "need": "housing_repair"},
                        headers=bearer(site.tokens["cm"]))  # fmt: skip
        assert sent.json()["to_organization"] == "plk-city-municipality", sent.text
        referral_id: str = sent.json()["referral_id"]
        declined = api.post(f"/v1/referrals/{referral_id}/decline", headers=bearer(site.tokens["agency"]),
                            json={"reason": "other", "note": "ครอบครัวย้ายไปอยู่กับยาย"})  # fmt: skip
        assert declined.status_code == 200, declined.text
        assert declined.json()["next_candidate"] == "plk-sdhso-office"
    return plan_id, referral_id


@pytest.mark.parametrize(
    ("lang", "declined", "other", "by", "next_mark", "send", "to_core", "in_time"),
    [
        ("th", "ปฏิเสธแล้ว", "อื่น ๆ", "โดย ", "หน่วยงานถัดไป", "ส่งต่อ", "ส่งต่อไปยังทีมแกนนำ", "ทันกำหนด"),
        ("en", "declined", "other", "by ", "next to try", "Send referral", "Send to the core team", "in time"),
    ],
)
def test_a_declined_partner_is_marked_and_the_next_candidate_is_offered(  # noqa: PLR0917 - the words of a language
    browser: Browser, site: Site, lang: str, declined: str, other: str, by: str, next_mark: str, send: str,
    to_core: str, in_time: str,
) -> None:  # fmt: skip
    plan_id, first = declined_plan(site, f"PLK-DECLINED-{lang.upper()}")
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/plans/{plan_id}?lang={lang}", shot=f"plan-declined-{lang}")
        item = cm.page.locator("section.item").filter(has=cm.page.locator("#need-housing_repair"))
        city, sdhso = item.locator("ol.candidates > li").all()
        marked = city.locator("p.declined").inner_text()
        assert marked.startswith(declined), marked
        assert by in marked, marked
        assert f" · {other} · “ครอบครัวย้ายไปอยู่กับยาย”" in marked, marked
        assert "plk-city-municipality" not in marked
        assert city.locator("form.send").count() == 0, "the partner that declined is not offered again"
        assert other in item.locator("ul.sent li").first.inner_text()  # and the item's referral says why too
        assert next_mark in sdhso.inner_text()
        # the deadline badge speaks of the partner offered now (it stayed on the first, which had declined)
        assert in_time not in city.inner_text()
        assert sdhso.locator(".badge.ok, .badge.late").filter(has_text=in_time).count() == 1
        button = sdhso.locator("form.send button.primary")
        assert button.inner_text().startswith(send)
        with cm.page.expect_navigation():
            button.click()
        cm.check(None)
        second = cm.page.url.rsplit("/", 1)[-1].split("?")[0]
    with Store.open(f"sqlite:///{site.var / 'safetynet.db'}") as store:
        sdhso_token = store.tokens.create_token("agency", "plk-sdhso-office", "plan page test")
    with httpx.Client(base_url=site.base, headers=bearer(sdhso_token)) as api:
        sent = api.get(f"/v1/referrals/{second}").json()
        assert (sent["to_organization"], sent["replaces"]) == ("plk-sdhso-office", first)
        refused = api.post(f"/v1/referrals/{second}/decline", json={"reason": "out_of_area"})
        assert refused.status_code == 200, refused.text
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/plans/{plan_id}?lang={lang}")
        item = cm.page.locator("section.item").filter(has=cm.page.locator("#need-housing_repair"))
        assert item.locator("ol.candidates form.send").count() == 0, "both partners declined"
        assert item.locator("ol.candidates p.declined").count() == 2
        assert in_time not in item.locator("ol.candidates").inner_text(), "no badge for partners that declined"
        cm.submit(to_core)
        assert "/referrals/" in cm.page.url  # sent to the core team, which the domain names after the candidates


@pytest.mark.parametrize(
    ("lang", "hop", "unmet"),
    [
        ("th", "ตามข้อตกลง plk-cm-city-municipality", "ไม่มีหน่วยงานที่รับได้ ผู้ดำเนินการต่อ:"),
        ("en", "MOU plk-cm-city-municipality", "no partner can take the child. Who acts next:"),
    ],
)
def test_a_hops_mou_and_the_unmet_line_read_in_the_pages_language(
    browser: Browser, site: Site, lang: str, hop: str, unmet: str
) -> None:
    needs = [{"code": "housing_repair", "urgent": True}, {"code": "job_placement"}]
    with httpx.Client(base_url=site.base, headers=bearer(site.tokens["cm"])) as api:
        plan = api.post("/v1/plans", json=phitsanulok_case(case_ref=f"PLK-WORDS-{lang.upper()}", needs=needs))
        assert plan.status_code == 201, plan.text
        assert [u["need"] for u in plan.json()["unmet"]] == ["job_placement"]
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/plans/{plan.json()['plan_id']}?lang={lang}", shot=f"plan-unmet-{lang}")
        hops = cm.page.locator("ol.path .hop").all_inner_texts()
        assert any(hop in h for h in hops), hops
        if lang == "th":
            assert not any("MOU" in h for h in hops), hops
        line = cm.page.locator("section.unmet li").first.inner_text()
        assert unmet in line, line
