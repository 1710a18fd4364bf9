"""The counts behind ``GET /v1/stats``: plans, and referrals per need and receiving organization, in one pass
over the province's referrals of the period (index ``ix_referrals_province_created_at``); and the hours each
acknowledged referral took, for the medians."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Float, case, cast, func, select

from safetynet.referrals.lifecycle import DECLINE_REASONS
from safetynet.referrals.records import Counts, StatsRows
from safetynet.store.tables import plans, referrals

r = referrals.c


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _hours(dialect: str) -> Any:
    """Hours from sending to acknowledgement, as a float."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", r.acknowledged_at - r.created_at), Float) / 3600.0
    return (func.julianday(r.acknowledged_at) - func.julianday(r.created_at)) * 24.0


def _hours_of_group(dialect: str) -> Any:
    """Every acknowledged referral's hours in a group, as one value (the medians are taken in Python: a median per
    need, per organization and overall does not add up from the groups' medians)."""
    acknowledged = r.acknowledged_at.is_not(None)
    if dialect == "postgresql":
        return func.array_agg(_hours(dialect)).filter(acknowledged)
    return func.json_group_array(_hours(dialect)).filter(acknowledged)


def stats_rows(
    connection: Connection, *, province: str | None, since: datetime | None, until: datetime | None, now: datetime
) -> StatsRows:
    """The plans, and per (need, receiving organization) the counts and the hours to acknowledge: one pass over
    the province's referrals of the period (on PostgreSQL, over the covering index only)."""
    dialect = connection.dialect.name
    where = [
        *([r.province == province] if province else []),
        *([r.created_at >= since] if since else []),
        *([r.created_at < until] if until else []),
    ]
    plan_where = [
        *([plans.c.province == province] if province else []),
        *([plans.c.created_at >= since] if since else []),
        *([plans.c.created_at < until] if until else []),
    ]
    plan_count = connection.execute(select(func.count()).select_from(plans).where(*plan_where)).scalar_one()
    declined = [_count((r.status == "declined") & (r.reason == reason)) for reason in DECLINE_REASONS]
    query = (
        select(
            r.need,
            r.to_organization,
            func.count(),
            func.count(r.acknowledged_at),
            _count(r.acknowledged_at <= r.refer_by),
            func.count(r.accepted_at),
            _count((r.status == "done") & (r.outcome == "helped")),
            _count((r.status == "done") & (r.outcome == "not_helped")),
            _count((r.status == "sent") & (r.refer_by < now)),
            _hours_of_group(dialect),
            *declined,
        )
        .where(*where)
        .group_by(r.need, r.to_organization)
    )
    groups: dict[tuple[str, str], Counts] = {}
    for (
        need,
        org,
        sent,
        acknowledged,
        in_time,
        accepted,
        helped,
        not_helped,
        overdue,
        hours,
        *by_reason,
    ) in connection.execute(query):
        taken = json.loads(hours) if isinstance(hours, str) else hours  # SQLite: a JSON array
        groups[(need, org)] = Counts(
            sent=int(sent),
            acknowledged=int(acknowledged),
            acknowledged_in_time=int(in_time or 0),
            accepted=int(accepted),
            declined={k: int(n) for k, n in zip(DECLINE_REASONS, by_reason, strict=True) if n},
            done_helped=int(helped or 0),
            done_not_helped=int(not_helped or 0),
            overdue_now=int(overdue or 0),
            hours_to_acknowledge=[float(h) for h in taken or () if h is not None],
        )
    return StatsRows(plans=int(plan_count), groups=groups)
