"""Referrals in the database: send, read, act (compare-and-set), list, escalate; each with its audit rows, and each
change with its event (``events.py``), in one transaction.

Sends and transitions are *work* of the store's group writer (``referralwrites.py``): each runs in a savepoint of
the transaction that the writer commits for everything waiting, so that a transition costs no commit of its own
(on SQLite under load, a commit per transition held the write lock for most of each request).
Reads are made on a connection of their own and answered once their audit rows are committed (by the writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, exists, select
from sqlalchemy.exc import IntegrityError

from safetynet.auth import Actor
from safetynet.errors import SafetynetError
from safetynet.referrals.errors import InvalidTransition, ReferralExists
from safetynet.referrals.lifecycle import ACTIVE
from safetynet.referrals.reach import Scope
from safetynet.referrals.records import ReferralRecord, StatsRows
from safetynet.store import cursor, events, referralsql, storedrows
from safetynet.store.database import read_for_coroutine
from safetynet.store.groupwrite import GroupWriter
from safetynet.store.referral_records import EventRecord, Page, ReferralFilters
from safetynet.store.referralstats import planned_by_need, stats_rows
from safetynet.store.referralwrites import (
    Decider,
    LoadPlan,
    Lost,
    MakeReferral,
    ReadablePlan,
    ReadableReferral,
    act_work,
    escalate,
    load,
    of_item,
    overdue,
    send_work,
    shown_id,
    valid_id,
)
from safetynet.store.storedrows import StoredReferral
from safetynet.store.tables import audit_log

ESCALATE_AT_ONCE = 500
Cursor = str | None  # a page's cursor (None: the first page)


@dataclass(frozen=True)
class Sending:
    """What sending needs from the plan store: read a plan inside the transaction."""

    load_plan: LoadPlan


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
        writer: GroupWriter,
        read: Callable[[], AbstractContextManager[Connection]],
        inline_reads: bool,
        sending: Sending,
    ) -> None:
        self._writer = writer
        self._read = read
        self._inline_reads = inline_reads  # database.read_for_coroutine
        self._sending = sending

    def _audited(self, rows: list[dict[str, Any]]) -> None:
        """Commit audit rows (with whatever else the writer has waiting); returns once they are."""
        if rows:
            self._writer.submit([(audit_log, rows)])

    # -- one referral --------------------------------------------------------------------------------------

    def count(self) -> int:
        with self._read() as connection:
            return int(connection.execute(referralsql.COUNT).scalar_one())

    def get(
        self, referral_id: str, actor: Actor, allowed: Callable[[ReferralRecord], bool], now: datetime
    ) -> ReferralRecord | None:
        """The referral when it exists and ``allowed(record)``; else None. Audited: ``referral.read``,
        ``referral.read_denied`` or ``referral.read_unknown``."""
        with self._read() as connection:
            record = load(connection, referral_id) if valid_id(referral_id) else None
        action = "referral.read_unknown"
        if record is not None:
            action = "referral.read" if allowed(record) else "referral.read_denied"
        self._audited([referralsql.audit(actor, action, record.plan_id if record else None, shown_id(referral_id))])
        return record if action == "referral.read" else None

    def of_plan(self, plan_id: str) -> list[ReferralRecord]:
        """Every referral of the plan's items, oldest first (one query, for the plan page)."""
        with self._read() as connection:
            return storedrows.fetch_records(connection, referralsql.OF_PLAN, {"b_plan_id": plan_id})

    async def of_plan_async(self, plan_id: str) -> list[ReferralRecord]:
        """``of_plan`` for a coroutine."""
        return await read_for_coroutine(lambda: self.of_plan(plan_id), inline=self._inline_reads)

    def history_of_item(self, plan_id: str, need: str) -> list[ReferralRecord]:
        with self._read() as connection:
            return of_item(connection, plan_id, need)

    # -- sending -------------------------------------------------------------------------------------------

    def send(
        self, plan_id: str, need: str, actor: Actor, now: datetime, *, readable: ReadablePlan, make: MakeReferral
    ) -> ReferralRecord | None:
        """Send a referral of ``plan_id``'s item for ``need``: ``make`` builds it (or raises) from the plan and the
        item's earlier referrals, read in this transaction. None when the plan is unknown or out of reach.

        One transaction: the referral, the organizations it reaches, the earlier referral it replaces marked so,
        the audit row and the ``referral.sent`` event. Two sends of one item at once: one is refused
        (ReferralExists), by the unique index on the item's referral under way."""
        work = send_work(plan_id, need, actor, readable, make, self._sending.load_plan)
        with _instead((IntegrityError, Lost), lambda: self._exists(plan_id, need)):
            sent: ReferralRecord | None = self._writer.submit_work(work)
        return sent

    async def send_async(
        self, plan_id: str, need: str, actor: Actor, now: datetime, *, readable: ReadablePlan, make: MakeReferral
    ) -> ReferralRecord | None:
        """``send`` for a coroutine."""
        work = send_work(plan_id, need, actor, readable, make, self._sending.load_plan)
        with _instead((IntegrityError, Lost), lambda: self._exists(plan_id, need)):
            sent: ReferralRecord | None = await self._writer.submit_work_async(work)
        return sent

    def _exists(self, plan_id: str, need: str) -> SafetynetError:
        """The error for a send that lost to another made at the same moment."""
        earlier = self.history_of_item(plan_id, need)
        active = next((r for r in reversed(earlier) if r.status in ACTIVE), None)
        if active is not None:
            return ReferralExists(active.referral_id, active.status)
        return ReferralExists(earlier[-1].referral_id if earlier else "?", earlier[-1].status if earlier else "?")

    def _get_plain(self, referral_id: str) -> ReferralRecord | None:
        with self._read() as connection:
            return load(connection, referral_id)

    # -- transitions ---------------------------------------------------------------------------------------

    def act(
        self, referral_id: str, actor: Actor, now: datetime, *, readable: ReadableReferral, decider: Decider
    ) -> ReferralRecord | None:
        """Apply ``decider``'s change to the referral; None when it is unknown or out of reach (audited like a
        read). A refused action is audited (``referral.refused``) and raised; one that lost the compare-and-set
        to an action committed meanwhile raises ``decider.refused`` with the state as it is now."""
        work = act_work(referral_id, actor, now, readable, decider)
        with _instead(Lost, lambda: self._lost(referral_id, decider)):
            done = self._writer.submit_work(work)
        return _settled(done)

    async def act_async(
        self, referral_id: str, actor: Actor, now: datetime, *, readable: ReadableReferral, decider: Decider
    ) -> ReferralRecord | None:
        """``act`` for a coroutine."""
        work = act_work(referral_id, actor, now, readable, decider)
        with _instead(Lost, lambda: self._lost(referral_id, decider)):
            done = await self._writer.submit_work_async(work)
        return _settled(done)

    def _lost(self, referral_id: str, decider: Decider) -> InvalidTransition:
        current = self._get_plain(referral_id)
        assert current is not None
        return decider.refused(current)

    # -- overdue -------------------------------------------------------------------------------------------

    def escalate_overdue(self, now: datetime, most: int = ESCALATE_AT_ONCE) -> int:
        """Record the escalation of the referrals that are overdue at ``now`` and not escalated yet (the oldest
        ``most`` of them: a later call takes the rest; ``referralwrites.escalate``). Any process may call it at
        any time (nothing depends on one being up at the deadline); a quick read first, so that most calls write
        nothing."""
        with self._read() as connection:
            if not connection.execute(select(exists().where(overdue(now)))).scalar():
                return 0
        escalated: int = self._writer.submit_work(lambda connection: escalate(connection, now, most))
        return escalated

    # -- lists ---------------------------------------------------------------------------------------------

    def page(
        self, scope: Scope, filters: ReferralFilters, now: datetime, *, after: Cursor, limit: int, actor: Actor | None
    ) -> Page[ReferralRecord]:
        """The referrals in ``scope`` that pass ``filters``, by deadline then id, ``limit`` at a time after the
        cursor ``after``. Each referral shown to ``actor`` is audited (``referral.list``), committed before they are
        returned; an operator's list (``actor`` None, the CLI) shows no child facts and is not."""
        rows = self._page_rows(scope, filters, now, after, limit)
        if storedrows.awaits_escalation(rows[:limit], now):  # recorded the first time a list shows it
            self._writer.submit_work(lambda connection: escalate(connection, now, ESCALATE_AT_ONCE))
            rows = self._page_rows(scope, filters, now, after, limit)
        audits = _listed(rows[:limit], actor)
        if audits:
            self._writer.submit([(audit_log, audits)])
        return storedrows.as_records(_page(rows, limit))

    async def stored_page_async(
        self, scope: Scope, filters: ReferralFilters, now: datetime, *, after: Cursor, limit: int, actor: Actor | None
    ) -> Page[StoredReferral]:
        """``page`` for a coroutine, its rows as read (``storedrows``: converted into records only when asked); its
        audit rows go with the group of the event loop's turn."""

        def read() -> list[StoredReferral]:
            return self._page_rows(scope, filters, now, after, limit)

        fetched = await read_for_coroutine(read, inline=self._inline_reads)
        if storedrows.awaits_escalation(fetched[:limit], now):  # recorded the first time a list shows it
            await self._writer.submit_work_async(lambda connection: escalate(connection, now, ESCALATE_AT_ONCE))
            fetched = await read_for_coroutine(read, inline=self._inline_reads)
        if audits := _listed(fetched[:limit], actor):
            await self._writer.submit_async([(audit_log, audits)])
        return _page(fetched, limit)

    def _page_rows(
        self, scope: Scope, filters: ReferralFilters, now: datetime, after: str | None, limit: int
    ) -> list[StoredReferral]:
        """Up to ``limit`` + 1 referrals of the page (one more: whether another page follows)."""
        values: dict[str, Any] = {"b_limit": limit + 1}
        if scope.kind != "all":
            values["b_scope"] = scope.value
        if filters.overdue is not None:
            values["b_now"] = now
        given = frozenset(name for name in referralsql.BOUND_FILTERS if getattr(filters, name) is not None)
        values |= {f"b_{name}": getattr(filters, name) for name in given}
        if after is not None:
            values["b_at"], values["b_last"] = cursor.decode(after)
        query = referralsql.page_query(scope.kind, given, filters.overdue, after is not None)
        with self._read() as connection:
            return storedrows.fetch(connection, query, values)

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


def _listed(shown: list[StoredReferral], actor: Actor | None) -> list[dict[str, Any]]:
    """The ``referral.list`` audit rows of the referrals ``shown`` to ``actor`` (none for the operator's CLI)."""
    if actor is None:
        return []
    return [referralsql.audit(actor, "referral.list", r.plan_id, r.referral_id) for r in shown]


def _page(rows: list[StoredReferral], limit: int) -> Page[StoredReferral]:
    shown = rows[:limit]
    more = len(rows) > limit
    return Page(shown, cursor.encode(shown[-1].refer_by, shown[-1].referral_id) if more else None)


def _settled(done: ReferralRecord | InvalidTransition | None) -> ReferralRecord | None:
    """What a transition's work returned, as its caller gets it: a refusal raised (its audit row is committed)."""
    if isinstance(done, InvalidTransition):
        raise done
    return done
