"""Sending and acting on referrals straight through the store (no HTTP), for the storage tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from safetynet.auth import Actor
from safetynet.contract.referral import Action
from safetynet.referrals.lifecycle import Given
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.sending import NewReferral, new_referral, plan_item
from safetynet.referrals.transitions import Transition
from safetynet.store import PlanRecord, Store
from tests.referrals.samples import DIRECTORY, NOW
from tests.store.samples import always


def send(
    store: Store, actor: Actor, plan_id: str = "pln_1", need: str = "housing_repair", now: datetime = NOW
) -> ReferralRecord:
    def make(plan: PlanRecord, earlier: Sequence[ReferralRecord]) -> NewReferral:
        return new_referral(
            plan_id=plan.plan_id, case_ref=plan.case_ref, requested_by=plan.requested_by,
            item=plan_item(plan.plan["items"], need), case=plan.case, location=plan.plan.get("location", {}),
            province=plan.province, organization_id=None,
            earlier=earlier, sent_by=actor.organization_id, core_team="plk-core-team", now=now,
        )  # fmt: skip

    record = store.referrals.send(plan_id, need, actor, now, readable=always, make=make)
    assert record is not None
    return record


def act(
    store: Store, actor: Actor, referral_id: str, action: Action, now: datetime = NOW, **body: Any
) -> ReferralRecord:
    transition = Transition(action=action, actor=actor, directory=DIRECTORY, at=now, given=Given(**body))
    record = store.referrals.act(referral_id, actor, now, readable=always, decider=transition)
    assert record is not None
    return record
