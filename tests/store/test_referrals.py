"""Referrals in the store, on SQLite and PostgreSQL: a transition, its audit row and its event are one
transaction; of two actions at once (two stores: as two processes would be) one wins; one referral under way per
plan item; the escalation of an overdue referral is recorded once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from safetynet.auth import Actor
from safetynet.referrals.errors import InvalidTransition, ReferralExists
from safetynet.referrals.reach import Scope
from safetynet.store import Store
from safetynet.store import events as event_log
from safetynet.store.referral_records import ReferralFilters
from safetynet.store.tables import events
from tests.referrals.samples import NOW, stored_plan
from tests.store.referral_steps import act, send


@pytest.fixture
def agency(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor("agency", "plk-city-municipality")


@pytest.fixture
def planned(store: Store, cm: Actor) -> str:
    store.save_plan(stored_plan(), cm)
    return "pln_1"


def event_rows(store: Store) -> list[tuple[int, str, str]]:
    with store._engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(
                select(events.c.event_id, events.c.referral_id, events.c.type).order_by(events.c.event_id)
            )
        ]


def referral_audit(store: Store, referral_id: str) -> list[str]:
    return [e.action for e in store.audit_for("pln_1") if e.referral_id == referral_id]


def test_a_transition_is_written_with_its_audit_row_and_its_event(
    store: Store, cm: Actor, agency: Actor, planned: str
) -> None:
    sent = send(store, cm)
    acknowledged = act(store, agency, sent.referral_id, "acknowledge", NOW + timedelta(hours=2))
    assert (acknowledged.status, acknowledged.version, acknowledged.acknowledged_at) == (
        "acknowledged", 2, NOW + timedelta(hours=2)
    )  # fmt: skip
    assert referral_audit(store, sent.referral_id) == ["referral.send", "referral.acknowledge"]
    assert [(t) for _, _, t in event_rows(store)] == ["referral.sent", "referral.acknowledged"]


def test_when_the_event_cannot_be_written_nothing_of_the_transition_is(
    store: Store, cm: Actor, agency: Actor, planned: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = send(store, cm)

    def broken(*_: Any) -> None:
        raise RuntimeError("the outbox is full")

    monkeypatch.setattr(event_log, "append", broken)
    with pytest.raises(RuntimeError):
        act(store, agency, sent.referral_id, "acknowledge")
    with pytest.raises(RuntimeError):
        send(store, cm, need="disability_allowance_registration")
    monkeypatch.undo()
    again = store.referrals.history_of_item("pln_1", "housing_repair")[0]
    assert (again.status, again.version) == ("sent", 1)
    assert store.referrals.history_of_item("pln_1", "disability_allowance_registration") == []
    assert referral_audit(store, sent.referral_id) == ["referral.send"]
    assert len(event_rows(store)) == 1


@contextmanager
def held_at(store: Store, statement: str) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Hold ``store``'s first statement starting with ``statement`` until ``release`` is set."""
    release, holding = threading.Event(), threading.Event()

    def before(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if sql.startswith(statement) and not holding.is_set():
            holding.set()
            release.wait(timeout=30)

    event.listen(store._engine, "before_cursor_execute", before)
    try:
        yield release, holding
    finally:
        release.set()
        event.remove(store._engine, "before_cursor_execute", before)


def race(first: Callable[[], object], second: Callable[[], object], hold: Any) -> list[object]:
    """Run ``first`` until it is held inside its transaction, start ``second``, let it reach the database and wait
    there (a moment), then let ``first`` go on: the two overlap as two processes acting at once would."""
    release, holding = hold
    results: list[object] = []

    def run(work: Callable[[], object]) -> None:
        try:
            results.append(work())
        except Exception as exc:
            results.append(exc)

    one = threading.Thread(target=run, args=(first,))
    one.start()
    assert holding.wait(timeout=20), "the first action never reached its write"
    two = threading.Thread(target=run, args=(second,))
    two.start()
    time.sleep(0.3)  # the second is now waiting on the first's row (or write) lock
    release.set()
    one.join()
    two.join()
    return results


def test_of_two_actions_at_once_from_two_processes_one_wins_and_the_other_is_refused(
    db_url: str, store: Store, cm: Actor, agency: Actor, planned: str
) -> None:
    rid = send(store, cm).referral_id
    act(store, agency, rid, "acknowledge")
    with Store.open(db_url) as other, held_at(store, "INSERT INTO audit_log") as hold:
        results = race(
            lambda: act(store, agency, rid, "accept"),
            lambda: act(other, agency, rid, "decline", reason="no_capacity"),
            hold,
        )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, InvalidTransition)]
    assert len(winners) == 1
    assert len(losers) == 1, results
    final = store.referrals.history_of_item("pln_1", "housing_repair")[0]
    assert (final.status, final.version, len(final.history)) == ("accepted", 3, 3)
    assert losers[0].status == "accepted"
    if store.dialect == "postgresql":
        assert losers[0].changed, "PostgreSQL: the loser read version 2 and its compare-and-set found 3"
    assert [t for _, _, t in event_rows(store)][-1] == "referral.accepted"


def test_two_sends_of_one_item_at_once_make_one_referral(db_url: str, store: Store, cm: Actor, planned: str) -> None:
    with Store.open(db_url) as other, held_at(store, "INSERT INTO audit_log") as hold:
        results = race(lambda: send(store, cm), lambda: send(other, cm), hold)
    assert sum(isinstance(r, ReferralExists) for r in results) == 1, results
    assert len(store.referrals.history_of_item("pln_1", "housing_repair")) == 1
    assert len(event_rows(store)) == 1


def test_the_escalation_of_an_overdue_referral_is_recorded_once(
    db_url: str, store: Store, cm: Actor, make_actor: Callable[..., Actor], planned: str
) -> None:
    late = send(store, cm)  # due 2026-11-23 09:00 Thailand time
    on_time = send(store, cm, need="disability_allowance_registration")
    act(store, make_actor("agency", "plk-sdhso-office"), on_time.referral_id, "acknowledge")
    before = NOW + timedelta(hours=20)
    assert store.referrals.escalate_overdue(before) == 0
    after = NOW + timedelta(hours=30)
    with Store.open(db_url) as other:
        counts = [store.referrals.escalate_overdue(after), other.referrals.escalate_overdue(after)]
    assert counts == [1, 0]
    assert store.referrals.escalate_overdue(after + timedelta(hours=5)) == 0
    (record,) = store.referrals.history_of_item("pln_1", "housing_repair")
    assert (record.escalated_at, record.version, record.status) == (after, 1, "sent")
    assert [t for _, rid, t in event_rows(store) if rid == late.referral_id] == ["referral.sent", "referral.escalated"]
    assert referral_audit(store, late.referral_id) == ["referral.send", "referral.escalate"]


def test_many_overdue_referrals_are_escalated_a_batch_at_a_time_oldest_first(
    store: Store, cm: Actor, planned: str
) -> None:
    first = send(store, cm)  # due 2026-11-23 09:00
    second = send(store, cm, need="disability_allowance_registration")  # due later
    later = NOW + timedelta(days=30)
    assert store.referrals.escalate_overdue(later, most=1) == 1
    assert [r.escalated_at for r in store.referrals.history_of_item("pln_1", "housing_repair")] == [later]
    assert store.referrals.escalate_overdue(later, most=1) == 1
    assert store.referrals.escalate_overdue(later, most=1) == 0
    escalated = [rid for _, rid, t in event_rows(store) if t == "referral.escalated"]
    assert escalated == [first.referral_id, second.referral_id]


def test_a_page_that_shows_an_overdue_referral_records_its_escalation_and_shows_it(
    store: Store, cm: Actor, make_actor: Callable[..., Actor], planned: str
) -> None:
    """Any list (the operator's command included: ``actor`` None), not only one asked for the overdue ones."""
    late = send(store, cm)  # due 2026-11-23 09:00
    on_time = send(store, cm, need="disability_allowance_registration")
    act(store, make_actor("agency", "plk-sdhso-office"), on_time.referral_id, "acknowledge")
    assert store.referrals.page(Scope("all"), ReferralFilters(), NOW, after=None, limit=10, actor=None).items
    assert "referral.escalated" not in [t for _, _, t in event_rows(store)], "nothing is overdue yet"
    at = NOW + timedelta(hours=30)
    page = store.referrals.page(Scope("all"), ReferralFilters(), at, after=None, limit=10, actor=None)
    assert {r.referral_id: r.escalated_at for r in page.items} == {late.referral_id: at, on_time.referral_id: None}
    store.referrals.page(Scope("all"), ReferralFilters(), at + timedelta(hours=1), after=None, limit=10, actor=None)
    assert [t for _, rid, t in event_rows(store) if rid == late.referral_id] == ["referral.sent", "referral.escalated"]
