"""Many threads at once (the API serves 32 clients concurrently): every write lands, none fails with a lock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from safetynet.auth import Actor
from safetynet.store import Store
from tests.store.samples import always, new_plan

THREADS = 16
PER_THREAD = 10


def _hammer(store: Store, actor: Actor, raw: str, worker: int, barrier: threading.Barrier) -> int:
    """Save plans, read back the previous one, look the token up: the API's mix of calls."""
    barrier.wait()
    for n in range(PER_THREAD):
        plan_id = f"pl-{worker:02d}-{n:02d}"
        store.save_plan(new_plan(plan_id), actor)
        if n:
            assert store.get_plan(f"pl-{worker:02d}-{n - 1:02d}", actor, always) is not None
        assert store.tokens.actor_for_token(raw) == actor
    return worker


def _run(stores: list[Store], actor: Actor, raw: str) -> None:
    barrier = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(_hammer, stores[w % len(stores)], actor, raw, w, barrier) for w in range(THREADS)]
        assert sorted(f.result(timeout=120) for f in futures) == list(range(THREADS))


def test_sixteen_threads_saving_and_reading_at_once_all_succeed(store: Store) -> None:
    raw = store.tokens.create_token("cm", "plk-cm-unit")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    _run([store], actor, raw)
    assert store.count_plans() == THREADS * PER_THREAD
    actions = [e.action for e in store.audit_for("pl-07-03")]
    assert actions == ["plan.create", "plan.read"]


def test_two_services_on_one_sqlite_file_wait_for_each_other_instead_of_failing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Store.open(url) as first, Store.open(url) as second:
        raw = first.tokens.create_token("cm", "plk-cm-unit")
        actor = second.tokens.actor_for_token(raw)
        assert actor is not None
        _run([first, second], actor, raw)
        assert second.count_plans() == THREADS * PER_THREAD


def test_stores_opened_at_once_on_a_fresh_database_migrate_it_once(db_url: str) -> None:
    barrier = threading.Barrier(4)

    def open_store(_: int) -> Store:
        barrier.wait()
        return Store.open(db_url)

    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(open_store, range(4), timeout=120))
    try:
        stores[0].tokens.create_token("admin", None)
        assert all(s.tokens.has_token("admin") for s in stores)
    finally:
        for s in stores:
            s.close()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("synchronous", 2), ("foreign_keys", 1), ("busy_timeout", 30_000)],
)
def test_every_pooled_sqlite_connection_has_the_pragmas(tmp_path: Path, pragma: str, expected: object) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'pragmas.db'}") as store:
        connections = [store._engine.connect() for _ in range(6)]
        try:
            assert [c.execute(text(f"PRAGMA {pragma}")).scalar() for c in connections] == [expected] * 6
        finally:
            for c in connections:
                c.close()
