"""The life of a referral, as a pure state machine: statuses, actions, who may do which action in which status,
and who holds the referral (the organization that must act now).

```
sent ──acknowledge──▶ acknowledged ──accept──▶ accepted ──done──▶ done (helped | not_helped)
 │ ▲                      │                       │
 │ └─forward (next hop)   └──decline──▶ declined  └──cancel──▶ cancelled
 ├──decline──▶ declined
 └──cancel───▶ cancelled        (cancel also from acknowledged)
```

A referral travels along ``path`` (from the sender's organization to the receiving partner, along MOUs). While it
is ``sent``, the holder is the organization at ``position`` in the path: an organization in the middle (the
provincial core team relaying) ``forward``s it to the next hop; only the last one, the receiver, acknowledges it.
After a decline the sender holds it until a new referral replaces it (``replaced``). Nothing here reads a clock:
overdue is a fact of the data (``is_overdue``), computed from the deadline and the time asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, get_args

from safetynet.contract.referral import Action, DeclineReason, Outcome, Status
from safetynet.referrals.errors import InvalidTransition

STATUSES: tuple[Status, ...] = get_args(Status)
ACTIONS: tuple[Action, ...] = get_args(Action)
DECLINE_REASONS: tuple[DeclineReason, ...] = get_args(DeclineReason)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
#: Under way at its receiver, which holds it: acknowledged, then accepted.
WITH_RECEIVER: tuple[Status, ...] = ("acknowledged", "accepted")
#: A referral in one of these is still under way: at most one such referral per plan item.
ACTIVE: tuple[Status, ...] = ("sent", *WITH_RECEIVER)

Side = Literal["holder", "receiver", "sender"]
#: What the deadline says of a referral now (``deadline_state``).
DeadlineState = Literal["waiting", "met", "missed", "closed_unacknowledged"]
#: Each action: the statuses it starts from, the status it leads to, and who may do it.
#: ``holder``: the organization holding the referral; ``receiver``: the last organization of the path, once the
#: referral has reached it; ``sender``: the CM side (the organization that sent it, or a CM within its reach).
RULES: dict[Action, tuple[tuple[Status, ...], Status, Side]] = {
    "forward": (("sent",), "sent", "holder"),
    "acknowledge": (("sent",), "acknowledged", "receiver"),
    "accept": (("acknowledged",), "accepted", "receiver"),
    "decline": (("sent", "acknowledged"), "declined", "holder"),
    "done": (("accepted",), "done", "receiver"),
    "cancel": (("sent", "acknowledged", "accepted"), "cancelled", "sender"),
}


@dataclass(frozen=True)
class Caller:
    """Who asks, as far as the state machine cares: the organization, and whether it acts for the sender or as
    admin (who may do any action the status allows). Decided by ``referrals.reach``."""

    organization: str | None
    sender: bool = False
    admin: bool = False


@dataclass(frozen=True)
class Given:
    """What the caller sends with an action: a note, a decline's reason, done's outcome (and its reason when the
    child was not helped). ``Given.of`` reads any action's body (``NoteBody``, ``DeclineBody``, ``DoneBody``)."""

    note: str | None = None
    reason: str | None = None
    outcome: Outcome | None = None

    @classmethod
    def of(cls, body: object) -> Given:
        return cls(getattr(body, "note", None), getattr(body, "reason", None), getattr(body, "outcome", None))


NOTHING_GIVEN = Given()


@dataclass(frozen=True)
class Step:
    """One line of a referral's history."""

    action: Literal["send"] | Action  # the send that made it, then its actions
    status: Status
    at: datetime
    by_organization: str | None
    holder: str | None
    reason: str | None = None
    note: str | None = None
    outcome: Outcome | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "status": self.status,
            "at": self.at.isoformat(),
            "by_organization": self.by_organization,
            "holder": self.holder,
            "reason": self.reason,
            "note": self.note,
            "outcome": self.outcome,
        }


class AlongPath:
    """The two ends of a referral's ``path``, from the organization that sent it to the partner asked to help."""

    path: tuple[str, ...]

    @property
    def from_organization(self) -> str:
        return self.path[0]

    @property
    def to_organization(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class State(AlongPath):
    """What the lifecycle decides on. ``position`` is the index in ``path`` of the organization holding it while
    it is ``sent``; ``replaced``: a newer referral has taken over after a decline or a cancel."""

    status: Status
    path: tuple[str, ...]
    position: int
    replaced: bool = False
    acknowledged_at: datetime | None = None
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: Outcome | None = None
    reason: str | None = None

    @property
    def arrived(self) -> bool:
        """Has it reached its receiver (the last organization of the path)?"""
        return self.position >= len(self.path) - 1

    @property
    def holder(self) -> str | None:
        """The organization that must act now; None when nobody must."""
        if self.status == "sent":
            return self.path[self.position]
        if self.status in WITH_RECEIVER:
            return self.to_organization
        if self.status == "declined" and not self.replaced:
            return self.from_organization  # the CM chooses the next candidate
        return None


def first_state(path: Sequence[str]) -> State:
    """A referral just sent along ``path``: held by the first organization after the sender."""
    if not path:
        raise ValueError("a referral needs a path of at least one organization")
    return State(status="sent", path=tuple(path), position=min(1, len(path) - 1))


def _may(state: State, action: Action, caller: Caller) -> bool:
    starts, _, side = RULES[action]
    if state.status not in starts:
        return False
    if (action == "forward" and state.arrived) or (action == "acknowledge" and not state.arrived):
        return False  # only the receiver acknowledges; only an organization on the way forwards
    if caller.admin:
        return True
    if side == "sender":
        return caller.sender
    if side == "receiver":
        return caller.organization == state.to_organization == state.holder
    return caller.organization is not None and caller.organization == state.holder


def allowed_actions(state: State, caller: Caller) -> list[Action]:
    """The actions ``caller`` may take on a referral in ``state``, in the order of ``ACTIONS``."""
    return [action for action in ACTIONS if _may(state, action, caller)]


def possible_actions(state: State) -> list[Action]:
    """The actions the status allows to somebody (as if asked by admin)."""
    return allowed_actions(state, Caller(organization=None, admin=True))


def apply(
    state: State,
    action: Action,
    caller: Caller,
    at: datetime,
    given: Given = NOTHING_GIVEN,
) -> tuple[State, Step]:
    """The state after ``caller`` takes ``action`` at ``at``, and its line of history; InvalidTransition when the
    status or the caller does not allow it (naming the actions that are allowed, to the caller and to anyone)."""
    if not _may(state, action, caller):
        raise InvalidTransition(
            action, state.status, allowed=allowed_actions(state, caller), possible=possible_actions(state),
            holder=state.holder,
        )  # fmt: skip
    reason, outcome = given.reason, given.outcome if action == "done" else None
    if action == "decline" and reason not in DECLINE_REASONS:
        raise ValueError(f"decline needs a reason: one of {', '.join(DECLINE_REASONS)}")
    if action == "done" and outcome not in OUTCOMES:
        raise ValueError(f"done needs an outcome: one of {', '.join(OUTCOMES)}")
    if action == "done" and outcome == "not_helped" and not reason:
        raise ValueError("done with outcome not_helped needs a reason")
    _, status, _ = RULES[action]
    if action == "forward":
        after = replace(state, status=status, position=state.position + 1)
    elif action == "acknowledge":
        after = replace(state, status=status, acknowledged_at=at)
    elif action == "accept":
        after = replace(state, status=status, accepted_at=at)
    else:
        after = replace(state, status=status, closed_at=at, reason=reason, outcome=outcome)
    step = Step(
        action=action, status=status, at=at, by_organization=caller.organization, holder=after.holder,
        reason=reason, note=given.note, outcome=outcome,
    )  # fmt: skip
    return after, step


def is_overdue(status: str, refer_by: datetime, now: datetime) -> bool:
    """Not acknowledged by its deadline: still ``sent`` (waiting at the receiver or on the way) after ``refer_by``."""
    return status == "sent" and refer_by < now


def in_time(acknowledged_at: datetime | None, refer_by: datetime) -> bool:
    """Acknowledged by the receiver no later than the deadline (the 24-hour promise, for an urgent need)."""
    return acknowledged_at is not None and acknowledged_at <= refer_by


def deadline_state(
    status: str, refer_by: datetime, acknowledged_at: datetime | None, closed_at: datetime | None
) -> DeadlineState:
    """The deadline is for acknowledgement: ``waiting`` while still ``sent`` (overdue once past it: ``is_overdue``);
    once acknowledged, ``met`` or ``missed`` (``in_time``); closed without an acknowledgement after the deadline,
    ``missed``; closed without one before it (cancelled, declined at once), ``closed_unacknowledged``: it no longer
    applied."""
    if status == "sent":
        return "waiting"
    if acknowledged_at is not None:
        return "met" if in_time(acknowledged_at, refer_by) else "missed"
    return "closed_unacknowledged" if closed_at is not None and closed_at <= refer_by else "missed"
