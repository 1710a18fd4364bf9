"""Cases and survey rows become the facts that ``FIELDS`` names, under the same names."""

from __future__ import annotations

from safetynet.contract.case import SurveyRow
from safetynet.contract.facts import FIELDS, survey_facts

ROW = {
    "case_ref": "R-1",
    "age": "14",
    "sex": "male",
    "province": "TH-52",
    "district": "Ko Kha",
    "subdistrict": "Lampang Luang",
    "enrolled": "false",
    "days_absent": "30",
    "household_income_monthly": "2500",
    "housing_condition": "poor",
    "has_disability": "true",
    "disability_registered": "false",
    "guardian": "grandparents",
}


def test_a_full_survey_row_gives_every_fact_that_surveys_give() -> None:
    facts = survey_facts(SurveyRow.model_validate(ROW))
    given = {f"{group}.{key}" for group, values in facts.items() for key in values}
    assert given == {name for name, field in FIELDS.items() if "survey" in field.sources}
    assert facts["household"]["income_monthly"] == 2500
    assert facts["child"] == {
        "age": 14,
        "sex": "male",
        "enrolled": False,
        "days_absent": 30,
        "province": "TH-52",
        "district": "Ko Kha",
        "subdistrict": "Lampang Luang",
        "has_disability": True,
        "disability_registered": False,
    }


def test_unknown_values_are_left_out_and_so_are_empty_groups() -> None:
    assert survey_facts(SurveyRow.model_validate({"case_ref": "R-2", "age": "9", "guardian": ""})) == {
        "child": {"age": 9}
    }


def test_a_place_field_has_one_label_said_short_in_explanations_and_with_its_hint_for_rule_writers() -> None:
    district = FIELDS["child.district"]
    assert (district.label.th, district.label.en) == ("อำเภอ", "district")
    assert (district.th, district.en) == ("อำเภอ (รหัส DOPA เช่น 5203)", "district (DOPA code, e.g. 5203)")
    assert FIELDS["child.age"].th == FIELDS["child.age"].label.th == "อายุ (ปี)"  # a unit is no hint: it stays
