"""Referrals: send a plan item to a partner, act on it along its life, read and list what is in reach.

Sending and acting are coroutines: the decision and the writes run in the store's group writer (one savepoint of
the next group commit each), and the event loop serves other requests meanwhile. Reads are plain functions, run in
FastAPI's thread pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, NoReturn

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.timefilters import Moment, aware
from safetynet.auth import Actor, can_read_plan
from safetynet.contract.case import NeedCode, ProvinceCode
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
from safetynet.errors import Forbidden, NotFound
from safetynet.referrals.lifecycle import ACTIONS
from safetynet.referrals.reach import can_read, can_send, core_team_province, list_scope
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.sending import NewReferral, new_referral, plan_item
from safetynet.referrals.transitions import Transition
from safetynet.referrals.view import referral_view
from safetynet.runtime.build import Runtime
from safetynet.store import InvalidRecord, PlanRecord
from safetynet.store.referral_records import ReferralFilters

router = APIRouter(prefix="/v1/referrals", tags=["referrals"], route_class=StrictJsonRoute)


def _json(model: BaseModel, status_code: int = 200) -> Response:
    """``model`` serialized once, as it is: FastAPI would validate it again against the route's response model
    (measured: a third of an inbox page's own CPU)."""
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")

ReferralId = Annotated[str, Path(max_length=64)]
Body = NoteBody | None
_ACT = error_responses(400, 401, 404, 409, 413, 415, 422, 503)


@router.post("", status_code=201, response_model=Referral, responses=error_responses(400, 401, 403, 404, 409, 422, 503))
async def send_referral(body: ReferralRequest, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """Send a plan item to one of its candidates (default: the first not tried yet; after a decline, the next one,
    and the new referral ``replaces`` the declined one). 404 when the plan is unknown or out of reach."""
    network, now = runtime.network, runtime.clock()
    if actor.role not in ("admin", "cm", "agency"):
        raise Forbidden(f"role {actor.role!r} may not send referrals (admin, cm and core teams may)")

    def readable(plan: PlanRecord) -> bool:
        return can_read_plan(actor, plan, runtime.province_of) or core_team_province(actor, network) == plan.province

    def make(plan: PlanRecord, earlier: Sequence[ReferralRecord]) -> NewReferral:
        if not can_send(actor, plan.province, can_read_plan(actor, plan, runtime.province_of), network):
            raise Forbidden("an agency's token sends no referrals (admin, CMs and the province's core team may)")
        core = network.core_team(plan.province)
        return new_referral(
            plan_id=plan.plan_id,
            case_ref=plan.case_ref,
            requested_by=plan.requested_by,
            item=plan_item(plan.plan.get("items", []), body.need),
            case=plan.case,
            location=plan.plan.get("location", {}),
            province=plan.province,
            organization_id=body.organization_id,
            earlier=earlier,
            sent_by=actor.organization_id,
            core_team=core.id if core is not None else None,
            now=now,
        )

    store = runtime.require_store()
    record = await store.referrals.send_async(body.plan_id, body.need, actor, now, readable=readable, make=make)
    if record is None:
        raise NotFound("plan")
    return _json(referral_view(record, actor, network, now, runtime.zone), 201)


@router.get("", response_model=ReferralPage, responses=error_responses(401, 403, 422, 503))
def list_referrals(
    runtime: RuntimeDep,
    actor: ActorDep,
    *,
    status: Status | None = None,
    overdue: bool | None = None,
    need: NeedCode | None = None,
    since: Moment = None,
    province: Annotated[ProvinceCode | None, Query(examples=["TH-65"])] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """The referrals in the caller's reach, by deadline: an agency's those it received or holds, a CM's those its
    organization sent, a core team's its province's, admin's all. ``overdue=true``: not acknowledged by the
    deadline (their escalation to the core team is recorded on the way)."""
    network, now = runtime.network, runtime.clock()
    scope = list_scope(actor, network)
    store = runtime.require_store()
    if overdue:
        store.referrals.escalate_overdue(now)
    filters = ReferralFilters(
        status=status, overdue=overdue, need=need, since=aware("since", since, runtime.settings.timezone),
        province=province,
    )  # fmt: skip
    page = store.referrals.page(scope, filters, now, after=cursor, limit=limit, actor=actor)
    items = [referral_view(r, actor, network, now, runtime.zone) for r in page.items]
    return _json(ReferralPage(items=items, next_cursor=page.next_cursor))


@router.get("/{referral_id}", response_model=Referral, responses=error_responses(401, 404, 422, 503))
def read_referral(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """One referral; 404 when unknown or out of reach (the two are not told apart). The read is audited."""
    network, now = runtime.network, runtime.clock()
    record = runtime.require_store().referrals.get(
        referral_id, actor, allowed=lambda r: can_read(actor, r, network), now=now
    )
    if record is None:
        raise NotFound("referral")
    return _json(referral_view(record, actor, network, now, runtime.zone))


async def _act(
    runtime: Runtime,
    actor: Actor,
    referral_id: str,
    action: Action,
    *,
    note: str | None = None,
    reason: str | None = None,
    outcome: str | None = None,
) -> Response:
    network, now = runtime.network, runtime.clock()
    transition = Transition(
        action=action, actor=actor, directory=network, at=now, reason=reason, note=note,
        outcome="helped" if outcome == "helped" else "not_helped" if outcome == "not_helped" else None,
    )  # fmt: skip
    record = await runtime.require_store().referrals.act_async(
        referral_id, actor, now, readable=lambda r: can_read(actor, r, network), decider=transition
    )
    if record is None:
        raise NotFound("referral")
    return _json(referral_view(record, actor, network, now, runtime.zone))


def _note(body: NoteBody | None) -> str | None:
    return body.note if body is not None else None


@router.post("/{referral_id}/acknowledge", response_model=Referral, responses=_ACT)
async def acknowledge(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Response:
    """The receiver has the referral (the 24-hour promise is kept when this comes by ``refer_by``)."""
    return await _act(runtime, actor, referral_id, "acknowledge", note=_note(body))


@router.post("/{referral_id}/accept", response_model=Referral, responses=_ACT)
async def accept(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Response:
    """The receiver takes the child on."""
    return await _act(runtime, actor, referral_id, "accept", note=_note(body))


@router.post("/{referral_id}/decline", response_model=Referral, responses=_ACT)
async def decline(referral_id: ReferralId, body: DeclineBody, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The holder cannot take it (``reason``); the sender is offered the next candidate (``next_candidate``)."""
    return await _act(runtime, actor, referral_id, "decline", note=body.note, reason=body.reason)


@router.post("/{referral_id}/done", response_model=Referral, responses=_ACT)
async def done(referral_id: ReferralId, body: DoneBody, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The receiver closes it: ``helped``, or ``not_helped`` with a ``reason``."""
    return await _act(runtime, actor, referral_id, "done", note=body.note, reason=body.reason, outcome=body.outcome)


@router.post("/{referral_id}/cancel", response_model=Referral, responses=_ACT)
async def cancel(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Response:
    """The sender withdraws it."""
    return await _act(runtime, actor, referral_id, "cancel", note=_note(body))


@router.post("/{referral_id}/forward", response_model=Referral, responses=_ACT)
async def forward(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Response:
    """An organization in the middle of the path (the core team relaying) passes it to the next hop."""
    return await _act(runtime, actor, referral_id, "forward", note=_note(body))


@router.post("/{referral_id}/{action}", include_in_schema=False, response_model=None)
def unknown_action(referral_id: ReferralId, action: Annotated[str, Path(max_length=64)]) -> NoReturn:
    raise InvalidRecord("action", f"{action[:40]!r} is not an action on a referral; actions: {', '.join(ACTIONS)}")
