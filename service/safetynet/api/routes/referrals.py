"""Referrals: send a plan item to a partner, act on it along its life, read and list what is in reach.

Sending and acting are coroutines: the decision and the writes run in the store's group writer (one savepoint of
the next group commit each), and the event loop serves other requests meanwhile. The list is a coroutine too
(``runtime.referrals.listed_json``: each referral's JSON is kept while its row stays the same, ``referrals.rendered``);
one referral's read is a plain function, run in FastAPI's thread pool."""

from __future__ import annotations

from typing import Annotated, NoReturn

from fastapi import Path, Query, Request, Response
from pydantic import BaseModel

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter
from safetynet.api.timefilters import Moment, aware
from safetynet.auth import Actor
from safetynet.contract.case import CaseNeedCode, CaseRef, ProvinceFilter
from safetynet.contract.referral import (
    Action,
    DeclineBody,
    DoneBody,
    NoteBody,
    Referral,
    ReferralPage,
    ReferralRequest,
    Status,
)
from safetynet.planning.planner import refuse_unknown_needs
from safetynet.referrals.lifecycle import ACTIONS, Given
from safetynet.referrals.rendered import RenderedViews
from safetynet.runtime import referrals
from safetynet.runtime.build import Runtime
from safetynet.store import InvalidRecord
from safetynet.store.referral_records import ReferralFilters

router = ApiRouter(prefix="/v1/referrals", tags=["referrals"], route_class=StrictJsonRoute)


def _json(model: BaseModel, status_code: int = 200) -> Response:
    """``model`` serialized once, as it is: FastAPI would validate it again against the route's response model
    (a large share of an inbox page's own CPU)."""
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")

ReferralId = Annotated[str, Path(max_length=64)]
Body = NoteBody | None
_ACT = error_responses(400, 401, 404, 409, 413, 415, 422, 503)


@router.post("", status_code=201, response_model=Referral, responses=error_responses(400, 401, 403, 404, 409, 422, 503))
async def send_referral(body: ReferralRequest, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """Send a plan item to one of its candidates (default: the first not tried yet; after a decline, the next one,
    and the new referral ``replaces`` the declined one). 404 when the plan is unknown or out of reach; 409
    ``declined_before`` for a partner that declined the item, unless ``circumstances_changed`` says what changed."""
    sent = await referrals.send(
        runtime, actor, body.plan_id, body.need, body.organization_id, circumstances_changed=body.circumstances_changed
    )
    return _json(sent, 201)


@router.get("", response_model=ReferralPage, responses=error_responses(401, 403, 422, 503))
async def list_referrals(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    *,
    status: Status | None = None,
    overdue: bool | None = None,
    need: CaseNeedCode | None = None,
    since: Moment = None,
    province: Annotated[ProvinceFilter | None, Query(examples=["TH-65"])] = None,
    case_ref: Annotated[CaseRef | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """The referrals in the caller's reach, by deadline: an agency's those it received or holds, a CM's those its
    organization sent (for its plans or another's), those of its plans and those it received or holds, a core
    team's its province's, admin's all. ``overdue=true``: not acknowledged by the deadline (their escalation to the
    core team is recorded on the way). ``case_ref``: one case's referrals, of those in reach. A ``need`` the
    catalogue does not have is a 422 ``unknown_need`` naming it, with the code meant when it was written as its
    Thai or English label or misspelt (it listed nothing, which read as an empty inbox)."""
    refuse_unknown_needs([need] if need is not None else [], runtime.engine.book, "need")
    filters = ReferralFilters(
        status=status, overdue=overdue, need=need, since=aware("since", since, runtime.settings.timezone),
        province=province, case_ref=case_ref,
    )  # fmt: skip
    views: RenderedViews = request.app.state.referral_views
    body = await referrals.listed_json(runtime, actor, filters, views, cursor=cursor, limit=limit)
    return Response(body, media_type="application/json")


@router.get("/{referral_id}", response_model=Referral, responses=error_responses(401, 404, 422, 503))
def read_referral(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """One referral; 404 when unknown or out of reach (the two are not told apart). The read is audited."""
    return _json(referrals.read(runtime, actor, referral_id))


async def _act(runtime: Runtime, actor: Actor, referral_id: str, action: Action, body: object) -> Response:
    return _json(await referrals.act(runtime, actor, referral_id, action, Given.of(body)))


def _note_action(action: Action, doc: str) -> None:
    """Add ``POST /v1/referrals/{referral_id}/{action}``, an action whose body is an optional note."""

    async def route(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Response:
        return await _act(runtime, actor, referral_id, action, body)

    route.__name__ = route.__qualname__ = action  # FastAPI names the operation after it (OpenAPI operationId)
    route.__doc__ = doc
    router.post(f"/{{referral_id}}/{action}", response_model=Referral, responses=_ACT)(route)


_note_action(
    "acknowledge", "The receiver has the referral (the 24-hour promise is kept when this comes by ``refer_by``)."
)
_note_action("accept", "The receiver takes the child on.")


@router.post("/{referral_id}/decline", response_model=Referral, responses=_ACT)
async def decline(referral_id: ReferralId, body: DeclineBody, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The holder cannot take it (``reason``); the sender is offered the next candidate (``next_candidate``)."""
    return await _act(runtime, actor, referral_id, "decline", body)


@router.post("/{referral_id}/done", response_model=Referral, responses=_ACT)
async def done(referral_id: ReferralId, body: DoneBody, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The receiver closes it: ``helped``, or ``not_helped`` with a ``reason``."""
    return await _act(runtime, actor, referral_id, "done", body)


_note_action("cancel", "The sender withdraws it.")
_note_action("forward", "An organization in the middle of the path (the core team relaying) passes it to the next hop.")


@router.post("/{referral_id}/{action}", include_in_schema=False, response_model=None)
def unknown_action(referral_id: ReferralId, action: Annotated[str, Path(max_length=64)]) -> NoReturn:
    raise InvalidRecord("action", f"{action[:40]!r} is not an action on a referral; actions: {', '.join(ACTIONS)}")
