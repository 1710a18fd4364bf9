"""One referral in the database: send, read, act (compare-and-set), escalate when overdue; each with its audit rows,
and each change with its event (``events.py``), in one transaction. Lists, the event feed and the figures:
``referrallists.py``.

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
from safetynet.referrals.records import ReferralRecord
from safetynet.store import referralsql, storedrows
from safetynet.store.database import read_for_coroutine
from safetynet.store.groupwrite import GroupWriter
from safetynet.store.referrallists import ESCALATE_AT_ONCE, ReferralLists
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
from safetynet.store.tables import audit_log


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


class ReferralStore(ReferralLists):
    """The referrals of one ``Store`` (``store.referrals``); every method is one transaction. One referral here (read,
    send, act, escalate); lists, the event feed and the figures in ``ReferralLists``."""

    def __init__(
        self,
        writer: GroupWriter,
        read: Callable[[], AbstractContextManager[Connection]],
        inline_reads: bool,
        sending: Sending,
    ) -> None:
        super().__init__(writer, read, inline_reads)
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


def _settled(done: ReferralRecord | InvalidTransition | None) -> ReferralRecord | None:
    """What a transition's work returned, as its caller gets it: a refusal raised (its audit row is committed)."""
    if isinstance(done, InvalidTransition):
        raise done
    return done
