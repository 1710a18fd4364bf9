"""The funnel (planned → referred → acknowledged in time → accepted → helped), counted by the database on SQLite
and PostgreSQL: plans per need of their items, then each plan item once at each step any of its referrals reached,
however many partners it was sent to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from safetynet.auth import Actor
from safetynet.store import Store
from tests.referrals.samples import NOW, PLAN, stored_plan
from tests.store.referral_steps import act, send


def _planned(store: Store, **period: object) -> dict[str, int]:
    found = store.referrals.funnel(**{"since": None, "until": None, **period})  # type: ignore[arg-type]
    return {need: steps["planned"] for need, steps in found.items()}


def test_plans_are_counted_per_need_of_their_items(store: Store, cm: Actor) -> None:
    for n in range(3):
        store.save_plan(stored_plan(f"pln_{n}", f"PLK-{n}", NOW + timedelta(hours=n)), cm)
    needs = [item.need for item in PLAN.items]
    assert _planned(store, province="TH-65") == dict.fromkeys(needs, 3)
    assert _planned(store, province="TH-52") == {}
    assert _planned(store, province="TH-65", since=NOW + timedelta(minutes=30)) == dict.fromkeys(needs, 2)


def test_an_item_sent_again_after_a_decline_counts_once_at_each_step(
    store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    city, sdhso = make_actor("agency", "plk-city-municipality"), make_actor("agency", "plk-sdhso-office")
    store.save_plan(stored_plan("pln_1", "PLK-1", NOW), cm)
    store.save_plan(stored_plan("pln_2", "PLK-2", NOW), cm)
    first = send(store, cm)
    act(store, city, first.referral_id, "acknowledge", NOW + timedelta(hours=1))
    act(store, city, first.referral_id, "decline", NOW + timedelta(hours=2), reason="no_capacity")
    second = send(store, cm, now=NOW + timedelta(hours=3))
    assert second.to_organization == "plk-sdhso-office"
    for action in ("acknowledge", "accept"):
        act(store, sdhso, second.referral_id, action, NOW + timedelta(hours=4))
    act(store, sdhso, second.referral_id, "done", NOW + timedelta(days=3), outcome="helped")
    send(store, cm, plan_id="pln_2")  # another child's item: sent, nothing more yet
    steps = store.referrals.funnel(province="TH-65", since=None, until=None)["housing_repair"]
    assert steps == {"planned": 2, "referred": 2, "in_time": 1, "accepted": 1, "helped": 1}
    assert steps["referred"] <= steps["planned"], "three referrals, two plan items"
