"""Referrals: send a plan item to a partner, act on it along its life, read and list what is in reach.

Plain functions (FastAPI runs them in its thread pool): each is one short transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, NoReturn

from fastapi import APIRouter, Path, Query

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.timefilters import Moment, aware
from safetynet.auth import Actor, can_read_plan
from safetynet.contract.case import NeedCode, ProvinceCode
from safetynet.contract.plan import Plan
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
from safetynet.referrals.sending import NewReferral, new_referral
from safetynet.referrals.transitions import Transition
from safetynet.referrals.view import referral_view
from safetynet.runtime.build import Runtime
from safetynet.store import InvalidRecord, PlanRecord
from safetynet.store.referral_records import ReferralFilters

router = APIRouter(prefix="/v1/referrals", tags=["referrals"], route_class=StrictJsonRoute)

ReferralId = Annotated[str, Path(max_length=64)]
Body = NoteBody | None
_ACT = error_responses(400, 401, 404, 409, 413, 415, 422, 503)


@router.post("", status_code=201, response_model=Referral, responses=error_responses(400, 401, 403, 404, 409, 422, 503))
def send_referral(body: ReferralRequest, runtime: RuntimeDep, actor: ActorDep) -> Referral:
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
            plan=Plan.model_validate(plan.plan_json()),
            case=plan.case,
            province=plan.province,
            need=body.need,
            organization_id=body.organization_id,
            earlier=earlier,
            sent_by=actor.organization_id,
            core_team=core.id if core is not None else None,
            now=now,
        )

    store = runtime.require_store()
    record = store.referrals.send(body.plan_id, body.need, actor, now, readable=readable, make=make)
    if record is None:
        raise NotFound("plan")
    return referral_view(record, actor, network, now, runtime.zone)


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
) -> ReferralPage:
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
    return ReferralPage(
        items=[referral_view(r, actor, network, now, runtime.zone) for r in page.items], next_cursor=page.next_cursor
    )


@router.get("/{referral_id}", response_model=Referral, responses=error_responses(401, 404, 422, 503))
def read_referral(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep) -> Referral:
    """One referral; 404 when unknown or out of reach (the two are not told apart). The read is audited."""
    network, now = runtime.network, runtime.clock()
    record = runtime.require_store().referrals.get(
        referral_id, actor, allowed=lambda r: can_read(actor, r, network), now=now
    )
    if record is None:
        raise NotFound("referral")
    return referral_view(record, actor, network, now, runtime.zone)


def _act(
    runtime: Runtime,
    actor: Actor,
    referral_id: str,
    action: Action,
    *,
    note: str | None = None,
    reason: str | None = None,
    outcome: str | None = None,
) -> Referral:
    network, now = runtime.network, runtime.clock()
    transition = Transition(
        action=action, actor=actor, directory=network, at=now, reason=reason, note=note,
        outcome="helped" if outcome == "helped" else "not_helped" if outcome == "not_helped" else None,
    )  # fmt: skip
    record = runtime.require_store().referrals.act(
        referral_id, actor, now, readable=lambda r: can_read(actor, r, network), decider=transition
    )
    if record is None:
        raise NotFound("referral")
    return referral_view(record, actor, network, now, runtime.zone)


def _note(body: NoteBody | None) -> str | None:
    return body.note if body is not None else None


@router.post("/{referral_id}/acknowledge", response_model=Referral, responses=_ACT)
def acknowledge(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Referral:
    """The receiver has the referral (the 24-hour promise is kept when this comes by ``refer_by``)."""
    return _act(runtime, actor, referral_id, "acknowledge", note=_note(body))


@router.post("/{referral_id}/accept", response_model=Referral, responses=_ACT)
def accept(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Referral:
    """The receiver takes the child on."""
    return _act(runtime, actor, referral_id, "accept", note=_note(body))


@router.post("/{referral_id}/decline", response_model=Referral, responses=_ACT)
def decline(referral_id: ReferralId, body: DeclineBody, runtime: RuntimeDep, actor: ActorDep) -> Referral:
    """The holder cannot take it (``reason``); the sender is offered the next candidate (``next_candidate``)."""
    return _act(runtime, actor, referral_id, "decline", note=body.note, reason=body.reason)


@router.post("/{referral_id}/done", response_model=Referral, responses=_ACT)
def done(referral_id: ReferralId, body: DoneBody, runtime: RuntimeDep, actor: ActorDep) -> Referral:
    """The receiver closes it: ``helped``, or ``not_helped`` with a ``reason``."""
    return _act(runtime, actor, referral_id, "done", note=body.note, reason=body.reason, outcome=body.outcome)


@router.post("/{referral_id}/cancel", response_model=Referral, responses=_ACT)
def cancel(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Referral:
    """The sender withdraws it."""
    return _act(runtime, actor, referral_id, "cancel", note=_note(body))


@router.post("/{referral_id}/forward", response_model=Referral, responses=_ACT)
def forward(referral_id: ReferralId, runtime: RuntimeDep, actor: ActorDep, body: Body = None) -> Referral:
    """An organization in the middle of the path (the core team relaying) passes it to the next hop."""
    return _act(runtime, actor, referral_id, "forward", note=_note(body))


@router.post("/{referral_id}/{action}", include_in_schema=False, response_model=None)
def unknown_action(referral_id: ReferralId, action: Annotated[str, Path(max_length=64)]) -> NoReturn:
    raise InvalidRecord("action", f"{action[:40]!r} is not an action on a referral; actions: {', '.join(ACTIONS)}")
