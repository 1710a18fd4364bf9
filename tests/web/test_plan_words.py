"""The plan page's small words in Chromium: a hop's MOU after a Thai word on a Thai page (the graph gives an MOU no
name, only its id; it read "MOU plk-one-stop-service"), and the unmet line without an English full stop in Thai."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.api.client import bearer, phitsanulok_case
from tests.web.browser import opened
from tests.web.conftest import Site

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


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
