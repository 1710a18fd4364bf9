"""The plan page: each need with its candidates (names, not ids), the path as a chain of named organizations with
the hours and the MOU of each hop, the deadline in the Buddhist era and as "due in 5 h", the timeline, why, and the
needs nobody can meet yet with who acts next. Read with ``runtime.plans.read_plan``, as ``GET /v1/plans/{id}``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.concurrency import run_in_threadpool

from safetynet.contract import vocabulary
from safetynet.contract.labels import pick
from safetynet.contract.plan import Candidate, Plan, PlanItem
from safetynet.contract.referral import Referral
from safetynet.errors import NotFound
from safetynet.network import Network
from safetynet.referrals.reach import can_send
from safetynet.referrals.sending import escalation_of, still_open
from safetynet.runtime import referrals
from safetynet.runtime.plans import list_plans, read_plan
from safetynet.store.referral_records import PlanFilters
from safetynet.web.formerrors import FieldError
from safetynet.web.render import PageRoute, page
from safetynet.web.viewer import SignedInDep, Viewer

router = APIRouter(route_class=PageRoute)
PlanId = Annotated[str, Path(max_length=64)]


@dataclass(frozen=True)
class Hop:
    """One hop of a referral path: from one organization to the next, along an MOU, in so many hours."""

    source: str
    target: str
    mou: str
    hours: float | None
    illustrative: bool


def hops(network: Network, candidate: Candidate) -> list[Hop]:
    found = []
    pairs = zip(candidate.path, candidate.path[1:], strict=False)
    for (source, target), ref in zip(pairs, candidate.mous, strict=False):
        try:
            hours: float | None = network.mou(ref.id).hours
        except KeyError:  # the plan was made with a network that had it
            hours = None
        found.append(Hop(source, target, ref.id, hours, ref.illustrative))
    return found


def kind_label(kind: str, lang: str) -> str:
    return pick(vocabulary.kind_label(kind), lang)


@dataclass(frozen=True)
class Offer:
    """What the plan page offers for one item, from its referrals as the domain gives them: the candidates that
    declined it (by organization, with that referral: who, why, the note), the one the domain sends to next (the
    latest referral's ``next_candidate``, as ``POST /v1/referrals`` without an organization), and, once every
    candidate was tried, where the item may go then (``sending.escalation_of``), unless that one declined too.
    ``reach``: the candidate the item is with (its latest referral still stands) or goes to next, and whether its
    path fits the item's deadline, as the plan's ``meets_deadline`` says of the first one; none once every candidate
    was tried (the badge then spoke of a partner that had declined)."""

    declined: dict[str, Referral]
    next: str | None
    then: str | None
    reach: tuple[str, bool] | None = None


def _reach(item: PlanItem, organization_id: str | None, since: datetime) -> tuple[str, bool] | None:
    """``organization_id`` and whether its path, set off at ``since``, arrives by the item's deadline: the plan's own
    reckoning (``planning.planitem``), for whichever candidate the page now speaks of and from the moment that
    counts now (a plan read a day late could not still be in time)."""
    found = next((c for c in item.candidates if c.organization_id == organization_id), None)
    if found is None:
        return None
    return found.organization_id, since + timedelta(hours=found.path_hours) <= item.refer_by


def offer_of(item: PlanItem, sent: list[Referral], core_team: str | None, now: datetime) -> Offer:
    """``now``: a candidate still to be sent to sets off now (or at the plan's request, when that is later); the
    one the item is with set off when it was sent."""
    declined = {r.to_organization: r for r in sent if r.status == "declined"}
    latest = next((r for r in reversed(sent) if r.replaced_by is None), None)  # the one a new referral replaces
    if latest is None:
        first = item.candidates[0].organization_id if item.candidates else None
        return Offer(declined, first, None, _reach(item, first, now))
    then = None
    ended = latest.status in ("declined", "cancelled")
    if ended and latest.next_candidate is None and item.candidates:
        target = escalation_of(item, core_team)
        then = target if target not in declined else None
    if ended:
        reach = _reach(item, latest.next_candidate, now)
    else:
        reach = _reach(item, latest.to_organization, latest.created_at)
    return Offer(declined, latest.next_candidate, then, reach)


@dataclass(frozen=True)
class SendAgain:
    """A send-again form (to a partner that declined, saying what changed) posted with ``errors``: its plan item,
    its partner and the words as written, shown back at that form's field."""

    need: str
    organization_id: str
    text: str
    errors: list[FieldError]


def plan_hops(network: Network, plan: Plan) -> dict[tuple[str, str], list[Hop]]:
    """The hops of every candidate's path, by (need, candidate)."""
    return {(item.need, c.organization_id): hops(network, c) for item in plan.items for c in item.candidates}


async def plan_page_for(
    viewer: Viewer, plan_id: str, errors: list[FieldError] | None = None, again: SendAgain | None = None
) -> Response:
    """The plan page: the plan as the viewer may see it, the referrals of each item, the case's earlier plans; the
    errors of a referral that could not be sent, when there are, and the send-again form that had them (``again``)."""
    actor = viewer.actor
    assert actor is not None
    runtime = viewer.runtime
    plan = await read_plan(runtime, plan_id, actor)
    if plan is None:
        raise NotFound("plan")
    network = runtime.network
    item_referrals = await referrals.of_plan(runtime, actor, plan)
    busy = {need for need, sent in item_referrals.items() if any(still_open(r.status, r.outcome) for r in sent)}
    core = network.core_team(plan.location.province.code)
    offers = {
        i.need: offer_of(i, item_referrals[i.need], core.id if core else None, max(runtime.clock(), plan.requested_at))
        for i in plan.items
    }
    # The case's other plans, when it has any (a first plan has no previous one): listing them audits each read.
    earlier = PlanFilters(case_ref=plan.case_ref)
    history = []
    if plan.previous_plan_id:
        history = (await run_in_threadpool(list_plans, runtime, actor, earlier, limit=10))[0]

    return page(
        viewer, "plan.html", kind=lambda k: kind_label(k, viewer.lang),
        plan=plan, hops=plan_hops(network, plan), error_list=errors or [], item_referrals=item_referrals, busy=busy,
        offers=offers, again=again,
        may_send=can_send(actor, plan.location.province.code, True, network),
        history=[p for p in history if p.plan_id != plan.plan_id],
    )  # fmt: skip


@router.get("/plans/{plan_id}")
async def plan_page(plan_id: PlanId, viewer: SignedInDep) -> Response:
    return await plan_page_for(viewer, plan_id)
