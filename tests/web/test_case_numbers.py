"""The new-case form reads a number as CMs write one: with thousands separators (a comma or a space every three
digits) in Thai or Arabic digits, and with the field's own unit (บาท for the income, คน for the members); what is
not clearly a whole number ("5,00", "5.5", an income in คน) is named at its field in the
page's language. The JSON API takes numbers as numbers (Starlette's test client, SQLite)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime
from tests.api.client import bearer
from tests.web.test_pages import new_case_form, runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared
EEF = "scholarship.equitable_education_fund"  # at most 3,000 baht a month per member of the household


@pytest.mark.parametrize(
    ("income", "members"),
    [("8,000", "4"), ("9 000", "3"), ("๘,๐๐๐", "๔"), ("1,200", "1"), ("8,000 บาท", "4 คน"), ("๘,๐๐๐บาท", "๔ คน")],
)
def test_an_income_with_thousands_separators_is_read_as_the_whole_number(
    runtime: Runtime, income: str, members: str
) -> None:
    client, token = signed_in(runtime)
    fields = {"case_ref": "PLK-NUM-1", "household.income_monthly": income, "household.members": members}
    answer = client.post("/cases/new", data=new_case_form(client, **fields), follow_redirects=False)
    assert answer.status_code == 303, answer.text
    api = TestClient(create_app(runtime.settings, runtime=runtime))
    plan = api.get("/v1" + answer.headers["location"], headers=bearer(token)).json()
    (scholarship,) = (item for item in plan["items"] if item["need"] == "scholarship")
    assert EEF in [rule["id"] for rule in scholarship["rules"]]


#: the last: past the 4,300 digits that ``int()`` reads, a 500 before
@pytest.mark.parametrize(
    "income", ["5,00", "5.5", "5,000.00", "12,34,567", "5,000 คน", "5,000 ปี", ",".join(["999"] * 1500)]
)
def test_what_is_not_clearly_a_whole_number_is_named_at_its_field_in_the_pages_language(
    runtime: Runtime, income: str
) -> None:
    client, _ = signed_in(runtime)
    before = runtime.require_store().count_plans()
    fields = {"case_ref": "PLK-NUM-2", "household.income_monthly": income}
    thai = client.post("/cases/new", data=new_case_form(client, **fields)).text
    assert 'id="household.income_monthly-error">รายได้ครัวเรือนต่อเดือน (บาท): ต้องเป็นจำนวนเต็ม' in thai
    english = client.post("/cases/new?lang=en", data=new_case_form(client, **fields)).text
    assert 'id="household.income_monthly-error">Household income per month (baht): must be a whole number' in english
    assert runtime.require_store().count_plans() == before


def test_the_json_api_still_refuses_a_number_written_as_text(runtime: Runtime) -> None:
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    api = TestClient(create_app(runtime.settings, runtime=runtime))
    case = {
        "case_ref": "PLK-NUM-3", "child": {"age": 12, "education_status": "at_risk", "location": {"province": "TH-65"}},
        "household": {"income_monthly": "5,000"}, "needs": [{"code": "scholarship"}],
    }  # fmt: skip
    answer = api.post("/v1/plans", json=case, headers=bearer(token))
    assert answer.status_code == 422
    assert "household.income_monthly" in answer.text


def test_a_case_reference_written_in_thai_digits_is_read_in_arabic_ones(runtime: Runtime) -> None:
    """A Thai keyboard writes ๒๕๖๙ as readily as 2569: the same reference, which the API keeps in Arabic digits."""
    client, _ = signed_in(runtime)
    answer = client.post("/cases/new", data=new_case_form(client, case_ref="LPG-๒๕๖๙-๐๐๑"), follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert '<span class="ref">LPG-2569-001</span>' in client.get(answer.headers["location"]).text
