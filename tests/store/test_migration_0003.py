"""Migration 0003 on a database that holds plans answered before places were resolved: they are read back, by
the store and through the API, in today's shape, with the place of their stored case from the gazetteer."""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from sqlalchemy import insert

from safetynet.contract.plan import Plan
from safetynet.store import Store
from safetynet.store.database import make_engine
from safetynet.store.migrate import current_revision, upgrade
from safetynet.store.tables import plans, tokens
from tests.referrals.samples import NOW, stored_plan


def answered_before_places(plan: dict[str, Any]) -> dict[str, Any]:
    """``plan`` as the service answered it before places: no location, no MOUs, an unmet need with no one named."""
    old = deepcopy(plan)
    del old["location"]
    old.pop("previous_plan_id", None)
    for item in old["items"]:
        for candidate in item["candidates"]:
            del candidate["mous"]
        if not item["candidates"]:
            item["meets_deadline"] = False
    old["unmet"] = [{"need": "medical_treatment", "reason": "no_rule", "escalate_to": None, "detail": "no rule"}]
    return old


def store_old(db_url: str, plan_id: str, where: dict[str, str]) -> dict[str, Any]:
    made = stored_plan(plan_id, "PLK-OLD", NOW)
    old = answered_before_places(json.loads(str(made.plan)))
    case = json.loads(str(made.case)) if isinstance(made.case, str) else dict(made.case)
    case["child"]["location"] = where
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            token = {"id": "tok_old", "token_hash": "h" * 64, "role": "cm", "organization_id": "plk-cm-unit"}
            connection.execute(insert(tokens).values(**token, created_at=NOW))
            connection.execute(
                insert(plans).values(
                    plan_id=plan_id, case_ref="PLK-OLD", province="TH-65", requested_by="plk-cm-unit",
                    created_at=NOW, created_by="tok_old", rules_version="r", graph_version="g",
                    case_json=case, plan_json=old,
                )
            )  # fmt: skip
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()
    return old


def test_a_plan_answered_before_places_is_read_back_in_todays_shape(db_url: str) -> None:
    where = {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"}
    old = store_old(db_url, "pln_old1", where)
    with Store.open(db_url) as store:  # upgrades to the head
        record = store.load_plan("pln_old1")
        assert record is not None
        plan = Plan.model_validate(record.plan_json())
    assert plan.location.district is not None
    assert plan.location.district.code == "6501"
    assert plan.location.subdistrict is not None
    assert plan.location.subdistrict.code == "650101"
    assert [u.escalate_to for u in plan.unmet] == ["plk-cm-unit"]
    assert all(c.mous == [] for i in plan.items for c in i.candidates)
    assert [i.meets_deadline for i in plan.items if not i.candidates] == [None] * sum(
        1 for i in old["items"] if not i["candidates"]
    )
    assert [i.explanation for i in plan.items] == [i["explanation"] for i in old["items"]]


def test_a_place_written_then_that_names_no_place_keeps_the_province_alone(db_url: str) -> None:
    store_old(db_url, "pln_old2", {"province": "TH-65", "district": "Somewhere Else"})
    with Store.open(db_url) as store:
        record = store.load_plan("pln_old2")
        assert record is not None
        plan = Plan.model_validate(record.plan_json())
    assert plan.location.province.code == "TH-65"
    assert plan.location.district is None
