"""On SQLite the group writer runs a referral's statements on the driver's own connection (``store.plainsql``): what
lands in the tables, what is read back and the errors raised must be SQLAlchemy's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import Connection, Select, event, select
from sqlalchemy.exc import IntegrityError

from safetynet.auth import Actor
from safetynet.referrals.reach import Scope
from safetynet.store import Store, events, plainsql, referralsql
from safetynet.store.planhistory import load_plan
from safetynet.store.referral_records import ReferralFilters
from safetynet.store.tables import referral_organizations, referrals
from tests.referrals.samples import NOW, stored_plan
from tests.store.referral_steps import act, send

DIFFERENT = {"referral_id", "plan_id", "case_ref", "replaces", "replaced_by"}  # ids of each plan


@pytest.fixture
def agency(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor("agency", "plk-city-municipality")


@contextmanager
def through_sqlalchemy(store: Store) -> Iterator[None]:
    """Every statement through SQLAlchemy: ``plainsql`` steps aside while a listener follows them."""

    def follow(*_: Any) -> None:
        return None

    event.listen(store._engine, "before_cursor_execute", follow)
    try:
        yield
    finally:
        event.remove(store._engine, "before_cursor_execute", follow)


def executed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The statements run through SQLAlchemy's ``Connection.execute`` from now on (the list grows as they run)."""
    ran: list[Any] = []
    execute = Connection.execute

    def counted(self: Connection, statement: Any, *args: Any, **kwargs: Any) -> Any:
        ran.append(statement)
        return execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", counted)
    return ran


def _stored(store: Store, plan_id: str) -> list[tuple[Any, ...]]:
    """The referral rows of ``plan_id`` and their parties, as the file holds them (no conversion)."""
    shown = [c for c in referrals.c if c.name not in DIFFERENT]
    with store._engine.connect() as connection:
        raw = connection.exec_driver_sql(
            str(select(*shown).where(referrals.c.plan_id == plan_id).compile(compile_kwargs={"literal_binds": True}))
        ).all()
        parties = connection.execute(
            select(referral_organizations.c.organization_id, referral_organizations.c.status)
            .join(referrals, referrals.c.referral_id == referral_organizations.c.referral_id)
            .where(referrals.c.plan_id == plan_id)
            .order_by(referral_organizations.c.organization_id)
        ).all()
    return [tuple(row) for row in raw] + [tuple(row) for row in parties]


def _events(store: Store) -> list[tuple[Any, ...]]:
    """Every event as the file holds it, with the plan of its referral, in the order of their ids."""
    with store._engine.connect() as connection:
        return list(
            connection.exec_driver_sql(
                "SELECT e.event_id, r.plan_id, e.type, e.status, e.at, e.province, e.from_organization, e.holder "
                "FROM events AS e JOIN referrals AS r ON r.referral_id = e.referral_id ORDER BY e.event_id"
            ).all()
        )


def _life(store: Store, cm: Actor, agency: Actor, plan_id: str) -> list[Any]:
    sent = send(store, cm, plan_id)
    done = [sent, act(store, agency, sent.referral_id, "acknowledge", NOW + timedelta(hours=2))]
    done.append(act(store, agency, sent.referral_id, "decline", NOW + timedelta(hours=3), reason="no_capacity"))
    done.append(send(store, cm, plan_id))  # the next candidate, replacing the declined one
    return [{k: v for k, v in vars(r).items() if k not in DIFFERENT} for r in done]


def test_a_referrals_rows_and_records_are_sqlalchemys_own(store: Store, cm: Actor, agency: Actor) -> None:
    if store._engine.dialect.name != "sqlite":
        pytest.skip("the driver's own connection is used on SQLite only")
    store.save_plan(stored_plan("pln_sa", "PLK-SA"), cm)
    store.save_plan(stored_plan("pln_plain", "PLK-PLAIN"), cm)
    with through_sqlalchemy(store):
        by_sqlalchemy = _life(store, cm, agency, "pln_sa")
    assert _life(store, cm, agency, "pln_plain") == by_sqlalchemy
    assert _stored(store, "pln_plain") == _stored(store, "pln_sa")
    numbered = _events(store)
    assert [row[0] for row in numbered] == list(range(1, len(numbered) + 1))  # one line of ids, without a gap
    by_plan = {plan: [row[2:] for row in numbered if row[1] == plan] for plan in ("pln_sa", "pln_plain")}
    assert len(by_plan["pln_plain"]) == 4
    assert by_plan["pln_plain"] == by_plan["pln_sa"]  # the moments too, written as text as SQLAlchemy writes them


def test_the_drivers_errors_are_raised_as_sqlalchemys(store: Store, cm: Actor) -> None:
    store.save_plan(stored_plan(), cm)
    sent = send(store, cm)
    party = {"referral_id": sent.referral_id, "organization_id": sent.from_organization, "refer_by": sent.refer_by,
             "status": "sent"}  # fmt: skip
    with pytest.raises(IntegrityError), store._write() as connection:  # the party is there already
        plainsql.execute(connection, referralsql.INSERT_PARTY, party)


def test_a_transitions_statements_skip_sqlalchemys_execute(
    store: Store, cm: Actor, agency: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    if store._engine.dialect.name != "sqlite":
        pytest.skip("the driver's own connection is used on SQLite only")
    store.save_plan(stored_plan(), cm)
    sent = send(store, cm)
    ran = executed(monkeypatch)
    act(store, agency, sent.referral_id, "acknowledge")
    own = (referralsql.LOAD, referralsql.SET_IF_VERSION, referralsql.SET_PARTIES, events._TAKE, events._INSERT)
    assert not [statement for statement in ran if any(statement is mine for mine in own)]
    with through_sqlalchemy(store):  # the check is real: with a listener, the same statements go through execute
        act(store, agency, sent.referral_id, "accept")
    assert all(any(statement is mine for statement in ran) for mine in own)


def test_a_plan_is_loaded_as_by_sqlalchemy(store: Store, cm: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    if store._engine.dialect.name != "sqlite":
        pytest.skip("the driver's own connection is used on SQLite only")
    store.save_plan(stored_plan(), cm)
    plan_id = stored_plan().plan_id
    with through_sqlalchemy(store), store._engine.connect() as connection:
        by_sqlalchemy = load_plan(connection, plan_id), load_plan(connection, "pln_none")
    ran = executed(monkeypatch)
    with store._engine.connect() as connection:
        plain = load_plan(connection, plan_id), load_plan(connection, "pln_none")
    assert plain == by_sqlalchemy
    assert plain[0] is not None
    assert plain[0].organizations
    assert plain[0].plan["items"]
    assert plain[1] is None
    assert not ran


def _pages(store: Store, cm: Actor, agency: Actor) -> list[Any]:
    """Pages of every shape of statement an inbox or a list reads: each scope, filters, overdue or not (the literal
    'sent' in the statement), after a cursor, and the ``OFFSET`` SQLite's compiler adds to a ``LIMIT``."""
    assert agency.organization_id is not None
    assert cm.organization_id is not None
    later = NOW + timedelta(days=3)  # the urgent referrals are overdue by then
    shapes = [
        (Scope("party", agency.organization_id), ReferralFilters(), NOW),
        (Scope("all"), ReferralFilters(overdue=True), later),
        (Scope("all"), ReferralFilters(overdue=False), later),
        (Scope("province", "TH-65"), ReferralFilters(status="acknowledged"), NOW),
        (Scope("party", cm.organization_id), ReferralFilters(since=NOW, need="housing_repair"), NOW),
    ]
    pages: list[Any] = []
    for scope, filters, now in shapes:
        first = store.referrals.page(scope, filters, now, after=None, limit=2, actor=None)
        pages.append(first)
        if first.next_cursor is not None:
            pages.append(store.referrals.page(scope, filters, now, after=first.next_cursor, limit=2, actor=None))
    return pages


def test_a_page_of_referrals_is_read_on_the_drivers_connection_as_sqlalchemy_reads_it(
    store: Store, cm: Actor, agency: Actor
) -> None:
    for n in range(3):
        store.save_plan(stored_plan(f"pln_page{n}", f"PLK-PAGE{n}"), cm)
        sent = send(store, cm, f"pln_page{n}")
    act(store, agency, sent.referral_id, "acknowledge")
    # a page that shows an overdue referral records its escalation: recorded first, both reads see the same rows
    store.referrals.escalate_overdue(NOW + timedelta(days=3))
    with through_sqlalchemy(store):
        by_sqlalchemy = _pages(store, cm, agency)
    assert all(page.items for page in by_sqlalchemy), [len(page.items) for page in by_sqlalchemy]  # rows to compare
    with mock.patch.object(Connection, "execute", autospec=True, side_effect=Connection.execute) as execute:
        assert _pages(store, cm, agency) == by_sqlalchemy
    pages = [call for call in execute.call_args_list if isinstance(call.args[1], Select)]
    # on SQLite no page goes through SQLAlchemy's execute; on PostgreSQL every one does
    assert len(pages) == (0 if store._engine.dialect.name == "sqlite" else len(by_sqlalchemy))
