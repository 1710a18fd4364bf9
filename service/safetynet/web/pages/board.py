"""The provincial core team's board: the province's overdue referrals, the funnel (planned → referred →
acknowledged in time → accepted → helped, per need: ``runtime.referrals.funnel``), the coverage table of every
district (``runtime.coverage``, as ``GET /v1/coverage`` and ``safetynet coverage`` make it) with its holes, and from
a hole the services and partners involved."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from safetynet.contract.case import NeedCode, ProvinceFilter
from safetynet.errors import Forbidden, NotFound
from safetynet.network import Coverage
from safetynet.network.reach import offers_for
from safetynet.places import gazetteer
from safetynet.referrals.reach import core_team_province
from safetynet.runtime import referrals
from safetynet.runtime.coverage import province_coverage as coverage_of
from safetynet.store.referral_records import ReferralFilters
from safetynet.web.pages.plans import kind_label
from safetynet.web.render import PageRoute, page
from safetynet.web.viewer import SignedInDep, Viewer

router = APIRouter(route_class=PageRoute)


def board_province(viewer: Viewer, asked: str | None) -> str:
    """The province whose board ``viewer`` sees: a core team its own (``referrals.reach.core_team_province``); admin
    any (``asked``, else the first)."""
    actor = viewer.actor
    assert actor is not None
    network = viewer.runtime.network
    if actor.role == "admin":
        return asked or network.provinces()[0]
    own = core_team_province(actor, network)
    if own is None:
        raise Forbidden("the province board is for the provincial core team (and admin)")
    if asked is not None and asked != own:
        raise Forbidden(f"province: the core team of {own} sees its own province only")
    return own


def province_coverage(viewer: Viewer, province: str) -> Coverage:
    return coverage_of(viewer.runtime.network, viewer.runtime.engine.book, province, datetime.now(UTC))


@router.get("/board")
def board_page(viewer: SignedInDep, province: Annotated[ProvinceFilter | None, Query()] = None) -> Response:
    chosen = board_province(viewer, province)
    assert viewer.actor is not None
    runtime, actor = viewer.runtime, viewer.actor
    table = province_coverage(viewer, chosen)
    overdue = referrals.listed(runtime, actor, ReferralFilters(overdue=True, province=chosen), limit=100).items
    funnel = referrals.funnel(runtime, actor, chosen)
    return page(
        viewer, "board.html", province=gazetteer.province(chosen), coverage=table, holes=set(table.holes),
        services=runtime.engine.book.services, overdue=overdue, funnel=funnel, stages=referrals.STAGES,
        top_count=max((n for _, counts in funnel for n in counts.values()), default=0),
    )  # fmt: skip


@router.get("/board/hole")
def hole_page(
    viewer: SignedInDep,
    service: Annotated[NeedCode, Query()],
    district: Annotated[str, Query(pattern=r"^\d{4}$")],
    province: Annotated[ProvinceFilter | None, Query()] = None,
) -> Response:
    """A hole: the service, the rules that ask for it (with the kinds of provider), the partners of the province
    that give it (and those serving only one subdistrict of this district), and where referrals start."""
    chosen = board_province(viewer, province)
    runtime = viewer.runtime
    place = gazetteer.district(district)
    book = runtime.engine.book
    if place is None or place.province != chosen or service not in book.services:
        raise NotFound("hole")
    table = coverage_of(runtime.network, runtime.engine.book, chosen, datetime.now(UTC), services=(service,))
    offers = list(offers_for(runtime.network).of(service, chosen))
    return page(
        viewer, "hole.html", province=gazetteer.province(chosen), district=place, service=book.services[service],
        rules=[r for r in book.rules if r.outcome.service == service], offers=offers,
        reached=set(table.partners.get((service, district), ())),
        partial=set(table.partial.get((service, district), ())),
        cm_units=table.cm_units, core_team=runtime.network.core_team(chosen),
        kind=lambda k: kind_label(k, viewer.lang), area_of=runtime.network.area,
    )  # fmt: skip
