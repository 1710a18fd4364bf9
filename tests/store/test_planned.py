"""The funnel's first step: how many plans of a province have an item for each need, counted by the database over
the plans' JSON, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from safetynet.auth import Actor
from safetynet.store import Store
from tests.referrals.samples import NOW, PLAN, stored_plan


def test_plans_are_counted_per_need_of_their_items(store: Store, cm: Actor) -> None:
    for n in range(3):
        store.save_plan(stored_plan(f"pln_{n}", f"PLK-{n}", NOW + timedelta(hours=n)), cm)
    needs = [item.need for item in PLAN.items]
    assert store.referrals.planned(province="TH-65", since=None, until=None) == dict.fromkeys(needs, 3)
    assert store.referrals.planned(province="TH-52", since=None, until=None) == {}
    later = store.referrals.planned(province="TH-65", since=NOW + timedelta(minutes=30), until=None)
    assert later == dict.fromkeys(needs, 2)
