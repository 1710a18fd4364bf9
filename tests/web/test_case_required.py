"""The new-case form in Chromium says which fields the case cannot go without, as the contract has them: the
education status offered "— ไม่ระบุ —" (not given) as its blank and then refused it with "กรุณากรอก" (required);
a list left unchosen asks for a choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pydantic import BaseModel

from safetynet.contract.case import Case
from tests.web.browser import opened
from tests.web.conftest import Site

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser


def required_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The contract's required fields, named as the form names them (``child.location.province``)."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found |= required_fields(kind, f"{prefix}{name}.")
        else:
            found.add(f"{prefix}{name}")
    return found


@pytest.mark.parametrize(("lang", "mark", "blank"), [("th", "(จำเป็น)", "— เลือก —"), ("en", "(required)", "— choose —")])
def test_the_case_form_marks_the_fields_a_case_needs_and_offers_no_not_given_for_them(
    browser: Browser, site: Site, lang: str, mark: str, blank: str
) -> None:
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/cases/new?lang={lang}", shot=f"case-new-{lang}")
        marked = cm.page.evaluate("""() => [...document.querySelectorAll('form.case .required')].map(m => {
            const row = m.closest('.label-row');
            return [row ? row.querySelector('label').htmlFor : m.closest('fieldset').id, m.textContent];
        })""")
        assert {owner for owner, _ in marked} == required_fields(Case), marked
        assert {words for _, words in marked} == {mark}
        announced = cm.page.locator("form.case [aria-required=true]").evaluate_all("els => els.map(e => e.id)")
        assert set(announced) == required_fields(Case) - {"needs"}  # a fieldset of boxes: its legend says so
        education = cm.page.locator("#child\\.education_status option").first
        assert education.inner_text() == blank
        assert cm.page.locator("#child\\.sex option").first.inner_text() != blank, "what may be left out says so"


def test_a_list_left_unchosen_asks_for_a_choice_not_for_something_written(browser: Browser, site: Site) -> None:
    """"กรุณากรอก" (fill it in) beside a list reads as a box to type in: a list asks to choose from it."""
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto("/cases/new")
        cm.page.get_by_label("รหัสอ้างอิงกรณี").fill("PLK-PICK-1")
        cm.page.get_by_label("อายุ (ปี)").fill("12")
        cm.submit("สร้างแผนส่งต่อ")
        said = cm.page.locator("#child\\.education_status-error").inner_text()
        assert said == "สถานะการศึกษา: กรุณาเลือกจากรายการ"
