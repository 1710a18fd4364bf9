"""The event feed: every referral transition, in commit order, for the caller's reach (provincial systems and
apps poll it with ``after``). See ``store/events.py`` for why nothing is lost or repeated."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter
from safetynet.contract.referral import Event, EventPage
from safetynet.referrals.reach import list_scope

router = ApiRouter(tags=["referrals"], route_class=StrictJsonRoute)


@router.get("/v1/events", response_model=EventPage, responses=error_responses(401, 403, 422, 503))
def read_events(
    runtime: RuntimeDep,
    actor: ActorDep,
    after: Annotated[str | None, Query(max_length=20, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    """The events after ``after``, oldest first, of the referrals in the caller's reach (as ``GET /v1/referrals``).
    Overdue referrals not yet escalated are escalated first, so that the feed tells of them too."""
    scope = list_scope(actor, runtime.network)
    store = runtime.require_store()
    store.referrals.escalate_overdue(runtime.clock())
    page = store.referrals.events(scope, after, limit)
    items = [
        Event(
            event_id=e.event_id,
            type=e.type,
            referral_id=e.referral_id,
            status=e.status,
            at=e.at.astimezone(runtime.zone),
            holder=e.holder,
        )
        for e in page.items
    ]
    return EventPage(items=items, next_cursor=page.next_cursor or "0")
