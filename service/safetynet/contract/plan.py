"""What a case manager gets back: the suggested plan (response of ``POST /v1/plans``).

The field names are the contract's (``../shared/CONTRACT.md``); fields beyond it are additions that the
contract allows. Models here are only shapes: ``planner.py`` fills them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from safetynet.contract.vocabulary import Term, Text

#: Why no partner is reached for a need that rules answered (``network.Router``).
NoRoute = Literal["no_partner", "no_path"]
#: Why a need has no plan item: no rule answered it, or no partner is reached.
UnmetReason = Literal["no_rule", NoRoute]


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class RuleRef(_Shape):
    id: str
    title: Text


class OrganizationRef(_Shape):
    organization_id: str
    name: Text


class MouRef(_Shape):
    id: str
    illustrative: bool = Field(description="true for demo data: not the text of a real agreement")


class Candidate(_Shape):
    organization_id: str
    name: Text
    kind: str
    area: str = Field(description="how close the partner's service area is: subdistrict, district, province, national")
    path: list[str] = Field(description="organization ids from requested_by to the candidate, along MOUs in force")
    path_hours: float = Field(description="expected hours for the referral to arrive along that path")
    hops: int
    mous: list[MouRef] = Field(description="the MOU behind each hop of the path, in order")


class TimelineStep(_Shape):
    step: str = Field(description="the step, in English (see label for Thai)")
    label: Text
    term: Term
    due: date


class PlanItem(_Shape):
    need: str
    need_label: Text
    service: str
    service_label: Text
    urgent: bool
    refer_by: datetime = Field(description="requested_at + 24 h when urgent")
    meets_deadline: bool | None = Field(
        description="whether the first candidate can be reached by refer_by; null when there is no candidate"
    )
    rules: list[RuleRef]
    explanation: list[str] = Field(description="why, in English: the conditions that held, how candidates were chosen")
    explanation_th: list[str] | None = Field(
        default=None,
        description="the same lines in Thai, line for line with explanation; null in a plan made before plans said "
        "them in Thai (show explanation then)",
    )
    candidates: list[Candidate]
    escalation: OrganizationRef | None = Field(
        default=None, description="the provincial core team, when no candidate can be reached"
    )
    timeline: list[TimelineStep]


class Unmet(_Shape):
    need: str
    reason: UnmetReason
    escalate_to: str = Field(
        description="organization id of who acts next: the provincial core team (docs/network.md: escalation)"
    )
    detail: str = Field(description="why, and the next step, in English")
    detail_th: str | None = Field(
        default=None,
        description="the same in Thai; null in a plan made before plans said it in Thai (show detail then)",
    )


class PlaceRef(_Shape):
    code: str = Field(description="ISO 3166-2:TH for a province, DOPA for a district or subdistrict")
    th: str
    en: str


class PlanLocation(_Shape):
    """The child's place in canonical form, from the official gazetteer."""

    province: PlaceRef
    district: PlaceRef | None
    subdistrict: PlaceRef | None


class Plan(_Shape):
    plan_id: str
    case_ref: str
    created_at: datetime
    requested_by: str
    requested_at: datetime
    location: PlanLocation
    rules_version: str
    graph_version: str
    items: list[PlanItem]
    unmet: list[Unmet]
    # Last on purpose: the body is made before the plan is stored, and this is known only once it is (see
    # ``with_previous``).
    previous_plan_id: str | None = Field(
        default=None, description="the plan of the same case_ref by the same organization that this one follows"
    )

    @staticmethod
    def with_previous(body: str, previous_plan_id: str | None) -> str:
        """``body`` (this model's JSON, ``previous_plan_id`` null) with ``previous_plan_id`` set."""
        if previous_plan_id is None:
            return body
        tail = '"previous_plan_id":null}'
        if not body.endswith(tail):
            raise ValueError("not the JSON of a plan made without its previous_plan_id")
        return body[: -len("null}")] + json.dumps(previous_plan_id) + "}"

    def named_organizations(self) -> frozenset[str]:
        """Every organization the plan names: where it starts, each candidate, each escalation (for reach)."""
        named = {self.requested_by}
        for item in self.items:
            named.update(c.organization_id for c in item.candidates)
            if item.escalation is not None:
                named.add(item.escalation.organization_id)
        named.update(u.escalate_to for u in self.unmet)
        return frozenset(named)
