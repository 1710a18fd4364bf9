"""From a stored referral and a caller's action to the change the store writes (``Transition``, the store's
``Decider``), and the referral's state as the lifecycle sees it (``state_of``). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from safetynet.auth import Actor
from safetynet.contract.referral import Action, Outcome, Status
from safetynet.referrals.errors import InvalidTransition
from safetynet.referrals.lifecycle import (
    NOTHING_GIVEN,
    Given,
    State,
    allowed_actions,
    apply,
    possible_actions,
)
from safetynet.referrals.reach import Directory, caller
from safetynet.referrals.records import CHANGED, ReferralChange, ReferralRecord

EVENT_OF: dict[Action, str] = {
    "forward": "referral.forwarded",
    "acknowledge": "referral.acknowledged",
    "accept": "referral.accepted",
    "decline": "referral.declined",
    "done": "referral.done",
    "cancel": "referral.cancelled",
}


def state_of(record: ReferralRecord) -> State:
    return State(
        status=cast(Status, record.status),
        path=record.path,
        position=record.position,
        replaced=record.replaced_by is not None,
        acknowledged_at=record.acknowledged_at,
        accepted_at=record.accepted_at,
        closed_at=record.closed_at,
        outcome=cast("Outcome | None", record.outcome),  # quoted: no Union built on every call
        reason=record.reason,
    )


@dataclass(frozen=True)
class Transition:
    """``actor`` takes ``action`` at ``at``; who it is to the referral (holder, sender, admin) is decided on the
    referral as read in the transaction (``reach.caller``)."""

    action: Action
    actor: Actor
    directory: Directory
    at: datetime
    given: Given = NOTHING_GIVEN

    def decide(self, record: ReferralRecord) -> ReferralChange:
        who = caller(self.actor, record, self.directory)
        after, step = apply(state_of(record), self.action, who, self.at, self.given)
        return ReferralChange(
            **{column: getattr(after, column) for column in CHANGED},
            action=self.action,
            step=step.as_dict(),
            reaches=after.holder if self.action == "forward" else None,
            event_type=EVENT_OF[self.action],
        )

    def refused(self, record: ReferralRecord) -> InvalidTransition:
        state = state_of(record)
        who = caller(self.actor, record, self.directory)
        return InvalidTransition(
            self.action, state.status, allowed=allowed_actions(state, who), possible=possible_actions(state),
            holder=state.holder, changed=True,
        )  # fmt: skip
