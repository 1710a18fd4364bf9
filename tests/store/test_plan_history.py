"""A case's plans form one line (each follows the one before), even when plans of the case are saved at once by
several processes, in one group commit or in several."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

from safetynet.auth import Actor
from safetynet.store import Store
from tests.referrals.samples import NOW, stored_plan
from tests.store.samples import previous_plan_of


def history(store: Store, plan_ids: list[str]) -> list[str]:
    """The plans in the order their links give, from the first; fails unless they form one line."""
    follows = {p: previous_plan_of(store, p) for p in plan_ids}
    firsts = [p for p, previous in follows.items() if previous is None]
    assert len(firsts) == 1, f"{len(firsts)} first plans: {firsts}"
    successor = {previous: p for p, previous in follows.items() if previous is not None}
    assert len(successor) == len(plan_ids) - 1, "two plans follow the same one"
    line = [firsts[0]]
    while line[-1] in successor:
        line.append(successor[line[-1]])
    assert sorted(line) == sorted(plan_ids)
    return line


def test_each_plan_follows_the_latest_of_its_case_by_the_same_organization(store: Store, cm: Actor) -> None:
    assert store.save_plan(stored_plan("pln_h1", "PLK-H"), cm) is None
    assert store.save_plan(stored_plan("pln_h2", "PLK-H", NOW + timedelta(minutes=1)), cm) == "pln_h1"
    assert store.save_plan(stored_plan("pln_other", "PLK-OTHER"), cm) is None
    assert store.save_plan(stored_plan("pln_h3", "PLK-H", NOW + timedelta(minutes=2)), cm) == "pln_h2"


def test_plans_of_one_case_in_one_group_commit_follow_each_other(store: Store, cm: Actor) -> None:
    async def save_all() -> list[str | None]:
        return await asyncio.gather(*(store.save_plan_async(stored_plan(f"pln_g{n}", "PLK-G"), cm) for n in range(6)))

    previous = asyncio.run(save_all())
    assert previous == [None, "pln_g0", "pln_g1", "pln_g2", "pln_g3", "pln_g4"]


def test_plans_of_one_case_saved_at_once_by_two_processes_form_one_line(db_url: str, store: Store, cm: Actor) -> None:
    made = [f"pln_c{n:02d}" for n in range(24)]
    with Store.open(db_url) as other:
        stores = [store, other]
        barrier = threading.Barrier(len(made))
        errors: list[BaseException] = []

        def save(n: int) -> None:
            barrier.wait()
            try:
                stores[n % 2].save_plan(stored_plan(made[n], "PLK-C"), cm)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=save, args=(n,)) for n in range(len(made))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(history(store, made)) == len(made)
