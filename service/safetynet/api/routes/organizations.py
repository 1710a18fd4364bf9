from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.queryenum import known
from safetynet.api.router import ApiRouter
from safetynet.contract.case import ProvinceFilter
from safetynet.contract.organization import OrganizationDetail, OrganizationList
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.errors import NotFound
from safetynet.network import Network, Organization
from safetynet.runtime.coverage import province_coverage as coverage_of

router = ApiRouter(tags=["partner network"], route_class=StrictJsonRoute)

_Filter = Annotated[str | None, Query(max_length=64)]


def documented(shape: type[BaseModel], description: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route whose 200 is documented by ``shape`` (and each error status by ``ErrorBody``)."""
    return {200: {"model": shape, "description": description}, **error_responses(*errors)}


# The answers are documented by their contract shapes (responses) and made as plain dicts, serialized by pydantic as
# dicts (response_model) and not validated as models: a listing of the national network would check 60,000
# organizations again on every request (and FastAPI's encoder without a response model is slower still).
@router.get(
    "/v1/organizations",
    response_model=dict[str, Any],
    responses=documented(OrganizationList, "the organizations", 401, 422, 503),
)
def list_organizations(
    runtime: RuntimeDep,
    actor: ActorDep,
    service: _Filter = None,
    province: Annotated[ProvinceFilter | None, Query(examples=["TH-65"])] = None,
    kind: _Filter = None,
) -> dict[str, Any]:
    """Organizations of the partner network, filtered by service, province (the ISO 3166-2:TH or DOPA code,
    or the Thai or English name; any other is a 422 naming the field, as for coverage) and kind."""
    known(service, runtime.engine.book.services, "service")
    known(kind, ORGANIZATION_KINDS, "kind")
    network = runtime.network
    found = [describe(org, network) for org in network.find(service=service, province=province, kind=kind)]
    return {"graph_version": network.version, "organizations": found}


@router.get(
    "/v1/organizations/{organization_id}",
    response_model=dict[str, Any],
    responses=documented(OrganizationDetail, "the organization", 401, 404, 422, 503),
)
def read_organization(
    organization_id: Annotated[str, Path(max_length=64)], runtime: RuntimeDep, actor: ActorDep
) -> dict[str, Any]:
    """One organization with its partners along MOUs in force today."""
    org = runtime.network.organization(organization_id)
    if org is None:
        raise NotFound(f"organization {organization_id!r}")
    partners = [
        {
            "organization_id": other.id,
            "name": other.name.model_dump(),
            "kind": other.kind,
            "mou_id": mou.id,
            "services": list(mou.services),
            "hours": mou.hours,
            "expires": mou.expires.isoformat() if mou.expires else None,
            "illustrative": mou.illustrative,
        }
        for other, mou in runtime.network.partners(org.id, datetime.now(UTC))
    ]
    return describe(org, runtime.network) | {"partners": partners}


@router.get("/v1/coverage", responses=error_responses(401, 422, 503))
def province_coverage(
    runtime: RuntimeDep, actor: ActorDep, province: Annotated[ProvinceFilter, Query(examples=["TH-52"])]
) -> dict[str, Any]:
    """Service × district: how many partners the province's CM units reach, of the kinds the rules in force ask for
    each service (``kinds``: those counted, null for any kind), with the holes named.

    ``province``: the ISO 3166-2:TH or DOPA code, or the Thai or English name; any other is a 422 naming the
    field, with the closest names."""
    return coverage_of(runtime.network, runtime.engine.book, province, datetime.now(UTC)).as_dict()


def describe(org: Organization, network: Network) -> dict[str, Any]:
    """The organization as listed: its fields as the graph file writes them (``district``, ``subdistrict``), and its
    ``location`` in the plan's canonical form (Thai and English names, ISO and DOPA codes; district and subdistrict
    null for a province-wide body)."""
    return {
        "id": org.id,
        "name": org.name.model_dump(),
        "kind": org.kind,
        "ministry": org.ministry,
        "province": org.province,
        "district": org.district,
        "subdistrict": org.subdistrict,
        "service_area": org.service_area,
        "services": [s.code for s in org.services],
        "location": network.location(org.id).as_dict(),
    }
