"""A decision dressed as the plan's item for one need: candidates with their paths and MOUs, the deadline, the
timeline, the rules and the explanation in words; and, when nobody can be reached, the unmet need with who
acts next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from safetynet.contract.plan import OrganizationRef, PlanItem, Unmet
from safetynet.contract.vocabulary import LEVELS
from safetynet.network import Organization
from safetynet.places import Location
from safetynet.planning.decision import Decision
from safetynet.planning.explain import (
    NO_DISTRICT,
    Names,
    Search,
    also_searched,
    escalation_line,
    fired_lines,
    over_deadline,
    route_lines,
)
from safetynet.planning.ruleparts import RuleParts
from safetynet.planning.unmet import unmet_detail
from safetynet.rules import Firing, RuleBook


def plan_item(
    book: RuleBook,
    parts: dict[str, RuleParts],
    illustrative: Mapping[str, bool],
    *,
    where: Location,
    need: str,
    firings: Sequence[Firing],
    decision: Decision,
    at: datetime,
    sets_off: datetime,
) -> tuple[PlanItem, Unmet | None]:
    """The item for ``need`` from ``decision`` (``firings`` from ``book``; ``illustrative``: whether each MOU is),
    and the unmet need when nobody can be reached. ``at``: when the case was requested, where the deadline counts
    from (the contract's ``refer_by``); ``sets_off``: when a referral sent now would leave (the plan's making, or
    ``at`` when that is later), where ``meets_deadline`` counts the path from: a case recorded late has less time."""
    urgent, (chosen, _, route, deadline) = decision.urgent, decision.chosen
    tried = [(a.firing, a.route) for a in decision.attempts]
    outcome = chosen.rule.outcome
    chosen_parts = parts[chosen.rule.id]
    on = at.date()
    # Candidates and timeline steps are given to PlanItem as dicts (every field required): pydantic builds them
    # in one validation with the item, without a Python __init__ each.
    candidates = [
        {
            "organization_id": c.organization.id,
            "name": c.organization.name,
            "kind": c.organization.kind,
            "area": LEVELS[c.area_closeness],
            "path": list(c.path),
            "path_hours": c.path_hours,
            "hops": c.hops,
            "mous": [{"id": m, "illustrative": illustrative[m]} for m in c.mous],
        }
        for c in route.candidates
    ]
    meets = sets_off + timedelta(hours=route.candidates[0].path_hours) <= at + deadline if candidates else None
    names = Names(book.services, where.province)
    explanation = fired_lines(firings, chosen, tried, [parts[f.rule.id].fired(f) for f in firings], names)
    explanation += route_lines(route, outcome.service, chosen_parts.providers, names)
    others: list[Search] = []
    if route.reason is not None:  # nobody for any rule tried: each searched its own kinds, with its own near misses
        others = [Search(a.firing.rule.id, a.request, a.route) for a in decision.attempts if a.route is not route]
        explanation += also_searched(others, names)
    if where.district is None:
        explanation.append(NO_DISTRICT)
    if route.escalation is not None and route.reason is not None:
        explanation.append(escalation_line(route.escalation))
    if urgent and route.over_deadline:
        explanation.append(over_deadline(route.candidates[0].path_hours if route.candidates else 0))
        if route.escalation is not None:  # someone named to close the gap
            explanation.append(escalation_line(route.escalation))
    item = PlanItem(
        need=need,
        need_label=book.needs[need].label,
        service=outcome.service,
        service_label=book.services[outcome.service].label,
        urgent=urgent,
        refer_by=at + deadline,
        meets_deadline=meets,
        rules=[parts[f.rule.id].ref for f in firings],
        explanation=[line.en for line in explanation],
        explanation_th=[line.th for line in explanation],
        candidates=candidates,
        escalation=_ref(route.escalation),  # set when nobody is found, or nobody within an urgent deadline
        timeline=[
            {"step": step, "label": label, "term": term, "due": on + after}
            for step, label, term, after in chosen_parts.timeline
        ],
    )
    missing = None
    if route.reason is not None and route.escalation is not None:
        detail = unmet_detail(route, outcome.service, chosen_parts.providers, names, others)
        missing = Unmet(
            need=need, reason=route.reason, escalate_to=route.escalation.id, detail=detail.en, detail_th=detail.th
        )
    return item, missing


def _ref(org: Organization | None) -> OrganizationRef | None:
    return None if org is None else OrganizationRef(organization_id=org.id, name=org.name)
