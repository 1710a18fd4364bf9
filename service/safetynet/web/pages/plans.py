"""The plan page: each need with its candidates (names, not ids), the path as a chain of named organizations with
the hours and the MOU of each hop, the deadline in the Buddhist era and as "due in 5 h", the timeline, why, and the
needs nobody can meet yet with who acts next. Read with ``runtime.plans.read_plan``, as ``GET /v1/plans/{id}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Response

from safetynet.contract.plan import Candidate, Plan
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.errors import NotFound
from safetynet.network import Network
from safetynet.runtime.plans import read_plan
from safetynet.web.render import PageRoute, page
from safetynet.web.viewer import SignedInDep

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
    th, en = ORGANIZATION_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else th


def plan_hops(network: Network, plan: Plan) -> dict[tuple[str, str], list[Hop]]:
    """The hops of every candidate's path, by (need, candidate)."""
    return {(item.need, c.organization_id): hops(network, c) for item in plan.items for c in item.candidates}


@router.get("/plans/{plan_id}")
def plan_page(plan_id: PlanId, viewer: SignedInDep) -> Response:
    assert viewer.actor is not None
    plan = read_plan(viewer.runtime, plan_id, viewer.actor)
    if plan is None:
        raise NotFound("plan")
    network = viewer.runtime.network
    needs = viewer.runtime.engine.book.needs

    def need_label(code: str) -> str:
        need = needs.get(code)
        return code if need is None else (need.label.en if viewer.lang == "en" else need.label.th)

    return page(
        viewer, "plan.html", kind=lambda k: kind_label(k, viewer.lang), need_label=need_label,
        plan=plan, hops=plan_hops(network, plan), error_list=[], item_referrals={}, busy=set(), may_send=False,
        history=[],
    )  # fmt: skip
