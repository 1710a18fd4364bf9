"""The funnel behind the province board: per need, how many plan items reached each step, planned → referred →
acknowledged in time → accepted → helped. A plan item (a plan's item for one need) counts once at each step it
reached with any of its referrals: one declined by a partner and accepted by the next is referred once, accepted
once, so that no step counts more items than were planned (``GET /v1/stats`` counts referrals, each try of an item
once). "Acknowledged in time" is a side step: an item acknowledged late and then accepted counts as accepted, not
in time, so accepted may exceed it. Counts only, no case data; the period and the province are the plans'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select, true

from safetynet.store.tables import plans, referrals

#: The steps of the funnel, in order: planned, referred, acknowledged in time, accepted, helped.
STAGES = ("planned", "referred", "in_time", "accepted", "helped")

r = referrals.c


def _plans_where(province: str | None, since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    return [
        *([plans.c.province == province] if province else []),
        *([plans.c.created_at >= since] if since else []),
        *([plans.c.created_at < until] if until else []),
    ]


def _reached(condition: ColumnElement[bool]) -> Any:
    """1 when any referral of the item met ``condition``: the furthest the item went, whichever partner took it."""
    return func.max(case((condition, 1), else_=0))


def funnel_rows(
    connection: Connection, *, province: str | None, since: datetime | None, until: datetime | None
) -> dict[str, dict[str, int]]:
    """Per need, the plan items of the period's plans (in ``province``) at each step of ``STAGES``."""
    found: dict[str, dict[str, int]] = {}
    for need, planned in planned_by_need(connection, province=province, since=since, until=until).items():
        found[need] = dict.fromkeys(STAGES, 0) | {"planned": planned}
    items = (
        select(
            r.need,
            _reached(r.acknowledged_at <= r.refer_by).label("in_time"),
            _reached(r.accepted_at.is_not(None)).label("accepted"),
            _reached((r.status == "done") & (r.outcome == "helped")).label("helped"),
        )
        .join(plans, plans.c.plan_id == r.plan_id)
        .where(*_plans_where(province, since, until))
        .group_by(r.plan_id, r.need)
        .subquery()
    )
    query = select(
        items.c.need, func.count(), func.sum(items.c.in_time), func.sum(items.c.accepted), func.sum(items.c.helped)
    ).group_by(items.c.need)
    for need, referred, in_time, accepted, helped in connection.execute(query):
        counts = found.setdefault(str(need), dict.fromkeys(STAGES, 0))
        counts |= {"referred": int(referred), "in_time": int(in_time), "accepted": int(accepted), "helped": int(helped)}
    return found


def planned_by_need(
    connection: Connection, *, province: str | None, since: datetime | None, until: datetime | None
) -> dict[str, int]:
    """How many plans of the period (in ``province``) have an item for each need: the funnel's first step. Counted
    by the database over the plans' JSON."""
    if connection.dialect.name == "postgresql":
        items: Any = func.jsonb_array_elements(plans.c.plan_json["items"]).table_valued("value").alias("item")
        need: Any = items.c.value.op("->>")("need")
    else:
        items = func.json_each(plans.c.plan_json, "$.items").table_valued("value").alias("item")
        need = func.json_extract(items.c.value, "$.need")
    query = (
        select(need, func.count())
        .select_from(plans)
        .join(items, true())
        .where(*_plans_where(province, since, until))
        .group_by(need)
    )
    return {str(code): int(n) for code, n in connection.execute(query) if code is not None}
