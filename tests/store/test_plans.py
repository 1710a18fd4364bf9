"""Plans are stored whole, read back as they were, and every read and write leaves an audit row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from safetynet.auth import Actor
from safetynet.store import Store
from tests.store.samples import always, never, new_plan


def test_a_saved_plan_reads_back_with_its_thai_text_nested_json_and_versions(store: Store, cm: Actor) -> None:
    saved = new_plan()
    store.save_plan(saved, cm)
    record = store.get_plan(saved.plan_id, cm, always)
    assert record is not None
    assert record.case == saved.case
    assert record.plan == saved.plan
    assert record.plan["items"][0]["rules"][0]["title"]["th"] == "ซ่อมบ้านที่ทรุดโทรม"
    assert record.plan["items"][0]["candidates"][0]["path_hours"] == 4.5
    assert (record.case_ref, record.province, record.requested_by) == ("PLK-2026-0001", "TH-65", "plk-cm-unit")
    assert (record.rules_version, record.graph_version) == (saved.rules_version, saved.graph_version)
    assert record.organizations == saved.organizations
    assert record.created_by == cm.token_id
    assert store.count_plans() == 1


def test_created_at_comes_back_as_the_same_instant_in_utc(store: Store, cm: Actor) -> None:
    saved = new_plan()
    store.save_plan(saved, cm)
    record = store.get_plan(saved.plan_id, cm, always)
    assert record is not None
    assert record.created_at == saved.created_at
    assert record.created_at.utcoffset() is not None
    assert record.created_at.tzinfo == UTC
    assert record.created_at == datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def test_the_requesting_organization_is_always_among_the_named_ones(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan(organizations=frozenset({"plk-pao-housing"})), cm)
    record = store.get_plan("pl-0001", cm, always)
    assert record is not None
    assert record.organizations == {"plk-cm-unit", "plk-pao-housing"}


def test_creating_and_reading_a_plan_are_audited_with_who_did_it(
    store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    agency = make_actor("agency", "plk-pao-housing")
    store.save_plan(new_plan(), cm)
    store.get_plan("pl-0001", agency, always)
    entries = store.audit_for("pl-0001")
    assert [(e.action, e.token_id, e.role, e.organization_id) for e in entries] == [
        ("plan.create", cm.token_id, "cm", "plk-cm-unit"),
        ("plan.read", agency.token_id, "agency", "plk-pao-housing"),
    ]
    assert all(e.at.tzinfo == UTC for e in entries)
    assert entries[0].id < entries[1].id


def test_a_read_out_of_reach_returns_nothing_and_is_audited_as_denied(
    store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    stranger = make_actor("cm", "lpg-cm-unit")
    store.save_plan(new_plan(), cm)
    assert store.get_plan("pl-0001", stranger, never) is None
    last = store.audit_for("pl-0001")[-1]
    assert (last.action, last.token_id, last.organization_id) == ("plan.read_denied", stranger.token_id, "lpg-cm-unit")


def test_the_reach_check_sees_the_stored_record(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan(), cm)
    seen = []

    def allowed(record: object) -> bool:
        seen.append(record)
        return True

    record = store.get_plan("pl-0001", cm, allowed)
    assert seen == [record]


def test_reading_an_unknown_plan_returns_nothing_and_is_audited(store: Store, cm: Actor) -> None:
    assert store.get_plan("pl-missing", cm, always) is None
    assert [e.action for e in store.audit_for("pl-missing")] == ["plan.read_unknown"]


@pytest.mark.parametrize("plan_id", ["x" * 500, "pl\x00nul", "", "tab\there"])
def test_reading_with_a_malformed_id_is_an_audited_miss_not_an_error(store: Store, cm: Actor, plan_id: str) -> None:
    assert store.get_plan(plan_id, cm, always) is None
    entries = store.audit_for(plan_id)
    assert [e.action for e in entries] == ["plan.read_unknown"]
    assert entries[0].plan_id is not None
    assert len(entries[0].plan_id) <= 64


def test_plans_are_counted(store: Store, cm: Actor) -> None:
    assert store.count_plans() == 0
    for n in range(3):
        store.save_plan(new_plan(f"pl-{n}"), cm)
    assert store.count_plans() == 3


def test_ping_answers_when_the_database_does(store: Store) -> None:
    store.ping()


def test_no_log_record_carries_case_data_even_at_debug_level(
    store: Store, cm: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="sqlalchemy"):
        store.save_plan(new_plan(), cm)
        store.get_plan("pl-0001", cm, always)
        store.audit_for("pl-0001")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "INSERT INTO plans" in logged, "the database layer logs at debug level: the check below is real"
    for case_data in ("Mueang Phitsanulok", "ซ่อมบ้าน", "housing_repair", "PLK-2026-0001"):
        assert case_data not in logged
