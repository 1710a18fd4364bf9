"""What ``GET /v1/organizations`` and ``GET /v1/organizations/{id}`` answer: an organization of the partner network
as listed, with its place in the plan's canonical form (``PlanLocation``, the one shape of a place answered).

Shapes only, for the OpenAPI document: the routes answer plain dicts (``api/routes/organizations.py``), so that
listing a national network does not validate each of its organizations again on every request.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from safetynet.contract.plan import PlanLocation
from safetynet.contract.vocabulary import Level, Text


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class OrganizationOut(_Shape):
    id: str
    name: Text
    kind: str
    ministry: str
    province: str = Field(description="ISO 3166-2:TH")
    district: str | None = Field(description="as the graph file writes it (a Thai or English name, or a DOPA code)")
    subdistrict: str | None = Field(description="as the graph file writes it")
    service_area: Level
    services: list[str]
    location: PlanLocation = Field(
        description="where it is, as a plan gives a child's place; district and subdistrict null for a "
        "province-wide organization"
    )


class OrganizationList(_Shape):
    graph_version: str
    organizations: list[OrganizationOut]


class Partner(_Shape):
    organization_id: str
    name: Text
    kind: str
    mou_id: str
    services: list[str]
    hours: float
    expires: date | None
    illustrative: bool


class OrganizationDetail(OrganizationOut):
    partners: list[Partner] = Field(description="the organizations it has an MOU in force with today")
