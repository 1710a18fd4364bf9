"""For policy writers and coordinators: the rules in force (each with its conditions in words, reference and dates)
and a province's organizations and MOUs. Read from the loaded rule book and partner network, as ``GET /v1/rules``
and ``GET /v1/organizations`` read them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from safetynet.contract.case import ProvinceFilter
from safetynet.places import gazetteer
from safetynet.web.conditions import words
from safetynet.web.pages.plans import kind_label
from safetynet.web.render import Fmt, PageRoute, page
from safetynet.web.viewer import SignedInDep

router = APIRouter(route_class=PageRoute)


@router.get("/rules")
def rules_page(viewer: SignedInDep) -> Response:
    book = viewer.runtime.engine.book
    today = viewer.runtime.network.day(datetime.now(UTC))
    label = Fmt(viewer.lang, None, datetime.now(UTC), lambda _: None, book.needs).need
    in_force = [r for r in book.rules if r.in_force(today)]
    by_need = {code: [r for r in in_force if r.need == code] for code in book.needs}
    conditions = {r.id: words(r.condition, viewer.lang, label) for r in in_force}
    return page(
        viewer, "rules.html", book=book, by_need=by_need, conditions=conditions,
        kind=lambda k: kind_label(k, viewer.lang),
    )  # fmt: skip


@router.get("/network")
def network_page(viewer: SignedInDep, province: Annotated[ProvinceFilter | None, Query()] = None) -> Response:
    network = viewer.runtime.network
    actor = viewer.actor
    if province is None:
        own = network.organization(actor.organization_id) if actor and actor.organization_id else None
        province = own.province if own is not None else network.provinces()[0]
    organizations = network.find(province=province)
    ids = {o.id for o in organizations}
    mous = sorted((m for m in network.mous if ids.intersection(m.parties)), key=lambda m: m.id)
    services = viewer.runtime.engine.book.services
    return page(
        viewer, "network.html", province=province, provinces=[gazetteer.province(p) for p in network.provinces()],
        organizations=organizations, mous=mous, services=services, kind=lambda k: kind_label(k, viewer.lang),
        today=network.day(datetime.now(UTC)),
    )  # fmt: skip
