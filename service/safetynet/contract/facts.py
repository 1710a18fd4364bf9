"""The facts that rules may read, and how a case or a survey row becomes those facts.

A rule condition names a field such as ``child.age`` or ``household.housing_condition``. ``FIELDS`` is the
whole list: the rules checker refuses a condition on any other name, and on a value that a field can never
take. Facts are nested dicts (``{"child": {"age": 12}, ...}``); an unknown value is left out, never None.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from safetynet.contract.case import Case, EducationStatus, Guardian, HousingCondition, Sex, SurveyRow
from safetynet.places import Location, resolve_location

#: The facts about one need of a case, or one survey row: groups (``child``, ``household``, ``need``) of the
#: values that are known, e.g. ``{"child": {"age": 12}, "need": {"code": "housing_repair", "urgent": True}}``.
Facts = dict[str, dict[str, Any]]

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
        FactField("child.district", "text", "อำเภอ (รหัส DOPA เช่น 5203)", "district (DOPA code, e.g. 5203)", BOTH),
        FactField("child.subdistrict", "text", "ตำบล (รหัส DOPA เช่น 520301)", "subdistrict (DOPA code: 520301)", BOTH),
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
        FactField(
            "household.income_per_member",
            "int",
            "รายได้ครัวเรือนต่อสมาชิกหนึ่งคนต่อเดือน (บาท ปัดขึ้น)",
            "household income per member per month (baht, rounded up)",
            CASE,
        ),
        FactField("need.code", "enum", "รหัสความต้องการ", "need code", CASE),
        FactField("need.urgent", "bool", "เร่งด่วน", "urgent", CASE),
    )
}


def _given(**values: Any) -> dict[str, Any]:
    """The values that are known (not None), in order."""
    return {key: value for key, value in values.items() if value is not None}


def _groups(**groups: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The groups that hold at least one known value (a group with none is left out)."""
    return {name: values for name, values in groups.items() if values}


def needs_facts(case: Case, urgency: Mapping[str, bool], where: Location | None = None) -> list[Facts]:
    """The facts about each need of ``case``, in order: the child, the household and that need (``urgency`` by
    need code; ``where``: the child's place, resolved; by default resolved here).

    The child and household groups are built once: the facts of every need hold the same two objects, so
    that ``rules.wire.engine_facts`` cleans each once per case. Read them, never change them.
    """
    about = _about(case, where)
    return [{**about, "need": {"code": n.code, "urgent": urgency[n.code]}} for n in case.needs]


def _about(case: Case, where: Location | None) -> Facts:
    """The child and household parts of a case's facts; places are codes (ISO province, DOPA district and
    subdistrict), as the gazetteer resolves them (``PlaceError`` when it cannot)."""
    child, household = case.child, case.household
    if where is None:
        written = child.location
        where = resolve_location(written.province, written.district, written.subdistrict)
    disability = child.disability
    return _groups(
        child=_given(
            age=child.age,
            sex=child.sex,
            education_status=child.education_status,
            enrolled=child.education_status in ("in_school", "at_risk"),
            province=where.province.code,
            district=where.district.code if where.district else None,
            subdistrict=where.subdistrict.code if where.subdistrict else None,
            has_disability=None if disability is None else disability.has_disability,
            disability_registered=None if disability is None else disability.registered,
        ),
        household=_given(
            income_monthly=household.income_monthly,
            housing_condition=household.housing_condition,
            guardian=household.guardian,
            members=household.members,
            income_per_member=per_member(household.income_monthly, household.members),
        ),
    )


def per_member(income: int | None, members: int | None) -> int | None:
    """Household income per member, rounded up to the baht (so that ``<= 3000`` holds exactly when the income is
    at most 3,000 baht for each member); unknown when either is."""
    if income is None or not members:
        return None
    return -(-income // members)


#: The column of a survey row for each fact that surveys give (``FIELDS``), where its name is not the fact's key.
_SURVEY_COLUMNS = {"household.income_monthly": "household_income_monthly"}
#: (group, key, column) of every fact a survey row gives, in the order of ``FIELDS``.
_SURVEYED = tuple(
    (*name.split(".", 1), _SURVEY_COLUMNS.get(name, name.split(".", 1)[1]))
    for name, field in FIELDS.items()
    if "survey" in field.sources
)


def survey_facts(row: SurveyRow) -> Facts:
    """The facts about one survey row, under the same names as a case's: the fields that ``FIELDS`` says a survey
    gives, those that are known. A row read by ``read_survey`` carries its place as codes already
    (``datafiles/surveyfile.py`` resolves it)."""
    facts: Facts = {}
    for group, key, column in _SURVEYED:
        value = getattr(row, column)
        if value is not None:
            facts.setdefault(group, {})[key] = value
    return facts
