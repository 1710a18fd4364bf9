"""Group commit: plans that wait together are written in one transaction, each still all-or-nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from safetynet.auth import Actor
from safetynet.store import DuplicatePlan, InvalidRecord, Store, auditrows
from safetynet.store.tables import audit_log, plan_organizations, plans
from tests.store.samples import always, new_plan


@contextmanager
def held_first_write(store: Store) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Hold the first plan INSERT until ``release`` is set, so that later plans queue up behind it; ``holding``
    is set once the writer is held."""
    release = threading.Event()
    holding = threading.Event()

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO plans") and not holding.is_set():
            holding.set()
            release.wait(timeout=30)

    event.listen(store._engine, "before_cursor_execute", before)
    try:
        yield release, holding
        assert holding.is_set(), "the first write was never held"
    finally:
        release.set()
        event.remove(store._engine, "before_cursor_execute", before)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def start_first_and_hold(store: Store, actor: Actor, holding: threading.Event) -> threading.Thread:
    """Save 'pl-first' in a thread and return once the writer is held inside its INSERT."""
    first = threading.Thread(target=store.save_plan, args=(new_plan("pl-first"), actor))
    first.start()
    wait_for(holding.is_set, "the writer to be held inside pl-first")
    return first


@contextmanager
def counted_commits(store: Store) -> Iterator[list[int]]:
    commits: list[int] = []

    def on_commit(_conn: Any) -> None:
        commits.append(1)

    event.listen(store._engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(store._engine, "commit", on_commit)


def save_in_threads(
    store: Store, actor: Actor, plan_ids: list[str]
) -> tuple[dict[str, BaseException | None], list[threading.Thread]]:
    results: dict[str, BaseException | None] = {}

    def save(plan_id: str) -> None:
        try:
            store.save_plan(new_plan(plan_id), actor)
            results[plan_id] = None
        except BaseException as exc:
            results[plan_id] = exc

    threads = [threading.Thread(target=save, args=(p,)) for p in plan_ids]
    for thread in threads:
        thread.start()
    return results, threads


def test_plans_waiting_together_share_one_transaction(store: Store, cm: Actor) -> None:
    with counted_commits(store) as commits, held_first_write(store) as (release, holding):
        first = start_first_and_hold(store, cm, holding)
        waiting, threads = save_in_threads(store, cm, [f"pl-{n:03d}" for n in range(20)])
        wait_for(lambda: store._plan_writer._queue.qsize() == 20, "20 plans queued")
        release.set()
        first.join()
        for thread in threads:
            thread.join()
    assert waiting == {f"pl-{n:03d}": None for n in range(20)}
    assert store.count_plans() == 21
    assert len(commits) == 2, "the 20 plans that waited behind the first must be written in one transaction"


def test_one_bad_plan_in_a_group_fails_alone_and_the_others_are_stored(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan("pl-dup"), cm)
    with held_first_write(store) as (release, holding):
        first = start_first_and_hold(store, cm, holding)
        waiting, threads = save_in_threads(store, cm, ["pl-a", "pl-dup", "pl-b"])
        wait_for(lambda: store._plan_writer._queue.qsize() == 3, "3 plans queued")
        release.set()
        first.join()
        for thread in threads:
            thread.join()
    assert isinstance(waiting["pl-dup"], DuplicatePlan)
    assert waiting["pl-a"] is None
    assert waiting["pl-b"] is None
    for plan_id in ("pl-first", "pl-a", "pl-b"):
        assert [e.action for e in store.audit_for(plan_id)] == ["plan.create"]
    assert [e.action for e in store.audit_for("pl-dup")] == ["plan.create"]  # the first one, intact


def test_the_coroutine_path_stores_the_same_plan(store: Store, cm: Actor) -> None:
    async def save() -> None:
        await store.save_plan_async(new_plan("pl-async"), cm)

    asyncio.run(save())
    record = store.get_plan("pl-async", cm, always)
    assert record is not None
    assert record.plan["items"][0]["need"] == "housing_repair"


def test_json_text_is_stored_as_it_is_and_read_back_as_json(store: Store, cm: Actor) -> None:
    text = json.dumps(new_plan("pl-text").plan, ensure_ascii=False)
    store.save_plan(new_plan("pl-text", plan=text), cm)
    record = store.get_plan("pl-text", cm, always)
    assert record is not None
    assert record.plan == json.loads(text)


@pytest.mark.parametrize("text", ["[1, 2]", "not json", '{"a": "\\u0000"}'])
def test_json_text_that_is_no_object_or_holds_nul_is_refused(store: Store, cm: Actor, text: str) -> None:
    with pytest.raises(InvalidRecord, match="plan"):
        store.save_plan(new_plan("pl-bad", plan=text), cm)
    assert store.count_plans() == 0


def test_closing_writes_what_is_queued(db_url: str, cm: Actor) -> None:
    with Store.open(db_url) as store:
        actor = store.tokens.actor_for_token(store.tokens.create_token("cm", "plk-cm-unit"))
        assert actor is not None
        with held_first_write(store) as (release, holding):
            first = start_first_and_hold(store, actor, holding)
            waiting, threads = save_in_threads(store, actor, ["pl-2", "pl-3"])
            wait_for(lambda: store._plan_writer._queue.qsize() == 2, "2 plans queued")
            closer = threading.Thread(target=store._plan_writer.close)
            closer.start()
            release.set()
            closer.join()
            first.join()
            for thread in threads:
                thread.join()
        assert waiting == {"pl-2": None, "pl-3": None}
        assert store.count_plans() == 3


def test_plans_saved_by_coroutines_in_one_loop_turn_are_handed_over_and_written_together(
    store: Store, cm: Actor
) -> None:
    async def save_all() -> None:
        await asyncio.gather(*(store.save_plan_async(new_plan(f"pl-co-{n}"), cm) for n in range(12)))

    with counted_commits(store) as commits:
        asyncio.run(save_all())
    assert store.count_plans() == 12
    assert len(commits) == 1, "12 plans saved in one turn of the event loop must share one transaction"


def test_a_bad_plan_among_coroutines_fails_only_its_own_request(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan("pl-co-dup"), cm)

    async def save_all() -> list[str | BaseException | None]:
        plan_ids = ["pl-co-a", "pl-co-dup", "pl-co-b"]
        return await asyncio.gather(*(store.save_plan_async(new_plan(p), cm) for p in plan_ids), return_exceptions=True)

    results = asyncio.run(save_all())
    assert not isinstance(results[0], BaseException)
    assert not isinstance(results[2], BaseException)
    assert isinstance(results[1], DuplicatePlan)
    assert store.count_plans() == 3


def test_a_coroutine_whose_store_closes_before_hand_over_gets_an_error_not_a_hang(db_url: str, cm: Actor) -> None:
    store = Store.open(db_url)
    actor = store.tokens.actor_for_token(store.tokens.create_token("cm", "plk-cm-unit"))
    assert actor is not None

    async def save_then_close() -> None:
        saving = asyncio.ensure_future(store.save_plan_async(new_plan("pl-late"), actor))
        await asyncio.sleep(0)  # the plan is gathered; the hand-over runs at the end of this turn
        store._plan_writer.close()
        await asyncio.wait_for(saving, timeout=10)

    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(save_then_close())
    store.close()


def stored_rows(store: Store, plan_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows about ``plan_id`` as the database holds them, the id itself written as ID (and the plan it follows
    left out: that is the case's history, not the plan's values)."""
    queries = {
        "plans": select(*(c for c in plans.c if c.name != "previous_plan_id")).where(plans.c.plan_id == plan_id),
        "plan_organizations": select(plan_organizations)
        .where(plan_organizations.c.plan_id == plan_id)
        .order_by(plan_organizations.c.organization_id),
        "audit_log": select(*(c for c in audit_log.c if c.name != "id")).where(audit_log.c.plan_id == plan_id),
    }
    with store._engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        out = {}
        for name, query in queries.items():
            compiled = query.compile(dialect=connection.dialect)
            cursor = raw.cursor()
            cursor.execute(compiled.string, tuple(compiled.params[k] for k in compiled.positiontup or []))
            out[name] = [tuple("ID" if v == plan_id else v for v in row) for row in cursor.fetchall()]
        return out


def test_the_writer_stores_each_value_as_sqlalchemy_stores_it(
    store: Store, cm: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the group writer hands the rows to the driver itself: what lands in the tables must be what
    SQLAlchemy's own INSERT of the same rows writes (the datetimes' UTC text, the JSON text, every column)."""
    if store._engine.dialect.name != "sqlite":
        pytest.skip("the writer's own INSERT is used on SQLite only")
    monkeypatch.setattr(auditrows, "_now", lambda: datetime(2026, 11, 22, 2, 0, 0, 123456, tzinfo=UTC))
    plan = new_plan("pl-sa")
    with store._write() as connection:
        for table, rows in store._plan_rows(plan, cm):
            connection.execute(insert(table), rows)
    store.save_plan(dataclasses.replace(plan, plan_id="pl-writer"), cm)

    by_sqlalchemy, by_writer = stored_rows(store, "pl-sa"), stored_rows(store, "pl-writer")
    assert by_writer == by_sqlalchemy
    assert len(by_writer["plans"]) == len(by_writer["audit_log"]) == 1
    assert len(by_writer["plan_organizations"]) == 3
