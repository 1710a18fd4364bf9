"""The writes of referrals, as *work* of the store's group writer (``groupwrite.py``): send, act (compare-and-set),
escalate. Each runs in a savepoint of the group's transaction and hands back its audit rows and events
(``Written``), which the group inserts once every work has run, one statement per table.

The decisions are not made here: the caller passes pure functions (``safetynet.referrals``) that a work calls
with what it has just read in the transaction, so that a decision and its write see the same row. A transition
updates the row only where ``version`` is still the one it read: of two users acting at once, on SQLite or
PostgreSQL, in one process or several, one wins and the other is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, and_, insert, select, update

from safetynet.auth import Actor
from safetynet.referrals.errors import InvalidTransition
from safetynet.referrals.records import CHANGED, ReferralChange, ReferralRecord, reached
from safetynet.referrals.sending import NewReferral
from safetynet.store import events, plainsql, referralsql, storedrows, tables
from safetynet.store.groupjobs import Work, Written
from safetynet.store.records import PlanRecord
from safetynet.store.referralsql import audit, audited, event
from safetynet.store.tables import audit_log, referrals

#: Whether the caller may read the plan a referral is sent for / the referral it acts on (read in the transaction).
ReadablePlan = Callable[[PlanRecord], bool]
ReadableReferral = Callable[[ReferralRecord], bool]
#: The referral to send, made from the plan and the item's earlier referrals (or an error raised).
MakeReferral = Callable[[PlanRecord, Sequence[ReferralRecord]], NewReferral]
LoadPlan = Callable[[Connection, str], PlanRecord | None]


class Decider(Protocol):
    """How a transition is decided: ``decide`` the change (or raise InvalidTransition), ``refused`` the 409 to
    give when another action was recorded first (the state has changed since it was read)."""

    def decide(self, record: ReferralRecord) -> ReferralChange: ...
    def refused(self, record: ReferralRecord) -> InvalidTransition: ...


class Lost(Exception):
    """The compare-and-set found another version: somebody else's action was committed first."""


def load(connection: Connection, referral_id: str) -> ReferralRecord | None:
    found = storedrows.fetch_records(connection, referralsql.LOAD, {"b_referral_id": referral_id})
    return found[0] if found else None


def of_item(connection: Connection, plan_id: str, need: str) -> list[ReferralRecord]:
    """The referrals of a plan item, oldest first."""
    return storedrows.fetch_records(connection, referralsql.OF_ITEM, {"b_plan_id": plan_id, "b_need": need})


def send_work(  # noqa: PLR0917 - what a send is made of
    plan_id: str, need: str, actor: Actor, readable: ReadablePlan, make: MakeReferral, load_plan: LoadPlan
) -> Work:
    """The work of sending ``plan_id``'s item for ``need``: the referral, the organizations it reaches (``reached``:
    its sender's too), the earlier referral it replaces marked so; its audit row and its ``referral.sent`` event
    handed back. None when the plan is unknown or out of reach (audited as a read)."""

    def work(connection: Connection) -> Written:
        plan = load_plan(connection, plan_id) if valid_id(plan_id) else None
        if plan is None or not readable(plan):
            action = "plan.read_unknown" if plan is None else "plan.read_denied"
            return Written(None, audited(audit(actor, action, shown_id(plan_id), None)))
        new = make(plan, of_item(connection, plan_id, need))
        if new.replaces is not None:
            values = {"replaced_by": new.referral_id, "holder": None, "b_referral_id": new.replaces}
            if plainsql.execute(connection, referralsql.REPLACE, values) != 1:
                raise Lost
        row = referralsql.row_of(new)
        plainsql.execute(connection, referralsql.INSERT, row)
        plainsql.execute(
            connection,
            referralsql.INSERT_PARTY,
            [
                {"referral_id": new.referral_id, "organization_id": org, "refer_by": new.refer_by, "status": "sent"}
                for org in reached(new.path, new.position, new.sent_by)
            ],
        )
        return Written(
            referralsql.sent_record(row),
            [
                *audited(audit(actor, "referral.send", plan_id, new.referral_id)),
                (tables.events, [event(new, "referral.sent", "sent", new.created_at, new.holder)]),
            ],
        )

    return work


def act_work(referral_id: str, actor: Actor, now: datetime, readable: ReadableReferral, decider: Decider) -> Work:
    """The work of ``decider``'s transition of the referral: its result is the record after it, None when the
    referral is unknown or out of reach (audited as a read), or the refusal (audited) to raise."""

    def work(connection: Connection) -> Written:
        record = load(connection, referral_id) if valid_id(referral_id) else None
        if record is None or not readable(record):
            action = "referral.read_unknown" if record is None else "referral.read_denied"
            plan = record.plan_id if record else None
            return Written(None, audited(audit(actor, action, plan, shown_id(referral_id))))
        try:
            change = decider.decide(record)
        except InvalidTransition as exc:  # raised once its audit row is committed
            return Written(exc, audited(audit(actor, "referral.refused", record.plan_id, referral_id)))
        return apply(connection, record, change, actor, now)

    return work


def apply(
    connection: Connection, record: ReferralRecord, change: ReferralChange, actor: Actor, now: datetime
) -> Written:
    """Write ``change`` (compare-and-set on the version read); the record after, with its audit row and event."""
    after = change.applied_to(record)
    values: dict[str, Any] = {column: getattr(after, column) for column in (*CHANGED, "history", "version")}
    values |= {"b_referral_id": record.referral_id, "b_version": record.version}
    if plainsql.execute(connection, referralsql.SET_IF_VERSION, values) != 1:
        raise Lost
    if change.status != record.status:
        values = {"status": change.status, "b_referral_id": record.referral_id}
        plainsql.execute(connection, referralsql.SET_PARTIES, values)
    if change.reaches is not None and change.reaches not in record.reached:  # its sender may be further on the path
        plainsql.execute(
            connection,
            referralsql.INSERT_PARTY,
            {
                "referral_id": record.referral_id,
                "organization_id": change.reaches,
                "refer_by": record.refer_by,
                "status": change.status,
            },
        )
    return Written(
        after,
        [
            *audited(audit(actor, f"referral.{change.action}", record.plan_id, record.referral_id)),
            (tables.events, [event(record, change.event_type, change.status, now, change.holder)]),
        ],
    )


def write_events(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """The events a group's works handed back: numbered and inserted as its last statements (``events.append``,
    looked up at each call)."""
    events.append(connection, rows)


def overdue(now: datetime) -> Any:
    """The referrals overdue at ``now`` whose escalation is not recorded yet."""
    return and_(referrals.c.status == "sent", referrals.c.escalated_at.is_(None), referrals.c.refer_by < now)


def escalate(connection: Connection, now: datetime, most: int) -> int:
    """Record the escalation of the oldest ``most`` referrals overdue at ``now``: its ``escalated_at``, an audit row
    and a ``referral.escalated`` event each. Rows another transaction holds are skipped (PostgreSQL ``SKIP
    LOCKED``), so that two calls at once neither wait for nor deadlock each other."""
    due = overdue(now)
    chosen = (
        select(referrals.c.referral_id)
        .where(due)
        .order_by(referrals.c.refer_by, referrals.c.referral_id)
        .limit(most)
        .with_for_update(skip_locked=True)
    )
    ids = list(connection.execute(chosen).scalars())
    if not ids:
        return 0
    c = referrals.c
    rows = list(
        connection.execute(
            update(referrals)
            .where(c.referral_id.in_(ids), due)
            .values(escalated_at=now)
            .returning(c.referral_id, c.plan_id, c.province, c.from_organization, c.holder, c.refer_by)
        )
    )
    rows.sort(key=lambda r: (r.refer_by, r.referral_id))
    if rows:
        connection.execute(
            insert(audit_log), [audit(None, "referral.escalate", r.plan_id, r.referral_id) for r in rows]
        )
        events.append(connection, [event(r, "referral.escalated", "sent", now, r.holder) for r in rows])
    return len(rows)


_ID_MAX = 64


def valid_id(value: str) -> bool:
    return 0 < len(value) <= _ID_MAX and value.isprintable()


def shown_id(value: str) -> str:
    """``value`` as it can be written to the audit log, even when it is no valid id."""
    return value if valid_id(value) else (value.encode("unicode_escape").decode("ascii")[:_ID_MAX] or "''")
