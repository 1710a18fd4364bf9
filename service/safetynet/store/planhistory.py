"""A case's history, and lists of plans.

Each new plan follows the latest plan of the same ``case_ref`` made by the same organization
(``previous_plan_id``): found in the transaction that inserts the plan (the group writer's ``prepare``), so two
plans of one case made at once cannot both claim the same place: on PostgreSQL the transaction first takes an
advisory lock on the case (``lock_cases``), so that a second process waits for the first to commit and then reads
its plan; on SQLite writers take turns anyway. The unique indexes on ``previous_plan_id`` and on the first plan of a
case stay as the guard: should two claim one place, the second is refused and the group writer writes it again.
"""

from __future__ import annotations

import hashlib
from collections import namedtuple
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, exists, insert, or_, select, text, tuple_

from safetynet.auth import Actor, PlanScope
from safetynet.store import cursor, plainsql
from safetynet.store.groupjobs import Prepare, Rows
from safetynet.store.records import NewPlan, PlanRecord
from safetynet.store.referral_records import Page, PlanFilters
from safetynet.store.tables import audit_log, plan_organizations, plans

_TAIL_SQL = (
    "SELECT p.plan_id FROM plans AS p WHERE p.requested_by = {0} AND p.case_ref = {0} "
    "AND NOT EXISTS (SELECT 1 FROM plans AS s WHERE s.previous_plan_id = p.plan_id) "
    "ORDER BY p.created_at DESC, p.plan_id DESC LIMIT 1"
)


def _tail(connection: Connection, requested_by: str, case_ref: str) -> str | None:
    """The last plan of the case: the latest one that no plan follows yet. Handed to the driver as it is: this runs
    once per plan in the group writer, where SQLAlchemy's own work per statement outweighed the query's."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    row = connection.exec_driver_sql(_TAIL_SQL.format(marker), (requested_by, case_ref)).first()
    return None if row is None else str(row[0])


class _Link:
    """The group writer's ``prepare`` for a plan: set its row's ``previous_plan_id`` and return it. Its ``key``
    (the case's) makes plans of one case be written one after the other, also by several processes."""

    def __init__(self, plan: NewPlan, rows: Rows) -> None:
        self.row = next(r for table, table_rows in rows if table is plans for r in table_rows)
        self.case = (plan.requested_by, plan.case_ref)
        self.plan_id = plan.plan_id
        digest = hashlib.blake2b("\x00".join(self.case).encode(), digest_size=8).digest()
        self.key: int | None = int.from_bytes(digest, "big", signed=True)

    def __call__(self, connection: Connection, shared: dict[Any, Any], /) -> str | None:
        previous: str | None = shared[self.case] if self.case in shared else _tail(connection, *self.case)
        shared[self.case] = self.plan_id
        self.row["previous_plan_id"] = previous
        return previous


def link_to_history(plan: NewPlan, rows: Rows) -> Prepare:
    return _Link(plan, rows)


def lock_cases(connection: Connection, keys: list[int]) -> None:
    """PostgreSQL: take the cases' advisory locks until the transaction ends, in ``keys``' (sorted) order so that two
    writers never wait for each other in a circle. (SQLite has one writer at a time already.)"""
    if connection.dialect.name == "postgresql":  # one statement for the whole group
        connection.execute(_LOCK_IN_ORDER, {"keys": keys})


_LOCK_IN_ORDER = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY 1) AS ordered"
)


class PlanHistory:
    """Lists of plans in a caller's reach (``store.plan_history``)."""

    def __init__(
        self,
        engine: Engine,
        write: Callable[[], AbstractContextManager[Connection]],
        read: Callable[[], AbstractContextManager[Connection]],
    ) -> None:
        self._engine = engine
        self._write = write
        self._read = read

    def page(
        self, scope: PlanScope, filters: PlanFilters, *, after: str | None, limit: int, actor: Actor, now: datetime
    ) -> Page[PlanRecord]:
        """The plans in ``scope`` that pass ``filters``, newest first, ``limit`` at a time after the cursor
        ``after``; each plan shown is audited (``plan.list``) in the same transaction."""
        query = select(plans)
        if scope.named is not None:
            query = query.where(
                exists().where(
                    plan_organizations.c.plan_id == plans.c.plan_id,
                    plan_organizations.c.organization_id == scope.named,
                )
            )
        reach = [
            *([plans.c.requested_by == scope.requested_by] if scope.requested_by else []),
            *([plans.c.province == scope.province] if scope.province else []),
        ]
        if reach:
            query = query.where(or_(*reach))
        if filters.case_ref is not None:
            query = query.where(plans.c.case_ref == filters.case_ref)
        if filters.province is not None:
            query = query.where(plans.c.province == filters.province)
        if filters.since is not None:
            query = query.where(plans.c.created_at >= filters.since)
        if after is not None:
            at, last = cursor.decode(after)
            query = query.where(tuple_(plans.c.created_at, plans.c.plan_id) < tuple_(at, last))
        query = query.order_by(plans.c.created_at.desc(), plans.c.plan_id.desc()).limit(limit + 1)
        with self._write() as connection:
            rows = list(connection.execute(query))
            records = plan_records(connection, rows[:limit])
            if records:
                connection.execute(
                    insert(audit_log),
                    [
                        {
                            "at": now,
                            "action": "plan.list",
                            "token_id": actor.token_id,
                            "role": actor.role,
                            "organization_id": actor.organization_id,
                            "plan_id": r.plan_id,
                        }
                        for r in records
                    ],
                )
        more = len(rows) > limit
        return Page(records, cursor.encode(records[-1].created_at, records[-1].plan_id) if more else None)


_NAMED = select(plan_organizations.c.plan_id, plan_organizations.c.organization_id).where(
    plan_organizations.c.plan_id.in_(bindparam("b_plan_ids", expanding=True))
)  # built once: keyed and compiled on first use only


_LOAD = select(plans).where(plans.c.plan_id == bindparam("b_plan_id"))
_NAMED_OF_ONE = select(plan_organizations.c.organization_id).where(
    plan_organizations.c.plan_id == bindparam("b_plan_id")
)
#: A ``plans`` row read through the driver, its values converted as SQLAlchemy converts them (read by attribute,
#: as ``plan_records`` reads SQLAlchemy's rows)
_PlanRow = namedtuple("_PlanRow", [column.name for column in plans.c])  # type: ignore[misc]


def load_plan(connection: Connection, plan_id: str) -> PlanRecord | None:
    """One stored plan with the organizations it names. On SQLite the two reads go to the driver (``plainsql``): a
    send loads its plan in the group writer, and SQLAlchemy's execution of these two statements cost more than the
    reads and the parsing of the plan's JSON together."""
    found = plainsql.rows(connection, _LOAD, {"b_plan_id": plan_id})
    if found is None:
        row = connection.execute(_LOAD, {"b_plan_id": plan_id}).one_or_none()
        return None if row is None else plan_records(connection, [row])[0]
    if not found:
        return None
    named = plainsql.rows(connection, _NAMED_OF_ONE, {"b_plan_id": plan_id}) or []
    convert = plainsql.converters(connection.dialect, plans)
    values = [value if process is None else process(value) for value, process in zip(found[0], convert, strict=True)]
    return _record(_PlanRow(*values), {organization for (organization,) in named})


def plan_records(connection: Connection, rows: Sequence[Row[Any]]) -> list[PlanRecord]:
    """``plans`` rows as records, with the organizations each names (one query for all of them)."""
    named: dict[str, set[str]] = {row.plan_id: set() for row in rows}
    if named:
        for plan_id, org in connection.execute(_NAMED, {"b_plan_ids": list(named)}):
            named[plan_id].add(org)
    return [_record(row, named[row.plan_id]) for row in rows]


def _record(row: Any, organizations: set[str]) -> PlanRecord:
    """A ``plans`` row (read by attribute) and the organizations it names, as a record."""
    return PlanRecord(
        plan_id=row.plan_id,
        case_ref=row.case_ref,
        province=row.province,
        requested_by=row.requested_by,
        organizations=frozenset(organizations),
        created_at=row.created_at,
        rules_version=row.rules_version,
        graph_version=row.graph_version,
        case=row.case_json,
        plan=row.plan_json,
        created_by=row.created_by,
        previous_plan_id=row.previous_plan_id,
    )
