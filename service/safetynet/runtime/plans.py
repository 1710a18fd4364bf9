"""Planning a case and reading a plan, as the API and the web pages both do it: who may (``auth``), the planner,
the store with its audit rows, and what the caller is shown of a plan (``auth.visible_part``)."""

from __future__ import annotations

from safetynet.auth import Actor, authorize_plan, can_read_plan, plan_list_scope, visible_part
from safetynet.contract.case import Case
from safetynet.contract.plan import Plan
from safetynet.runtime.build import Runtime
from safetynet.store import NewPlan, PlanRecord
from safetynet.store.referral_records import PlanFilters


async def make_plan(runtime: Runtime, case: Case, actor: Actor) -> tuple[Plan, str]:
    """Plan ``case`` for ``actor`` and store it (Forbidden when the actor may not); the plan and its JSON, made
    once (stored as it is and sent as it is) with the ``previous_plan_id`` the store found."""
    authorize_plan(actor, case.requested_by)
    plan = runtime.planner.plan(case, now=runtime.clock(), requested_by=actor.organization_id)
    body = plan.model_dump_json()
    previous = await runtime.require_store().save_plan_async(NewPlan.of(plan, case, body), actor)
    return plan, Plan.with_previous(body, previous)


async def read_plan(runtime: Runtime, plan_id: str, actor: Actor) -> Plan | None:
    """The stored plan as ``actor`` may see it (the read audited); None when unknown or out of reach (the two look
    the same). A coroutine: no thread hand-off on SQLite, and the audit row goes with the event loop's group."""
    record = await runtime.require_store().get_plan_async(
        plan_id, actor, allowed=lambda r: can_read_plan(actor, r, runtime.province_of)
    )
    if record is None:
        return None
    return shown_plan(actor, record)


def shown_plan(actor: Actor, record: PlanRecord) -> Plan:
    """The stored plan ``record`` as ``actor`` may see it (``auth.visible_part``): whoever shows a stored plan, or
    names its needs, goes through here, so that no caller shows more of it than its reading would."""
    return visible_part(actor, Plan.model_validate(record.plan_json()))


def list_plans(
    runtime: Runtime, actor: Actor, filters: PlanFilters, *, cursor: str | None = None, limit: int = 20
) -> tuple[list[Plan], str | None]:
    """The plans in ``actor``'s reach (as ``read_plan``) that pass ``filters``, newest first, each audited and shown
    as ``actor`` may see it; and the cursor of the next page (None: no more)."""
    scope = plan_list_scope(actor, runtime.province_of)
    page = runtime.require_store().plan_history.page(
        scope, filters, after=cursor, limit=limit, actor=actor, now=runtime.clock()
    )
    return [shown_plan(actor, r) for r in page.items], page.next_cursor
