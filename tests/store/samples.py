"""Sample values for the storage tests (and any test that stores a plan)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from safetynet.store import NewPlan, Store

BANGKOK = timezone(timedelta(hours=7))


def new_plan(plan_id: str = "pl-0001", **changes: Any) -> NewPlan:
    """A Phitsanulok plan with Thai text and nested JSON, as the API would store it."""
    values: dict[str, Any] = {
        "plan_id": plan_id,
        "case_ref": "PLK-2026-0001",
        "province": "TH-65",
        "requested_by": "plk-cm-unit",
        "organizations": frozenset({"plk-cm-unit", "plk-pao-housing", "plk-core-team"}),
        "created_at": datetime(2026, 11, 22, 9, 0, tzinfo=BANGKOK),
        "rules_version": "r" + "a" * 63,
        "graph_version": "g" + "b" * 63,
        "case": {
            "case_ref": "PLK-2026-0001",
            "child": {
                "age": 12,
                "education_status": "at_risk",
                "location": {"province": "TH-65", "district": "Mueang Phitsanulok"},
            },
            "needs": [{"code": "housing_repair", "urgent": True}],
        },
        "plan": {
            "plan_id": plan_id,
            "items": [
                {
                    "need": "housing_repair",
                    "rules": [{"id": "housing.dilapidated", "title": {"th": "ซ่อมบ้านที่ทรุดโทรม", "en": "Repair"}}],
                    "candidates": [{"organization_id": "plk-pao-housing", "path_hours": 4.5, "path": ["plk-cm-unit"]}],
                }
            ],
            "unmet": [],
        },
    }
    values.update(changes)
    return NewPlan(**values)


def previous_plan_of(store: Store, plan_id: str) -> str | None:
    """The plan that ``plan_id`` follows (None: the first of its line); fails when ``plan_id`` is not stored."""
    plan = store.load_plan(plan_id)
    assert plan is not None, f"no plan {plan_id}"
    return plan.previous_plan_id


def always(_: Any) -> bool:
    return True


def never(_: Any) -> bool:
    return False
