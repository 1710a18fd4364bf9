"""A plan is written whole or not at all: a failure at any step leaves no plan, no organizations, no audit row."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select

from safetynet.auth import Actor
from safetynet.store import DuplicatePlan, InvalidRecord, Store, StoreError
from safetynet.store.tables import audit_log, plan_organizations, plans
from tests.store.samples import always, new_plan


class Injected(RuntimeError):
    """The failure a test forces in the middle of a transaction."""


def row_counts(store: Store) -> dict[str, int]:
    with store._engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (plans, plan_organizations, audit_log)
        }


def plan_rows(store: Store) -> dict[str, int]:
    counts = row_counts(store)
    counts["audit_log"] = len([e for e in _all_audit(store) if e.startswith("plan.")])
    return counts


def _all_audit(store: Store) -> list[str]:
    with store._engine.connect() as connection:
        return list(connection.execute(select(audit_log.c.action)).scalars())


@contextmanager
def failing_on(store: Store, statement_start: str) -> Iterator[list[str]]:
    """Make the statement that starts with ``statement_start`` fail, after the ones before it have run."""
    ran: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        ran.append(statement.split("(", maxsplit=1)[0].strip())
        if statement.startswith(statement_start):
            raise Injected(statement_start)

    event.listen(store._engine, "before_cursor_execute", before)
    try:
        yield ran
    finally:
        event.remove(store._engine, "before_cursor_execute", before)


@pytest.mark.parametrize("failing", ["INSERT INTO plan_organizations", "INSERT INTO audit_log"])
def test_a_failure_after_the_plan_row_leaves_nothing_written(store: Store, cm: Actor, failing: str) -> None:
    with failing_on(store, failing) as ran, pytest.raises(Injected):
        store.save_plan(new_plan(), cm)
    assert "INSERT INTO plans" in ran, "the failure must come after the plan row was sent"
    assert plan_rows(store) == {"plans": 0, "plan_organizations": 0, "audit_log": 0}
    store.save_plan(new_plan(), cm)
    assert plan_rows(store) == {"plans": 1, "plan_organizations": 3, "audit_log": 1}


def test_a_read_whose_audit_row_cannot_be_written_shows_nothing(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan(), cm)
    shown = []
    with failing_on(store, "INSERT INTO audit_log"), pytest.raises(Injected):
        shown.append(store.get_plan("pl-0001", cm, always))
    assert shown == []
    assert [e.action for e in store.audit_for("pl-0001")] == ["plan.create"]


def test_a_duplicate_plan_id_is_refused_and_the_first_plan_stays_intact(store: Store, cm: Actor) -> None:
    first = new_plan()
    store.save_plan(first, cm)
    with pytest.raises(DuplicatePlan, match="pl-0001"):
        store.save_plan(new_plan(case_ref="OTHER-1", organizations=frozenset({"lpg-x"})), cm)
    record = store.get_plan("pl-0001", cm, always)
    assert record is not None
    assert (record.case_ref, record.organizations) == (first.case_ref, first.organizations)
    assert [e.action for e in store.audit_for("pl-0001")] == ["plan.create", "plan.read"]
    assert row_counts(store)["plan_organizations"] == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"created_at": datetime(2026, 11, 22, 9, 0)}, "created_at"),
        ({"plan_id": "p" * 65}, "plan_id"),
        ({"plan_id": ""}, "plan_id"),
        ({"requested_by": ""}, "requested_by"),
        ({"organizations": frozenset({"x" * 65})}, "organizations"),
        ({"case": {"child": {"district": "Ko\x00Kha"}}}, "case"),
        ({"plan": {"items": [{"path_hours": math.nan}]}}, "plan"),
        ({"plan": {"created_at": datetime(2026, 1, 1)}}, "plan"),
        ({"plan": {"organizations": {"a", "b"}}}, "plan"),
    ],
)
def test_a_value_the_database_cannot_keep_is_refused_before_anything_is_written(
    store: Store, cm: Actor, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        store.save_plan(new_plan(**changes), cm)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert plan_rows(store) == {"plans": 0, "plan_organizations": 0, "audit_log": 0}


def test_a_plan_from_an_unknown_token_is_refused_without_case_data_in_the_error(store: Store) -> None:
    ghost = Actor(token_id="tok_ghost", role="cm", organization_id="plk-cm-unit")
    with pytest.raises(StoreError) as caught:
        store.save_plan(new_plan(), ghost)
    assert not isinstance(caught.value, DuplicatePlan)
    texts = [str(caught.value), str(caught.value.__context__)]
    for text in texts:
        assert "Mueang Phitsanulok" not in text
        assert "PLK-2026-0001" not in text
    assert plan_rows(store) == {"plans": 0, "plan_organizations": 0, "audit_log": 0}
