"""Plans answered before places were resolved get the fields every plan has since, so that they can still be
read: ``location`` (the stored case's place through the gazetteer; the province alone when a district or
subdistrict written then names no place), ``mous`` on each candidate (empty: not recorded then),
``escalate_to`` on each unmet need (the requesting organization when none was named then) and
``meets_deadline`` null for an item with no candidate. Nothing else of what was answered changes.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from safetynet.places import Location, PlaceError, province, resolve_location
from safetynet.store.migrations.columns import json_type

revision = "0003"
down_revision = "0002"

BATCH = 500

_plans = sa.table(
    "plans",
    sa.column("plan_id", sa.String),
    sa.column("requested_by", sa.String),
    sa.column("case_json", json_type()),
    sa.column("plan_json", json_type()),
)


def _location(case: dict[str, Any]) -> dict[str, Any]:
    where = case.get("child", {}).get("location", {})
    try:
        found = resolve_location(where.get("province", ""), where.get("district"), where.get("subdistrict"))
    except PlaceError:
        home = province(where.get("province", ""))
        if home is None:  # the province was an ISO code checked when the case was stored
            raise
        found = Location(home)
    return found.as_dict()


def upgraded(plan: dict[str, Any], case: dict[str, Any], requested_by: str) -> dict[str, Any]:
    """``plan`` in today's shape (unchanged when it already has it)."""
    if "location" in plan:
        return plan
    items = [
        item
        | {
            "candidates": [{"mous": [], **c} for c in item.get("candidates", [])],
            "meets_deadline": item.get("meets_deadline") if item.get("candidates") else None,
        }
        for item in plan.get("items", [])
    ]
    unmet = [u | {"escalate_to": u.get("escalate_to") or requested_by} for u in plan.get("unmet", [])]
    return plan | {"location": _location(case), "items": items, "unmet": unmet}


def upgrade() -> None:
    connection = op.get_bind()
    last = ""
    while True:
        rows = connection.execute(
            sa.select(_plans.c.plan_id, _plans.c.requested_by, _plans.c.case_json, _plans.c.plan_json)
            .where(_plans.c.plan_id > last)
            .order_by(_plans.c.plan_id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for plan_id, requested_by, case, plan in rows:
            if "location" not in plan:
                connection.execute(
                    sa.update(_plans)
                    .where(_plans.c.plan_id == plan_id)
                    .values(plan_json=upgraded(plan, case, requested_by))
                )
        last = rows[-1].plan_id


def downgrade() -> None:
    """The added fields are harmless to the older code, which ignores what it does not know: nothing to undo."""
