"""The values of referrals that the store keeps and gives back: a stored referral (what it was sent with, where
its life stands), the change a transition makes, the counts behind the statistics. Plain dataclasses (no
SQLAlchemy): the store writes them, ``referrals`` decides on them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SentReferral:
    """What a referral is given when it is sent, and keeps: the plan item it sends, the path, the child's facts,
    the candidates tried so far. A new referral (``sending.NewReferral``) and a stored one share these."""

    referral_id: str
    plan_id: str
    case_ref: str
    need: str
    service: str
    urgent: bool
    province: str
    refer_by: datetime
    created_at: datetime
    sent_by: str | None
    path: tuple[str, ...]
    mous: tuple[dict[str, Any], ...]  # the MOU behind each hop of the path (none for a referral to the core team)
    child: dict[str, Any]
    candidates: tuple[str, ...]
    tried: tuple[str, ...]
    replaces: str | None
    escalate_to: str | None


def reached(path: tuple[str, ...], position: int, sent_by: str | None) -> tuple[str, ...]:
    """Every organization whose lists hold a referral (the store keeps a row of each), in order, each once: those on
    its path so far, then the organization that sent it when it is not one of them (a CM sending for another
    organization's plan; None for an admin). For lists only: acting goes by the holder, reading by
    ``reach.can_read``."""
    on_path = path[: position + 1]
    return on_path if sent_by is None or sent_by in on_path else (*on_path, sent_by)


@dataclass(frozen=True)
class Standing:
    """Where a referral's life stands: what each transition sets (``ReferralChange``), besides the line of history
    it appends and the version."""

    status: str
    position: int
    holder: str | None
    acknowledged_at: datetime | None
    accepted_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    reason: str | None


#: The columns a transition sets.
CHANGED = tuple(f.name for f in fields(Standing))


@dataclass(frozen=True)
class ReferralRecord(SentReferral, Standing):
    """A stored referral: what it was sent with, and where its life stands."""

    from_organization: str
    to_organization: str
    version: int
    replaced_by: str | None
    escalated_at: datetime | None
    history: tuple[dict[str, Any], ...]

    @property
    def parties(self) -> frozenset[str]:
        """The organizations on its path so far: the first (where it starts), and each holder along it."""
        return frozenset(self.path[: self.position + 1])

    @property
    def reached(self) -> tuple[str, ...]:
        """Every organization whose lists hold it (``reached``)."""
        return reached(self.path, self.position, self.sent_by)


@dataclass(frozen=True)
class ReferralChange(Standing):
    """What a transition writes: where the referral's life then stands, the line of history to append, the
    organization it newly reaches (a forward), and the event's type (``referral.acknowledged``, ...)."""

    action: str
    step: dict[str, Any]
    reaches: str | None
    event_type: str

    def applied_to(self, record: ReferralRecord) -> ReferralRecord:
        """``record`` as this change leaves it: the ``CHANGED`` columns set, the step appended, the next version."""
        return replace(
            record,
            **{column: getattr(self, column) for column in CHANGED},
            history=(*record.history, self.step),
            version=record.version + 1,
        )


@dataclass
class Counts:
    """The referral figures of one group (all, one need, one organization)."""

    sent: int = 0
    acknowledged: int = 0
    acknowledged_in_time: int = 0
    accepted: int = 0
    declined: dict[str, int] = field(default_factory=dict)
    done_helped: int = 0
    done_not_helped: int = 0
    overdue_now: int = 0
    hours_to_acknowledge: list[float] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.sent += other.sent
        self.acknowledged += other.acknowledged
        self.acknowledged_in_time += other.acknowledged_in_time
        self.accepted += other.accepted
        for reason, n in other.declined.items():
            self.declined[reason] = self.declined.get(reason, 0) + n
        self.done_helped += other.done_helped
        self.done_not_helped += other.done_not_helped
        self.overdue_now += other.overdue_now
        self.hours_to_acknowledge.extend(other.hours_to_acknowledge)


@dataclass(frozen=True)
class StatsRows:
    """The figures as the store counted them: plans, and the referral counts per (need, receiving organization),
    each with the hours its acknowledged referrals took (``Counts.hours_to_acknowledge``)."""

    plans: int
    groups: dict[tuple[str, str], Counts]
