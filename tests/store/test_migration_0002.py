"""Migration 0002 on a database that holds plans made at 0001: every plan, organization and audit row is kept,
the plans of one case are linked into its history, and the service goes on from there."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, insert, select

from safetynet.store import Store
from safetynet.store.database import make_engine
from safetynet.store.migrate import current_revision, upgrade
from safetynet.store.tables import audit_log, plan_organizations, plans, tokens
from tests.referrals.samples import NOW, stored_plan
from tests.store.samples import previous_plan_of


def test_plans_made_at_0001_are_kept_and_linked_into_their_cases_histories(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        made = [("pln_a1", "PLK-A", 0), ("pln_a2", "PLK-A", 1), ("pln_b1", "PLK-B", 2), ("pln_a3", "PLK-A", 3)]
        with engine.begin() as connection:
            token = {"id": "tok_old", "token_hash": "h" * 64, "role": "cm", "organization_id": "plk-cm-unit"}
            connection.execute(insert(tokens).values(**token, created_at=NOW))
            for plan_id, case_ref, hours in made:
                plan = stored_plan(plan_id, case_ref, NOW + timedelta(hours=hours))
                connection.execute(
                    insert(plans).values(
                        plan_id=plan_id, case_ref=case_ref, province="TH-65", requested_by="plk-cm-unit",
                        created_at=plan.created_at, created_by="tok_old", rules_version="r", graph_version="g",
                        case_json=plan.case, plan_json=json.loads(str(plan.plan)),
                    )
                )  # fmt: skip
                connection.execute(insert(plan_organizations).values(plan_id=plan_id, organization_id="plk-cm-unit"))
                connection.execute(
                    insert(audit_log).values(at=NOW, action="plan.create", token_id="tok_old", plan_id=plan_id)
                )
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()

    with Store.open(db_url) as store:  # upgrades to the head
        assert store.count_plans() == 4
        previous = {p: previous_plan_of(store, p) for p, _, _ in made}
        assert previous == {"pln_a1": None, "pln_a2": "pln_a1", "pln_b1": None, "pln_a3": "pln_a2"}
        assert [e.action for e in store.audit_for("pln_a1")] == ["plan.create"]
        first = store.load_plan("pln_a1")
        assert first is not None
        assert first.plan_json()["items"][0]["need"] == "housing_repair"
        actor = store.tokens.actor_for_token(store.tokens.create_token("cm", "plk-cm-unit"))
        assert actor is not None
        assert store.save_plan(stored_plan("pln_a4", "PLK-A", NOW + timedelta(hours=5)), actor) == "pln_a3"
        with store._engine.connect() as connection:
            assert (
                connection.execute(select(func.count()).select_from(audit_log)).scalar_one() == 6
            )  # 4 + token.create + plan.create
