"""For one need that rules answer: which service the plan uses, the route to its partners and the deadline.
Trying, in priority order, each fired rule that asks for another service or other providers, until one has
partners that can be reached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from safetynet.contract.case import Case, NeedRequest
from safetynet.network import Router, RouteRequest, RouteResult
from safetynet.places import Location
from safetynet.planning.explain import URGENT_HOURS
from safetynet.planning.ruleparts import RuleParts, one_per_outcome
from safetynet.rules import Firing

URGENT = timedelta(hours=URGENT_HOURS)


class Attempt(NamedTuple):
    """One service tried for a need: the rule that suggests it, the routing request, its answer, its deadline."""

    firing: Firing
    request: RouteRequest
    route: RouteResult
    deadline: timedelta


class Decision(NamedTuple):
    """What a plan says for one need that rules answer, before it is dressed as a ``PlanItem``.

    ``chosen`` is the attempt whose service the plan uses: the first with candidates, else the first tried."""

    urgent: bool
    attempts: tuple[Attempt, ...]
    chosen: Attempt


def decide(
    router: Router,
    parts: dict[str, RuleParts],
    *,
    case: Case,
    need: NeedRequest,
    default_urgent: bool,
    firings: Sequence[Firing],
    start: str,
    at: datetime,
    place: Location,
) -> Decision:
    """The service, route and deadline for ``need``, whose ``firings`` (not empty) came from the rule book of
    ``parts``; ``default_urgent`` is the need's urgency in the catalogue; ``place``: the child's, resolved."""
    urgent = need.urgent if need.urgent is not None else rule_urgency(firings, default_urgent)
    # The first rule by priority gives the service; when nobody can be reached for it, the next fired rule
    # asking for another service or other providers is tried (a baseline rule, say), so that a child is not
    # left unmet while another rule has partners.
    attempts: list[Attempt] = []
    for firing in one_per_outcome(firings, parts):
        rule = parts[firing.rule.id]
        request = route_request(rule, case, place, start, at=at, urgent=urgent)
        attempts.append(Attempt(firing, request, router.route(request), URGENT if urgent else rule.referral))
        if attempts[-1].route.candidates:
            break
    chosen = attempts[-1] if attempts[-1].route.candidates else attempts[0]
    return Decision(urgent, tuple(attempts), chosen)


def rule_urgency(firings: Sequence[Firing], default: bool) -> bool:
    said = firings[0].rule.outcome.urgent
    return default if said is None else said


def route_request(
    rule: RuleParts, case: Case, where: Location, start: str, *, at: datetime, urgent: bool
) -> RouteRequest:
    return RouteRequest(
        service=rule.service,
        providers=rule.providers,
        province=where.province.code,
        district=where.district.code if where.district else None,
        subdistrict=where.subdistrict.code if where.subdistrict else None,
        age=case.child.age,
        requested_by=start,
        at=at,
        urgent=urgent,
        deadline_hours=URGENT_HOURS,
    )
