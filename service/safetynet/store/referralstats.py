"""The counts behind ``GET /v1/stats``: plans, and referrals per need and receiving organization, in one pass
over the province's referrals of the period (index ``ix_referrals_province_created_at``); and the hours each
acknowledged referral took, for the medians."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Float, case, cast, func, literal_column, select

from safetynet.referrals.lifecycle import DECLINE_REASONS
from safetynet.store.referral_records import Counts, StatsRows
from safetynet.store.tables import plans, referrals

r = referrals.c


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _hours(dialect: str) -> Any:
    if dialect == "postgresql":
        return func.extract("epoch", r.acknowledged_at - r.created_at) / 3600.0
    return (func.julianday(r.acknowledged_at) - func.julianday(r.created_at)) * cast(literal_column("24.0"), Float)


def stats_rows(
    connection: Connection, *, province: str | None, since: datetime | None, until: datetime | None, now: datetime
) -> StatsRows:
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
            *declined,
        )
        .where(*where)
        .group_by(r.need, r.to_organization)
    )
    groups: dict[tuple[str, str], Counts] = {}
    for need, org, sent, acknowledged, in_time, accepted, helped, not_helped, overdue, *by_reason in connection.execute(
        query
    ):
        groups[(need, org)] = Counts(
            sent=int(sent),
            acknowledged=int(acknowledged),
            acknowledged_in_time=int(in_time or 0),
            accepted=int(accepted),
            declined={k: int(n) for k, n in zip(DECLINE_REASONS, by_reason, strict=True) if n},
            done_helped=int(helped or 0),
            done_not_helped=int(not_helped or 0),
            overdue_now=int(overdue or 0),
        )
    hours_query = select(r.need, r.to_organization, _hours(connection.dialect.name)).where(
        *where, r.acknowledged_at.is_not(None)
    )
    hours = [(need, org, float(h)) for need, org, h in connection.execute(hours_query)]
    return StatsRows(plans=int(plan_count), groups=groups, hours=hours)
