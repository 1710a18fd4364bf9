"""The 24-hour promise, measured (``GET /v1/stats``): counts only, no case data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter
from safetynet.api.timefilters import Moment, aware
from safetynet.contract.case import ProvinceFilter
from safetynet.contract.referral import Stats
from safetynet.runtime import referrals

router = ApiRouter(tags=["referrals"], route_class=StrictJsonRoute)


@router.get("/v1/stats", response_model=Stats, responses=error_responses(401, 403, 422, 503))
def read_stats(
    runtime: RuntimeDep,
    actor: ActorDep,
    province: Annotated[ProvinceFilter | None, Query(examples=["TH-65"])] = None,
    since: Moment = None,
    until: Moment = None,
) -> Stats:
    """Plans and referrals made from ``since`` to ``until`` (the whole time when not given), in ``province`` (or
    the whole country): sent, acknowledged (in time, with the share and the median hours), accepted, declined by
    reason, done helped / not helped, overdue now; per need and per receiving organization."""
    tz = runtime.settings.timezone
    return referrals.statistics(runtime, actor, province, aware("since", since, tz), aware("until", until, tz))
