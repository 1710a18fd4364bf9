"""Who a referral has reached, in the store, on SQLite and PostgreSQL: the organization that sent it has its row
from the start (its lists and its feed hold the referral), and a forward to that organization further on the path
adds none twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from safetynet.auth import Actor
from safetynet.contract.plan import Plan
from safetynet.referrals.reach import Scope
from safetynet.store import NewPlan, Store
from safetynet.store.referral_records import ReferralFilters
from tests.referrals.samples import NOW, PLAN, candidate, stored_plan
from tests.store.referral_steps import act, send

#: A path whose last organization is a CM organization of the province, reached through the core team.
RELAYED = ["plk-cm-unit", "plk-core-team", "plk-education-office"]


def listed(store: Store, organization: str) -> list[str]:
    page = store.referrals.page(Scope("party", organization), ReferralFilters(), NOW, after=None, limit=10, actor=None)
    return [r.referral_id for r in page.items]


def followed(store: Store, organization: str) -> list[tuple[str, str]]:
    return [(e.referral_id, e.type) for e in store.referrals.events(Scope("party", organization), None, 100).items]


def relayed_plan() -> NewPlan:
    """``PLAN`` whose housing repair goes along ``RELAYED``."""
    data: dict[str, Any] = PLAN.model_dump(mode="json")
    data["items"][0]["candidates"] = [candidate(RELAYED[-1], RELAYED)]
    plan = Plan.model_validate(data)
    return replace(stored_plan(), plan=plan.model_dump_json(), organizations=plan.named_organizations())


def test_the_sender_lists_and_follows_a_referral_of_another_organizations_plan_from_the_start(
    store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    store.save_plan(stored_plan(), cm)
    other = make_actor("cm", "plk-education-office")
    sent = send(store, other)
    assert (sent.sent_by, sent.from_organization) == ("plk-education-office", "plk-cm-unit")
    assert listed(store, "plk-education-office") == listed(store, "plk-cm-unit") == [sent.referral_id]
    assert followed(store, "plk-education-office") == [(sent.referral_id, "referral.sent")]
    assert listed(store, "plk-sdhso-office") == []


def test_a_forward_to_the_organization_that_sent_it_further_on_the_path_is_recorded_once(
    store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    store.save_plan(relayed_plan(), cm)
    sender = make_actor("cm", RELAYED[-1])
    sent = send(store, sender)
    assert (sent.path, sent.position, sent.reached) == (tuple(RELAYED), 1, tuple(RELAYED))
    forwarded = act(store, make_actor("agency", "plk-core-team"), sent.referral_id, "forward")
    assert (forwarded.holder, forwarded.reached) == (RELAYED[-1], tuple(RELAYED))
    for organization in RELAYED:
        assert listed(store, organization) == [sent.referral_id], organization
    rid = sent.referral_id
    assert followed(store, RELAYED[-1]) == [(rid, "referral.sent"), (rid, "referral.forwarded")]
