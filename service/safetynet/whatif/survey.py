"""A screened survey row as the case a CM would open for it: the row's facts, and its suggested needs.

The mapping (docs/whatif.md says it to users):

* ``age``, ``sex``, ``province``, ``district``, ``subdistrict`` → the child and its location (a plan needs the
  age and the province: a row without them is skipped, saying so);
* ``has_disability``, ``disability_registered`` → ``child.disability``;
* ``household_income_monthly``, ``housing_condition``, ``guardian`` → the household;
* ``enrolled`` and the risk tier → ``education_status``: not enrolled → ``never_enrolled`` under 6, else
  ``dropped_out``; otherwise (enrolled, or not known) → ``at_risk`` when screened ``at_risk`` or
  ``dropped_out``, else ``in_school``;
* the suggested needs → the needs, each at its default urgency (the row says nothing of urgency);
* ``days_absent`` has no place in a case: it only screens.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from safetynet.contract.case import Case, EducationStatus, SurveyRow
from safetynet.rules import Screening

SCHOOL_AGE = 6


def education_status(enrolled: bool | None, age: int, risk_tier: str) -> EducationStatus:
    """A row's schooling as a case's ``education_status`` (see the module's docstring)."""
    if enrolled is False:
        return "never_enrolled" if age < SCHOOL_AGE else "dropped_out"
    return "at_risk" if risk_tier != "normal" else "in_school"


def survey_case(row: SurveyRow, screening: Screening) -> Case | str | None:
    """The case for ``row`` screened as ``screening``; None when no need is suggested (nothing to plan); a
    message when the row cannot be planned."""
    if not screening.suggested_needs:
        return None
    if row.age is None or row.province is None:
        missing = " and ".join(name for name, v in (("age", row.age), ("province", row.province)) if v is None)
        return f"{missing} not given: a plan needs the child's age and province"
    child: dict[str, Any] = {
        "age": row.age,
        "education_status": education_status(row.enrolled, row.age, screening.risk_tier),
        "location": {
            key: value
            for key, value in (("province", row.province), ("district", row.district), ("subdistrict", row.subdistrict))
            if value is not None
        },
    }
    if row.sex is not None:
        child["sex"] = row.sex
    if row.has_disability is not None:
        child["disability"] = {"has_disability": row.has_disability}
        if row.disability_registered is not None:
            child["disability"]["registered"] = row.disability_registered
    household = {
        key: value
        for key, value in (
            ("income_monthly", row.household_income_monthly),
            ("housing_condition", row.housing_condition),
            ("guardian", row.guardian),
        )
        if value is not None
    }
    body = {
        "case_ref": row.case_ref,
        "child": child,
        "household": household,
        "needs": [{"code": code} for code in screening.suggested_needs],
    }
    try:
        return Case.model_validate(body)
    except ValidationError as exc:  # not expected: a survey row's fields are a case's; say which one, not its value
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        return f"cannot be made into a case ({fields})"
