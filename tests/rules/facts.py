"""The facts of real cases and survey rows, made as the planner and ``safetynet screen`` make them."""

from __future__ import annotations

from safetynet.contract.case import Case, SurveyRow
from safetynet.contract.facts import Facts, needs_facts, survey_facts


def case_needs(
    *,
    age: int,
    needs: list[str],
    guardian: str | None = None,
    housing: str | None = None,
    status: str = "in_school",
    province: str = "TH-65",
    district: str | None = None,
    disability: dict[str, bool] | None = None,
) -> list[Facts]:
    """The facts of a real ``Case`` (as the planner makes them: ``needs_facts``), one per need."""
    household = {k: v for k, v in {"guardian": guardian, "housing_condition": housing}.items() if v is not None}
    location = {"province": province, **({"district": district} if district else {})}
    child: dict[str, object] = {"age": age, "education_status": status, "location": location}
    if disability is not None:
        child["disability"] = disability
    case = Case.model_validate(
        {"case_ref": "T-1", "child": child, "household": household, "needs": [{"code": c} for c in needs]}
    )
    return needs_facts(case, {n.code: bool(n.urgent) for n in case.needs})


def row(**values: object) -> Facts:
    """The facts of a real ``SurveyRow``."""
    return survey_facts(SurveyRow.model_validate({"case_ref": "R-1", **values}))
