from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response
from pydantic import BaseModel

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter
from safetynet.api.timefilters import Moment, aware
from safetynet.contract.case import Case, CaseRef, ProvinceFilter
from safetynet.contract.plan import Plan
from safetynet.errors import NotFound
from safetynet.runtime import plans as planning
from safetynet.store.referral_records import PlanFilters

router = ApiRouter(prefix="/v1/plans", tags=["plans"], route_class=StrictJsonRoute)


@router.post("", status_code=201, response_model=Plan, responses=error_responses(400, 401, 403, 413, 415, 422, 503))
async def create_plan(case: Case, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """A case in, a suggested plan out; the plan is stored with who asked.

    A coroutine on purpose: planning is a fraction of a millisecond of CPU, done here without a thread
    hand-off, and the store's group writer wakes this request when its plan is committed."""
    _, body = await planning.make_plan(runtime, case, actor)  # serialized once: stored as it is and sent as it is
    return Response(body, status_code=201, media_type="application/json")


@router.get("/{plan_id}", response_model=Plan, responses=error_responses(401, 404, 422, 503))
async def read_plan(plan_id: Annotated[str, Path(max_length=64)], runtime: RuntimeDep, actor: ActorDep) -> Plan:
    """A stored plan; 404 when unknown or outside the caller's reach (the two are not told apart).

    An agency gets only the items that name it and the unmet needs escalated to it (``auth.visible_part``)."""
    plan = await planning.read_plan(runtime, plan_id, actor)
    if plan is None:
        raise NotFound("plan")
    return plan


class PlanPage(BaseModel):
    items: list[Plan]
    next_cursor: str | None


@router.get("", response_model=PlanPage, responses=error_responses(401, 403, 422, 503))
def list_plans(
    runtime: RuntimeDep,
    actor: ActorDep,
    *,
    case_ref: Annotated[CaseRef | None, Query()] = None,
    province: Annotated[ProvinceFilter | None, Query(examples=["TH-65"])] = None,
    since: Moment = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PlanPage:
    """The plans in the caller's reach (as ``GET /v1/plans/{plan_id}``), newest first; ``case_ref`` gives a case's
    history. Each plan shown is audited; an agency gets only what it is named in."""
    filters = PlanFilters(case_ref=case_ref, province=province, since=aware("since", since, runtime.settings.timezone))
    items, next_cursor = planning.list_plans(runtime, actor, filters, cursor=cursor, limit=limit)
    return PlanPage(items=items, next_cursor=next_cursor)

