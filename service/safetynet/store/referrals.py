"""Referrals in the database: send, read, act (compare-and-set), list, escalate; each with its audit rows, and each
change with its event (``events.py``), in one transaction.

The decisions are not made here: the caller passes pure functions (``safetynet.referrals``) that the store calls
inside the transaction with what it has just read, so that a decision and its write see the same row. A
transition updates the row only where ``version`` is still the one it read (compare-and-set): of two users acting
at once, on SQLite or PostgreSQL, in one process or several, one wins and the other is refused.

Sends and transitions are *work* of the store's group writer (``groupwrite.py``): each runs in a savepoint of the
transaction that the writer commits for everything waiting, so that a transition costs no commit of its own
(measured on SQLite under 32 clients: a commit per transition held the write lock for most of each request).
Reads are made on a connection of their own and answered once their audit rows are committed (by the writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Row, and_, exists, func, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from safetynet.auth import Actor
from safetynet.errors import SafetynetError
from safetynet.referrals.errors import InvalidTransition, ReferralExists
from safetynet.referrals.lifecycle import ACTIVE
from safetynet.referrals.reach import Scope
from safetynet.referrals.records import CHANGED, ReferralChange, ReferralRecord, SentReferral, StatsRows
from safetynet.referrals.sending import NewReferral
from safetynet.store import cursor, events
from safetynet.store.groupwrite import GroupWriter, Work
from safetynet.store.records import PlanRecord
from safetynet.store.referral_records import EventRecord, Page, ReferralFilters
from safetynet.store.referralstats import planned_by_need, stats_rows
from safetynet.store.tables import audit_log, referral_organizations, referrals

ESCALATE_AT_ONCE = 500

#: Whether the caller may read the plan a referral is sent for / the referral it acts on (read in the transaction).
ReadablePlan = Callable[[PlanRecord], bool]
ReadableReferral = Callable[[ReferralRecord], bool]
#: The referral to send, made from the plan and the item's earlier referrals (or an error raised).
MakeReferral = Callable[[PlanRecord, Sequence[ReferralRecord]], NewReferral]


class Decider(Protocol):
    """How a transition is decided: ``decide`` the change (or raise InvalidTransition), ``refused`` the 409 to
    give when another action was recorded first (the state has changed since it was read)."""

    def decide(self, record: ReferralRecord) -> ReferralChange: ...
    def refused(self, record: ReferralRecord) -> InvalidTransition: ...


class _Lost(Exception):
    """The compare-and-set found another version: somebody else's action was committed first."""


@dataclass(frozen=True)
class Sending:
    """What sending needs from the plan store: read a plan inside the transaction."""

    load_plan: Callable[[Connection, str], PlanRecord | None]


def _audit(actor: Actor | None, action: str, plan_id: str | None, referral_id: str | None) -> dict[str, Any]:
    """An audit row: when it really happened (the wall clock, not the service's clock), who, about what."""
    return {
        "at": datetime.now(UTC),
        "action": action,
        "token_id": actor.token_id if actor else None,
        "role": actor.role if actor else None,
        "organization_id": actor.organization_id if actor else None,
        "plan_id": plan_id,
        "referral_id": referral_id,
    }


def _event(
    record: ReferralRecord | NewReferral | Row[Any], kind: str, status: str, at: datetime, holder: str | None
) -> dict[str, Any]:
    """An ``events`` row about ``record`` (a referral, or a row of its ``referral_id``, ``province`` and
    ``from_organization``)."""
    return {
        "referral_id": record.referral_id,
        "type": kind,
        "status": status,
        "at": at,
        "province": record.province,
        "from_organization": record.from_organization,
        "holder": holder,
    }


_SEQUENCES = frozenset({"path", "mous", "candidates", "tried", "history"})  # JSON arrays, kept as tuples
_FIELDS = tuple(f.name for f in fields(ReferralRecord))


def record_of(values: Mapping[Any, Any]) -> ReferralRecord:
    """A ``referrals`` row (every column: ``row._mapping``) as a record."""
    found: dict[str, Any] = {name: tuple(values[name]) if name in _SEQUENCES else values[name] for name in _FIELDS}
    return ReferralRecord(**found | {"urgent": bool(values["urgent"])})


@contextmanager
def _instead(lost: type[Exception] | tuple[type[Exception], ...], error: Callable[[], Exception]) -> Iterator[None]:
    """Raise ``error()`` instead of ``lost``: the write lost to another one committed meanwhile."""
    try:
        yield
    except lost:
        raise error() from None


class ReferralStore:
    """The referrals of one ``Store`` (``store.referrals``); every method is one transaction."""

    def __init__(
        self,
        engine: Engine,
        writer: GroupWriter,
        read: Callable[[], AbstractContextManager[Connection]],
        sending: Sending,
    ) -> None:
        self._engine = engine
        self._writer = writer
        self._read = read
        self._sending = sending

    def _audited(self, rows: list[dict[str, Any]]) -> None:
        """Commit audit rows (with whatever else the writer has waiting); returns once they are."""
        if rows:
            self._writer.submit([(audit_log, rows)])

    # -- one referral --------------------------------------------------------------------------------------

    def _load(self, connection: Connection, referral_id: str) -> ReferralRecord | None:
        row = connection.execute(select(referrals).where(referrals.c.referral_id == referral_id)).one_or_none()
        return None if row is None else record_of(row._mapping)

    def count(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(referrals)).scalar_one())

    def get(
        self, referral_id: str, actor: Actor, allowed: Callable[[ReferralRecord], bool], now: datetime
    ) -> ReferralRecord | None:
        """The referral when it exists and ``allowed(record)``; else None. Audited: ``referral.read``,
        ``referral.read_denied`` or ``referral.read_unknown``."""
        with self._read() as connection:
            record = self._load(connection, referral_id) if _valid_id(referral_id) else None
        action = "referral.read_unknown"
        if record is not None:
            action = "referral.read" if allowed(record) else "referral.read_denied"
        self._audited([_audit(actor, action, record.plan_id if record else None, _shown_id(referral_id))])
        return record if action == "referral.read" else None

    def of_plan(self, plan_id: str) -> list[ReferralRecord]:
        """Every referral of the plan's items, oldest first (one query, for the plan page)."""
        with self._read() as connection:
            return _oldest_first(connection, referrals.c.plan_id == plan_id)

    def history_of_item(self, plan_id: str, need: str) -> list[ReferralRecord]:
        with self._read() as connection:
            return self._item(connection, plan_id, need)

    def _item(self, connection: Connection, plan_id: str, need: str) -> list[ReferralRecord]:
        return _oldest_first(connection, referrals.c.plan_id == plan_id, referrals.c.need == need)

    # -- sending -------------------------------------------------------------------------------------------

    def send(
        self, plan_id: str, need: str, actor: Actor, now: datetime, *, readable: ReadablePlan, make: MakeReferral
    ) -> ReferralRecord | None:
        """Send a referral of ``plan_id``'s item for ``need``: ``make`` builds it (or raises) from the plan and the
        item's earlier referrals, read in this transaction. None when the plan is unknown or out of reach.

        One transaction: the referral, the organizations it reaches, the earlier referral it replaces marked so,
        the audit row and the ``referral.sent`` event. Two sends of one item at once: one is refused
        (ReferralExists), by the unique index on the item's referral under way."""
        work = self._send_work(plan_id, need, actor, readable, make)
        with _instead((IntegrityError, _Lost), lambda: self._exists(plan_id, need)):
            sent: ReferralRecord | None = self._writer.submit_work(work)
        return sent

    async def send_async(
        self, plan_id: str, need: str, actor: Actor, now: datetime, *, readable: ReadablePlan, make: MakeReferral
    ) -> ReferralRecord | None:
        """``send`` for a coroutine."""
        work = self._send_work(plan_id, need, actor, readable, make)
        with _instead((IntegrityError, _Lost), lambda: self._exists(plan_id, need)):
            sent: ReferralRecord | None = await self._writer.submit_work_async(work)
        return sent

    def _send_work(
        self, plan_id: str, need: str, actor: Actor, readable: ReadablePlan, make: MakeReferral
    ) -> Work:
        def work(connection: Connection) -> ReferralRecord | None:
            plan = self._sending.load_plan(connection, plan_id) if _valid_id(plan_id) else None
            if plan is None or not readable(plan):
                action = "plan.read_unknown" if plan is None else "plan.read_denied"
                connection.execute(insert(audit_log).values(**_audit(actor, action, _shown_id(plan_id), None)))
                return None
            new = make(plan, self._item(connection, plan_id, need))
            if new.replaces is not None:
                replaced = connection.execute(
                    update(referrals)
                    .where(referrals.c.referral_id == new.replaces, referrals.c.replaced_by.is_(None))
                    .values(replaced_by=new.referral_id, holder=None)
                ).rowcount
                if replaced != 1:
                    raise _Lost
            row = _row_of(new)
            connection.execute(insert(referrals).values(**row))
            connection.execute(
                insert(referral_organizations),
                [
                    {"referral_id": new.referral_id, "organization_id": org, "refer_by": new.refer_by, "status": "sent"}
                    for org in dict.fromkeys(new.path[: new.position + 1])
                ],
            )
            connection.execute(insert(audit_log).values(**_audit(actor, "referral.send", plan_id, new.referral_id)))
            events.append(connection, [_event(new, "referral.sent", "sent", new.created_at, new.holder)])
            return record_of(dict.fromkeys(_FIELDS) | row)

        return work

    def _exists(self, plan_id: str, need: str) -> SafetynetError:
        """The error for a send that lost to another made at the same moment."""
        with self._read() as connection:
            earlier = self._item(connection, plan_id, need)
        active = next((r for r in reversed(earlier) if r.status in ACTIVE), None)
        if active is not None:
            return ReferralExists(active.referral_id, active.status)
        return ReferralExists(earlier[-1].referral_id if earlier else "?", earlier[-1].status if earlier else "?")

    def _get_plain(self, referral_id: str) -> ReferralRecord | None:
        with self._read() as connection:
            return self._load(connection, referral_id)

    # -- transitions ---------------------------------------------------------------------------------------

    def act(
        self, referral_id: str, actor: Actor, now: datetime, *, readable: ReadableReferral, decider: Decider
    ) -> ReferralRecord | None:
        """Apply ``decider``'s change to the referral; None when it is unknown or out of reach (audited like a
        read). A refused action is audited (``referral.refused``) and raised; one that lost the compare-and-set
        to an action committed meanwhile raises ``decider.refused`` with the state as it is now."""
        work = self._act_work(referral_id, actor, now, readable, decider)
        with _instead(_Lost, lambda: self._lost(referral_id, decider)):
            done = self._writer.submit_work(work)
        return _settled(done)

    async def act_async(
        self, referral_id: str, actor: Actor, now: datetime, *, readable: ReadableReferral, decider: Decider
    ) -> ReferralRecord | None:
        """``act`` for a coroutine."""
        work = self._act_work(referral_id, actor, now, readable, decider)
        with _instead(_Lost, lambda: self._lost(referral_id, decider)):
            done = await self._writer.submit_work_async(work)
        return _settled(done)

    def _lost(self, referral_id: str, decider: Decider) -> InvalidTransition:
        with self._read() as connection:
            current = self._load(connection, referral_id)
        assert current is not None
        return decider.refused(current)

    def _act_work(
        self, referral_id: str, actor: Actor, now: datetime, readable: ReadableReferral, decider: Decider
    ) -> Work:
        def work(connection: Connection) -> ReferralRecord | InvalidTransition | None:
            record = self._load(connection, referral_id) if _valid_id(referral_id) else None
            if record is None or not readable(record):
                action = "referral.read_unknown" if record is None else "referral.read_denied"
                plan = record.plan_id if record else None
                connection.execute(insert(audit_log).values(**_audit(actor, action, plan, _shown_id(referral_id))))
                return None
            try:
                change = decider.decide(record)
            except InvalidTransition as exc:
                connection.execute(
                    insert(audit_log).values(**_audit(actor, "referral.refused", record.plan_id, referral_id))
                )
                return exc  # raised once the audit row is committed
            return self._apply(connection, record, change, actor, now)

        return work

    def _apply(
        self, connection: Connection, record: ReferralRecord, change: ReferralChange, actor: Actor, now: datetime
    ) -> ReferralRecord:
        """Write ``change`` (compare-and-set on the version read), its audit row and its event; the record after."""
        after = change.applied_to(record)
        updated = connection.execute(
            update(referrals)
            .where(referrals.c.referral_id == record.referral_id, referrals.c.version == record.version)
            .values({column: getattr(after, column) for column in (*CHANGED, "history", "version")})
        ).rowcount
        if updated != 1:
            raise _Lost
        if change.status != record.status:
            connection.execute(
                update(referral_organizations)
                .where(referral_organizations.c.referral_id == record.referral_id)
                .values(status=change.status)
            )
        if change.reaches is not None and change.reaches not in record.parties:
            connection.execute(
                insert(referral_organizations).values(
                    referral_id=record.referral_id,
                    organization_id=change.reaches,
                    refer_by=record.refer_by,
                    status=change.status,
                )
            )
        connection.execute(
            insert(audit_log).values(**_audit(actor, f"referral.{change.action}", record.plan_id, record.referral_id))
        )
        events.append(connection, [_event(record, change.event_type, change.status, now, change.holder)])
        return after

    # -- overdue -------------------------------------------------------------------------------------------

    def escalate_overdue(self, now: datetime, most: int = ESCALATE_AT_ONCE) -> int:
        """Record the escalation of the referrals that are overdue at ``now`` and not escalated yet (the oldest
        ``most`` of them: a later call takes the rest): its ``escalated_at``, an audit row and a
        ``referral.escalated`` event each. Any process may call it at any time (nothing depends on one being up
        at the deadline); a quick read first, so that most calls write nothing. Rows another transaction holds
        are skipped (PostgreSQL ``SKIP LOCKED``), so that two calls at once neither wait for nor deadlock each
        other; the next call takes what they left."""
        due = and_(referrals.c.status == "sent", referrals.c.escalated_at.is_(None), referrals.c.refer_by < now)
        with self._read() as connection:
            if not connection.execute(select(exists().where(due))).scalar():
                return 0
        escalated: int = self._writer.submit_work(lambda connection: self._escalate(connection, due, now, most))
        return escalated

    def _escalate(self, connection: Connection, due: Any, now: datetime, most: int) -> int:
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
        rows = list(
            connection.execute(
                update(referrals)
                .where(referrals.c.referral_id.in_(ids), due)
                .values(escalated_at=now)
                .returning(
                    referrals.c.referral_id,
                    referrals.c.plan_id,
                    referrals.c.province,
                    referrals.c.from_organization,
                    referrals.c.holder,
                    referrals.c.refer_by,
                )
            )
        )
        rows.sort(key=lambda r: (r.refer_by, r.referral_id))
        if rows:
            connection.execute(
                insert(audit_log), [_audit(None, "referral.escalate", r.plan_id, r.referral_id) for r in rows]
            )
            events.append(connection, [_event(r, "referral.escalated", "sent", now, r.holder) for r in rows])
        return len(rows)

    # -- lists ---------------------------------------------------------------------------------------------

    def page(
        self,
        scope: Scope,
        filters: ReferralFilters,
        now: datetime,
        *,
        after: str | None,
        limit: int,
        actor: Actor | None,
    ) -> Page[ReferralRecord]:
        """The referrals in ``scope`` that pass ``filters``, by deadline then id, ``limit`` at a time after the
        cursor ``after``. Each referral shown to ``actor`` is audited (``referral.list``) in the same transaction;
        an operator's list (``actor`` None, the CLI) shows no child facts and is not."""
        query = select(referrals)
        keyed: Any = referrals  # the table whose (status, refer_by, referral_id) the page is read by
        if scope.kind == "party":
            keyed = referral_organizations
            query = query.join(keyed, keyed.c.referral_id == referrals.c.referral_id).where(
                keyed.c.organization_id == scope.value
            )
        elif scope.kind == "province":
            query = query.where(referrals.c.province == scope.value)
        elif scope.kind == "sent_by":
            query = query.where(referrals.c.from_organization == scope.value)
        key_time, key_id = keyed.c.refer_by, keyed.c.referral_id
        query = query.where(*_conditions(filters, now, keyed.c.status, key_time))
        if after is not None:
            at, last = cursor.decode(after)
            query = query.where(tuple_(key_time, key_id) > tuple_(at, last))
        query = query.order_by(key_time, key_id).limit(limit + 1)
        with self._read() as connection:
            rows = [record_of(row._mapping) for row in connection.execute(query)]
        shown = rows[:limit]
        if actor is not None:
            self._audited([_audit(actor, "referral.list", r.plan_id, r.referral_id) for r in shown])
        more = len(rows) > limit
        return Page(shown, cursor.encode(shown[-1].refer_by, shown[-1].referral_id) if more else None)

    # -- statistics ----------------------------------------------------------------------------------------

    def planned(self, *, province: str | None, since: datetime | None, until: datetime | None) -> dict[str, int]:
        """Plans with an item for each need (``referralstats.planned_by_need``): counts only, no case data."""
        with self._read() as connection:
            return planned_by_need(connection, province=province, since=since, until=until)

    def stats(
        self, *, province: str | None, since: datetime | None, until: datetime | None, now: datetime
    ) -> StatsRows:
        with self._read() as connection:
            return stats_rows(connection, province=province, since=since, until=until, now=now)

    # -- events --------------------------------------------------------------------------------------------

    def events(self, scope: Scope, after: str | None, limit: int) -> Page[EventRecord]:
        start = events.parse_after(after)
        with self._read() as connection:
            return events.read(connection, scope, start, limit)


def _oldest_first(connection: Connection, *where: Any) -> list[ReferralRecord]:
    """The referrals where ``where`` holds, oldest first."""
    query = select(referrals).where(*where).order_by(referrals.c.created_at, referrals.c.referral_id)
    return [record_of(row._mapping) for row in connection.execute(query)]


def _conditions(filters: ReferralFilters, now: datetime, status: Any, refer_by: Any) -> Iterator[Any]:
    """The filters as SQL conditions; ``status`` and ``refer_by``: the columns of the table the page is read by."""
    if filters.status is not None:
        yield status == filters.status
    if filters.overdue is True:
        yield status == "sent"
        yield refer_by < now
    elif filters.overdue is False:
        yield ~and_(status == "sent", refer_by < now)
    if filters.need is not None:
        yield referrals.c.need == filters.need
    if filters.since is not None:
        yield referrals.c.created_at >= filters.since
    if filters.province is not None:
        yield referrals.c.province == filters.province
    if filters.holder is not None:
        yield referrals.c.holder == filters.holder


def _settled(done: ReferralRecord | InvalidTransition | None) -> ReferralRecord | None:
    """What a transition's work returned, as its caller gets it: a refusal raised (its audit row is committed)."""
    if isinstance(done, InvalidTransition):
        raise done
    return done


def _row_of(new: NewReferral) -> dict[str, Any]:
    """The ``referrals`` row of a referral just sent."""
    return {field.name: getattr(new, field.name) for field in fields(SentReferral)} | {
        "from_organization": new.from_organization,
        "to_organization": new.to_organization,
        "holder": new.holder,
        "position": new.position,
        "status": "sent",
        "version": 1,
        "history": (new.first_step.as_dict(),),
    }


_ID_MAX = 64


def _valid_id(value: str) -> bool:
    return 0 < len(value) <= _ID_MAX and value.isprintable()


def _shown_id(value: str) -> str:
    """``value`` as it can be written to the audit log, even when it is no valid id."""
    return value if _valid_id(value) else (value.encode("unicode_escape").decode("ascii")[:_ID_MAX] or "''")
