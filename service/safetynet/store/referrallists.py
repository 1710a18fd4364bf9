"""Many referrals at once: the pages of a list (by deadline, in the caller's scope, each shown audited), the event
feed, the statistics and the funnel. Reads on a connection of their own; what a list writes (the audit rows of
what it shows, the escalation it is the first to show) goes through the store's group writer."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from safetynet.auth import Actor
from safetynet.referrals.reach import Scope
from safetynet.referrals.records import ReferralRecord, StatsRows
from safetynet.store import cursor, events, referralsql, storedrows
from safetynet.store.database import read_for_coroutine
from safetynet.store.funnel import funnel_rows
from safetynet.store.groupwrite import GroupWriter
from safetynet.store.referral_records import EventRecord, Page, ReferralFilters
from safetynet.store.referralstats import stats_rows
from safetynet.store.referralwrites import escalate
from safetynet.store.storedrows import StoredReferral
from safetynet.store.tables import audit_log

ESCALATE_AT_ONCE = 500
Cursor = str | None  # a page's cursor (None: the first page)


class ReferralLists:
    """The lists and figures of the referrals of one ``Store`` (``store.referrals``, a ``ReferralStore``)."""

    def __init__(
        self, writer: GroupWriter, read: Callable[[], AbstractContextManager[Connection]], inline_reads: bool
    ) -> None:
        self._writer = writer
        self._read = read
        self._inline_reads = inline_reads  # database.read_for_coroutine

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

    def funnel(
        self, *, province: str | None, since: datetime | None, until: datetime | None
    ) -> dict[str, dict[str, int]]:
        """Per need, the plan items at each step of the funnel (``funnel.funnel_rows``): counts only, no case data."""
        with self._read() as connection:
            return funnel_rows(connection, province=province, since=since, until=until)

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
