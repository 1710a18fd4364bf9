"""The facts that rules may read, and how a case or a survey row becomes those facts.

A rule condition names a field such as ``child.age`` or ``household.housing_condition``. ``FIELDS`` is the
whole list: the rules checker refuses a condition on any other name, and on a value that a field can never
take. Facts are nested dicts (``{"child": {"age": 12}, ...}``); an unknown value is left out, never None.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Literal

from safetynet.case import Case, EducationStatus, Guardian, HousingCondition, NeedRequest, Sex, SurveyRow

FieldType = Literal["int", "bool", "enum", "text"]
Source = Literal["case", "survey"]
BOTH: frozenset[Source] = frozenset({"case", "survey"})
CASE: frozenset[Source] = frozenset({"case"})
SURVEY: frozenset[Source] = frozenset({"survey"})


@dataclass(frozen=True)
class FactField:
    name: str
    type: FieldType
    th: str
    en: str
    sources: frozenset[Source]
    values: tuple[str, ...] = ()  # for enum fields; need.code's values come from the needs catalogue


def _values(literal: Any) -> tuple[str, ...]:
    return tuple(typing.get_args(literal))


FIELDS: dict[str, FactField] = {
    f.name: f
    for f in (
        FactField("child.age", "int", "อายุ (ปี)", "age in years", BOTH),
        FactField("child.sex", "enum", "เพศ", "sex", BOTH, _values(Sex)),
        FactField("child.education_status", "enum", "สถานะการศึกษา", "education status", CASE, _values(EducationStatus)),
        FactField("child.enrolled", "bool", "มีชื่ออยู่ในสถานศึกษา", "enrolled in a school", BOTH),
        FactField("child.days_absent", "int", "จำนวนวันที่ขาดเรียนในภาคเรียนล่าสุด", "days absent last term", SURVEY),
        FactField("child.province", "text", "จังหวัด (รหัส ISO เช่น TH-65)", "province (ISO code, e.g. TH-65)", BOTH),
        FactField("child.district", "text", "อำเภอ", "district", BOTH),
        FactField("child.subdistrict", "text", "ตำบล", "subdistrict", BOTH),
        FactField("child.has_disability", "bool", "มีความพิการ", "has a disability", BOTH),
        FactField(
            "child.disability_registered", "bool", "จดทะเบียนคนพิการแล้ว", "registered as a person with a disability", BOTH
        ),
        FactField(
            "household.income_monthly", "int", "รายได้ครัวเรือนต่อเดือน (บาท)", "household income per month (baht)", BOTH
        ),
        FactField(
            "household.housing_condition", "enum", "สภาพที่อยู่อาศัย", "housing condition", BOTH, _values(HousingCondition)
        ),
        FactField("household.guardian", "enum", "ผู้ดูแลหลัก", "main guardian", BOTH, _values(Guardian)),
        FactField("household.members", "int", "จำนวนสมาชิกในครัวเรือน", "household members", CASE),
        FactField("need.code", "enum", "รหัสความต้องการ", "need code", CASE),
        FactField("need.urgent", "bool", "เร่งด่วน", "urgent", CASE),
    )
}


def fields_for(source: Source) -> dict[str, FactField]:
    return {name: f for name, f in FIELDS.items() if source in f.sources}


def _put(facts: dict[str, dict[str, Any]], name: str, value: Any) -> None:
    if value is None:
        return
    group, key = name.split(".", 1)
    facts.setdefault(group, {})[key] = value


def case_facts(case: Case, need: NeedRequest, urgent: bool) -> dict[str, dict[str, Any]]:
    """The facts about one need of a case: the child, the household and that need."""
    child = case.child
    facts: dict[str, dict[str, Any]] = {}
    _put(facts, "child.age", child.age)
    _put(facts, "child.sex", child.sex)
    _put(facts, "child.education_status", child.education_status)
    _put(facts, "child.enrolled", child.education_status in ("in_school", "at_risk"))
    _put(facts, "child.province", child.location.province)
    _put(facts, "child.district", child.location.district)
    _put(facts, "child.subdistrict", child.location.subdistrict)
    if child.disability is not None:
        _put(facts, "child.has_disability", child.disability.has_disability)
        _put(facts, "child.disability_registered", child.disability.registered)
    household = case.household
    _put(facts, "household.income_monthly", household.income_monthly)
    _put(facts, "household.housing_condition", household.housing_condition)
    _put(facts, "household.guardian", household.guardian)
    _put(facts, "household.members", household.members)
    _put(facts, "need.code", need.code)
    _put(facts, "need.urgent", urgent)
    return facts


def survey_facts(row: SurveyRow) -> dict[str, dict[str, Any]]:
    """The facts about one survey row, under the same names as a case's."""
    facts: dict[str, dict[str, Any]] = {}
    _put(facts, "child.age", row.age)
    _put(facts, "child.sex", row.sex)
    _put(facts, "child.enrolled", row.enrolled)
    _put(facts, "child.days_absent", row.days_absent)
    _put(facts, "child.province", row.province)
    _put(facts, "child.district", row.district)
    _put(facts, "child.subdistrict", row.subdistrict)
    _put(facts, "child.has_disability", row.has_disability)
    _put(facts, "child.disability_registered", row.disability_registered)
    _put(facts, "household.income_monthly", row.household_income_monthly)
    _put(facts, "household.housing_condition", row.housing_condition)
    _put(facts, "household.guardian", row.guardian)
    return facts
