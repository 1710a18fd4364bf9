"""The cases of stored plans, read back for the what-if replay (``safetynet whatif --stored``, the rules dry run).

Newest first, and only the latest plan of each ``case_ref`` within its province: a case planned again is one
child, replayed once. ``Store.stored_cases`` streams them a page at a time and writes each page's reads to the
audit trail (``plan.replay``, one row a plan) before it hands the page over.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, exists, insert, or_, select

from safetynet.auth import Actor
from safetynet.store.auditrows import audit_row
from safetynet.store.tables import audit_log, plans

Transaction = Callable[[], AbstractContextManager[Connection]]


@dataclass(frozen=True)
class StoredCase:
    """The case of one stored plan, as it was sent, with where and when that plan was made."""

    plan_id: str
    case_ref: str
    province: str
    requested_by: str  # where the referral started (the case's own, or the CM's organization)
    created_at: datetime
    case: dict[str, Any]


def latest_cases(*, province: str | None, since: datetime | None, limit: int | None) -> Select[Any]:
    """The query: plans with no later plan for the same case_ref and province, newest first."""
    later = plans.alias("later")
    newer = exists().where(
        later.c.case_ref == plans.c.case_ref,
        later.c.province == plans.c.province,
        or_(
            later.c.created_at > plans.c.created_at,
            and_(later.c.created_at == plans.c.created_at, later.c.plan_id > plans.c.plan_id),
        ),
    )
    query = select(
        plans.c.plan_id,
        plans.c.case_ref,
        plans.c.province,
        plans.c.requested_by,
        plans.c.created_at,
        plans.c.case_json.label("case"),
    ).where(~newer)
    if province is not None:
        query = query.where(plans.c.province == province)
    if since is not None:
        query = query.where(plans.c.created_at >= since)
    query = query.order_by(plans.c.created_at.desc(), plans.c.plan_id.desc())
    return query if limit is None else query.limit(limit)


def stored_case(row: Row[Any]) -> StoredCase:
    """A row of ``latest_cases``: its columns are named as the fields."""
    return StoredCase(**row._mapping)


def audited_cases(
    read: Transaction,
    write: Transaction,
    actor: Actor | None,
    *,
    province: str | None,
    since: datetime | None,
    limit: int | None,
    page: int,
) -> Generator[StoredCase, None, None]:
    """``Store.stored_cases``: ``latest_cases`` streamed ``page`` rows at a time on a connection of ``read``, each
    page's ``plan.replay`` rows (by ``actor``) committed in a transaction of ``write`` before the page is handed
    over."""
    with read() as reading:
        rows = reading.execution_options(yield_per=page).execute(
            latest_cases(province=province, since=since, limit=limit)
        )
        for batch in rows.partitions():
            cases = [stored_case(row) for row in batch]
            with write() as connection:
                connection.execute(insert(audit_log), [audit_row("plan.replay", actor, case.plan_id) for case in cases])
            yield from cases
