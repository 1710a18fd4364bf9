"""What a plan item says in words: why these candidates, or why none, and who acts next.

Every line is English (the plan's ``explanation``); the rules' and organizations' own labels carry the Thai.
For ``no_partner`` and ``no_path`` it says which kinds and levels were searched and, for the nearest providers
(up to 3), why each was left out, for every rule tried (a need's baseline searches other kinds than its first
rule); every unmet need names who acts next and what they can do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from safetynet.contract.vocabulary import CORE_TEAM, Level
from safetynet.network import Organization, RouteRequest, RouteResult
from safetynet.network.nearmiss import NearMiss
from safetynet.rules import Firing

URGENT_HOURS = 24
#: Why a rule with no condition fired: it is the baseline of its need.
BASELINE = "no condition: the baseline for every child a CM assessed as having this need"
NO_DISTRICT = (
    "the case gives no district: only providers that serve the whole province (or the country) are proposed; "
    "give the district for nearer ones"
)


class Search(NamedTuple):
    """A rule tried after the one the item follows, and what its route found (nobody)."""

    rule_id: str
    request: RouteRequest
    route: RouteResult


def searched(service: str, providers: Sequence[tuple[str, Level]], province: str) -> str:
    """``searched for school_enrolment in TH-95: school (district; province-wide as a fallback), ...``"""
    if not providers:
        return f"searched for {service} in {province}: any kind of provider, from any area"
    kinds = []
    for kind, level in providers:
        if level in ("subdistrict", "district"):
            kinds.append(f"{kind} ({level}; province-wide as a fallback)")
        else:
            kinds.append(f"{kind} ({level})")
    return f"searched for {service} in {province}: " + ", ".join(kinds)


def escalation_line(who: Organization) -> str:
    return f"escalate to {who.id} ({who.name.en}){_role(who)}"


def _role(who: Organization) -> str:
    if who.kind == CORE_TEAM:
        return ", the provincial core team"
    return ", the organization that asked (no core team in the network for this province)"


def route_lines(route: RouteResult, service: str, providers: Sequence[tuple[str, Level]], province: str) -> list[str]:
    """The lines about who was found (or not) for the service."""
    lines: list[str] = []
    if route.candidates:
        lines.append("candidates ranked by area closeness, then path hours, then hops")
        fallbacks = [c.organization.id for c in route.candidates if c.fallback]
        if fallbacks:
            verb = "serves" if len(fallbacks) == 1 else "serve"
            lines.append(
                f"{', '.join(fallbacks)} {verb} the whole province, wider than the rule's level for the kind: "
                "ranked after the providers within it"
            )
        return lines
    lines.append(searched(service, providers, province))
    if route.reason == "no_partner":
        lines.append("no provider of these kinds can take this child here" + _nearest(route.near_misses))
    elif route.reason == "no_path":
        lines.append(
            "providers qualify but none is reachable along MOUs in force that cover the service"
            + _nearest(route.near_misses)
        )
    return lines


def also_searched(others: Sequence[Search], province: str) -> list[str]:
    """The lines of ``route_lines`` for each other rule tried, each starting with the rule's id."""
    return [
        f"{s.rule_id}: {line}"
        for s in others
        for line in route_lines(s.route, s.request.service, s.request.providers, province)
    ]


def _nearest(misses: Sequence[NearMiss]) -> str:
    if not misses:
        return "; none of these kinds gives this service in the province or nationally"
    return "; nearest: " + numbered(misses)


def numbered(misses: Sequence[NearMiss]) -> str:
    """``1. org (name): why; 2. ...``"""
    return "; ".join(f"{n}. {miss}" for n, miss in enumerate(misses, start=1))


def next_step(route: RouteResult, service: str, others: Sequence[Search] = ()) -> str:
    """What the escalation can do, from the reasons the nearest providers of every rule tried were left out."""
    steps: list[str] = []
    for found, code in ((route, service), *((s.route, s.request.service) for s in others)):
        steps.extend(step for step in _steps(found, code) if step not in steps)
    return "; ".join(steps)


def _steps(route: RouteResult, service: str) -> list[str]:
    reasons = {reason for m in route.near_misses for reason in m.reasons}
    only_place = any(set(m.reasons) <= {"district_not_given", "subdistrict_not_given"} for m in route.near_misses)
    steps = []
    if only_place:
        steps.append("give the child's district (and subdistrict) if known, and plan again")
    if "no_path" in reasons:
        steps.append(f"refer by hand, and get an MOU covering {service} signed with one of them")
    if "capacity" in reasons:
        steps.append("ask whether one can take this child now")
    if "age" in reasons:
        steps.append("ask for an exception to the age limit, or find a partner for this age")
    if not steps or reasons & {"outside_area", "level"}:
        steps.append(f"find a partner for {service} in the province and add it to graph/")
    return steps


def unmet_detail(
    route: RouteResult,
    service: str,
    providers: Sequence[tuple[str, Level]],
    province: str,
    others: Sequence[Search] = (),
) -> str:
    """Why nobody, searched by the rule the item follows and by ``others`` (the other rules tried), and who acts."""
    who = route.escalation
    assert who is not None  # a route without candidates always names who acts
    what = {
        "no_partner": f"no partner can take this child for {service}",
        "no_path": f"partners for {service} qualify but none is reachable along MOUs in force",
    }[route.reason or "no_partner"]
    also = "".join(
        f"; {s.rule_id}: {searched(s.request.service, s.request.providers, province)}{_nearest_of(s.route)}"
        for s in others
    )
    return (
        f"{what}{_nearest_of(route)}; {searched(service, providers, province)}{also}. "
        f"Next: {who.id} ({who.name.en}) acts: {next_step(route, service, others)}"
    )


def _nearest_of(route: RouteResult) -> str:
    return f" (nearest: {numbered(route.near_misses)})" if route.near_misses else ""


def no_rule_detail(need: str, who: Organization) -> str:
    return (
        f"no rule in force answers {need} for this child. Next: {who.id} ({who.name.en}) decides who acts, and "
        "tells the policy writers so that a rule answers it (rules/)"
    )


def fired_lines(
    firings: Sequence[Firing], chosen: Firing, tried: Sequence[tuple[Firing, RouteResult]], headings: Sequence[str]
) -> list[str]:
    """One line per rule that fired (``headings``: how each one's line starts), with why; then which rule the plan
    follows when another could not route."""
    lines = [heading + "; ".join(f.because or (BASELINE,)) for heading, f in zip(headings, firings, strict=True)]
    found = any(route.candidates for firing, route in tried if firing is chosen)
    for firing, skipped in tried:
        if firing is chosen:
            continue
        nobody = f"nobody can be reached for {firing.rule.outcome.service} ({firing.rule.id}: {skipped.reason})"
        if found:
            lines.append(f"{nobody}; the plan uses {chosen.rule.outcome.service} from {chosen.rule.id} instead")
        else:
            lines.append(f"{nobody} either")
    if len(firings) > 1 and chosen is firings[0]:
        lines.append(f"service and timeline from {chosen.rule.id}, the first rule by priority")
    return lines
