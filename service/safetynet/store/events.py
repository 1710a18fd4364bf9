"""The outbox of referral transitions: written in each transition's transaction, read in commit order.

Why a counter row and not an auto-increment: a PostgreSQL sequence hands out numbers when asked, not when the
transaction commits, so a reader could see event 11 committed while event 10 is still in flight, move its
cursor past 10, and never see it. Here each transaction takes its ids from ``event_counter`` as its last
statement: the row stays locked until the transaction ends, so the next transaction gets higher ids only once
this one is committed (or rolled back, leaving a gap that is never filled). Ids therefore become visible in
order, and ``event_id > cursor`` loses nothing and repeats nothing, across restarts and crashes. On SQLite one
transaction writes at a time, which gives the same order. The price is that transitions commit one after the
other; plans, which write no events, do not wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, bindparam, insert, select, update
from sqlalchemy.exc import NoResultFound

from safetynet.referrals.reach import Scope
from safetynet.store import plainsql
from safetynet.store.errors import InvalidRecord
from safetynet.store.referral_records import EventRecord, Page
from safetynet.store.tables import event_counter, events, referral_organizations

COUNTER = "events"
MAX_EVENT_ID = 2**63 - 1
_TAKE = (  # built once: keyed and compiled on first use only
    update(event_counter)
    .where(event_counter.c.name == COUNTER)
    .values(last=event_counter.c.last + bindparam("b_count"))
    .returning(event_counter.c.last)
)
_INSERT = insert(events)


def append(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (without ``event_id``) as the next events. Call it last in the transaction: the counter
    stays locked until the commit."""
    if not rows:
        return
    last = _take(connection, len(rows))
    first = last - len(rows) + 1
    # On SQLite both statements go to the driver (``plainsql``): they run once per group commit that has events,
    # while the group holds the write lock, and SQLAlchemy's own work per statement and row outweighed them.
    plainsql.execute(connection, _INSERT, [{**row, "event_id": first + n} for n, row in enumerate(rows)])


def _take(connection: Connection, count: int) -> int:
    """The counter moved on by ``count``: the last of the ids taken."""
    taken = plainsql.rows(connection, _TAKE, {"b_count": count})
    if taken is None:
        return int(connection.execute(_TAKE, {"b_count": count}).scalar_one())
    if not taken:
        raise NoResultFound(f"no {COUNTER!r} row in event_counter")
    return int(taken[0][0])


def parse_after(after: str | None) -> int:
    """The event id a cursor stands for (0: from the start)."""
    if after is None or after == "":
        return 0
    if not (after.isascii() and after.isdigit()) or len(after) > 19 or int(after) > MAX_EVENT_ID:
        raise InvalidRecord("after", "not a cursor from this service: pass back next_cursor as it was given")
    return int(after)


def _scoped(query: Select[Any], scope: Scope) -> Select[Any]:
    if scope.kind == "province":
        return query.where(events.c.province == scope.value)
    if scope.kind == "party":
        reached = select(referral_organizations.c.referral_id).where(
            referral_organizations.c.organization_id == scope.value
        )
        return query.where(events.c.referral_id.in_(reached))
    return query


def read(connection: Connection, scope: Scope, after: int, limit: int) -> Page[EventRecord]:
    """The events after ``after`` in the caller's scope, oldest first; ``next_cursor`` is where to go on from (the
    last event given, or ``after`` when there is nothing new: a feed always has a next page to ask for)."""
    query = _scoped(
        select(events.c.event_id, events.c.type, events.c.referral_id, events.c.status, events.c.at, events.c.holder)
        .where(events.c.event_id > after)
        .order_by(events.c.event_id)
        .limit(limit),
        scope,
    )
    items = [EventRecord(*row) for row in connection.execute(query)]
    if not items and after > 0:
        _refuse_past_the_end(connection, after)
    return Page(items, str(items[-1].event_id if items else after))


def _refuse_past_the_end(connection: Connection, after: int) -> None:
    """A cursor beyond the last event handed out was never given by this service (a typo, or another database's):
    answered with it, a client would poll an empty page forever while events passed beneath its cursor. The answer
    does not say which the last event is: its id counts every organization's events, not only the caller's."""
    last = connection.execute(select(event_counter.c.last).where(event_counter.c.name == COUNTER)).scalar() or 0
    if after > last:
        raise InvalidRecord(
            "after", f"{after} is not a cursor this service gave: pass back next_cursor as it was given, or 0 to start"
        )
