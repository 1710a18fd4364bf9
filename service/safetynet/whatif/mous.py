"""Which MOU to sign next (``safetynet coverage --province P --suggest-mous``).

For each need of the province's cases that has no candidate within its deadline — no partner reachable, or
the first one reached only past the deadline — the eligible providers of each service tried for it are found
with the router (``Router.eligible``), and the hours to them and to the province's CM units and core team along
MOUs in force (``Router.hours_to``, the same paths a plan takes). A new MOU between such a CM unit or the core
team and an eligible provider, not yet in force for that service, would bring the provider within
``hours to that CM unit or core team + hours of the new MOU``; when that meets the deadline, the need gains a
candidate in time. Suggestions are the pairs ranked by the cases they help, then the hours they save (on needs
that had a late candidate), then the needs they help, then how soon their referrals would arrive.

The reach of routing is the router's: when it changes, suggestions follow. Only a direct new agreement is
considered, not paths that would go on from the new partner.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from safetynet.contract.case import Case
from safetynet.network import Network, Organization, Router
from safetynet.network.model import ALL
from safetynet.places import PlaceError
from safetynet.planning.decision import Attempt, decide
from safetynet.planning.planner import locate
from safetynet.whatif.side import Prepared, Side
from safetynet.whatif.sources import Item

DEFAULT_HOURS = 24.0
SHOWN_REFS = 10  # case_refs named where a list could be long


@dataclass
class Suggestion:
    source: Organization  # a CM unit or the core team of the province
    provider: Organization
    services: set[str] = field(default_factory=set)
    cases: dict[str, None] = field(default_factory=dict)  # case_refs helped, in the order met
    needs: int = 0
    newly_reached: int = 0  # needs that had no candidate at all
    hours_saved: float = 0.0  # on needs that had a candidate past the deadline
    hours_after: float = 0.0  # path hours to the provider along the new MOU, summed over the needs helped
    alternative_to: int | None = None  # the rank of an earlier MOU with this provider for the same cases and services

    def rank_key(self) -> tuple[Any, ...]:
        # ties: the MOU whose referrals arrive sooner (a CM unit's own, before the core team's)
        return (-len(self.cases), -self.hours_saved, -self.needs, self.hours_after, self.source.id, self.provider.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "parties": [_party(self.source), _party(self.provider)],
            "services": sorted(self.services),
            "cases_helped": len(self.cases),
            "needs_helped": self.needs,
            "newly_reached": self.newly_reached,
            "hours_saved": round(self.hours_saved, 2),
            "case_refs": list(self.cases),
            "alternative_to": self.alternative_to,
        }


def _party(org: Organization) -> dict[str, Any]:
    return {"organization_id": org.id, "name": org.name.model_dump(), "kind": org.kind}


@dataclass
class Suggestions:
    province: str
    day: date
    mou_hours: float
    cases: int  # cases of the province looked at
    ranked: list[Suggestion]
    #: cases of other provinces, left out (a file may hold them): how many, and the first few case_refs
    elsewhere: int = 0
    elsewhere_refs: list[str] = field(default_factory=list)

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        return {
            "province": self.province,
            "date": self.day.isoformat(),
            "mou_hours": self.mou_hours,
            "cases": self.cases,
            "suggestions": [s.as_dict() | {"rank": n} for n, s in enumerate(self.ranked[:top], start=1)],
        }


def typical_hours(network: Network, province: str, at: datetime) -> float:
    """The median hours of the MOUs in force that bind an organization of ``province`` (24 when there is none)."""
    members = {o.id for o in network.organizations.values() if o.province == province}
    day = network.day(at)
    hours = [m.hours for m in network.mous if m.in_force(day) and members.intersection(m.parties)]
    return float(statistics.median(hours)) if hours else DEFAULT_HOURS


def suggest_mous(
    items: Iterable[Item],
    side: Side,
    province: str,
    *,
    now: datetime,
    hours: float,
    skip: Callable[[str], None] = lambda _: None,
) -> Suggestions:
    """Rank the new MOUs that would give the province's cases (``item.before``) a candidate within the deadline.
    ``skip`` is told of each case that cannot be planned (why, as ``safetynet plan`` says it); cases of other
    provinces are counted as left out, so that "no MOU would help" is never said of cases never looked at."""
    network = side.network
    sources = [*network.cm_units(province), *filter(None, [network.core_team(province)])]
    bound: dict[tuple[str, date], set[tuple[str, str]]] = {}  # (source, day) -> (partner, service) in force
    found: dict[tuple[str, str], Suggestion] = {}
    looked = 0
    elsewhere: list[str] = []
    left_out = 0
    for item in items:
        case = item.before
        if case is None:
            continue  # a survey row with no need suggested
        if _province(case) not in (province, None):  # as the gazetteer reads it; first: it may have no CM unit
            left_out += 1
            if len(elsewhere) < SHOWN_REFS:
                elsewhere.append(case.case_ref)
            continue
        prepared = side.prepare(case, start=item.start, now=item.now or now, at=now)
        if prepared is None:
            skip(f"{item.named()}: skipped: {side.refusal(case, item.start) or 'it cannot be planned'}")
            continue
        looked += 1
        for late, best in _needs_gains(side, case, prepared, sources=sources, hours=hours, bound=bound):
            for pair, (new, service) in best.items():
                suggestion = found.get(pair)
                if suggestion is None:
                    source, provider = network.organizations[pair[0]], network.organizations[pair[1]]
                    suggestion = found[pair] = Suggestion(source, provider)
                suggestion.services.add(service)
                suggestion.cases[case.case_ref] = None
                suggestion.needs += 1
                suggestion.hours_after += new
                if late is None:
                    suggestion.newly_reached += 1
                else:
                    suggestion.hours_saved += max(0.0, late - new)
    ranked = sorted(found.values(), key=Suggestion.rank_key)
    _mark_alternatives(ranked)
    return Suggestions(province, now.date(), hours, looked, ranked, left_out, elsewhere)


def _province(case: Case) -> str | None:
    """The ISO code of the case's province; None when its place names none (``Side.refusal`` says why)."""
    try:
        return locate(case).province.code
    except PlaceError:
        return None


def _mark_alternatives(ranked: list[Suggestion]) -> None:
    """A province signs one of two MOUs that reach the same provider for the same cases (the CM unit's or the core
    team's): the later-ranked one is marked as the other way to the same result, not a second gain."""
    first: dict[tuple[str, frozenset[str], tuple[str, ...]], int] = {}
    for rank, suggestion in enumerate(ranked, start=1):
        key = (suggestion.provider.id, frozenset(suggestion.services), tuple(suggestion.cases))
        earlier = first.setdefault(key, rank)
        suggestion.alternative_to = earlier if earlier != rank else None


Gains = dict[tuple[str, str], tuple[float, str]]  # (source, provider) -> (hours to the provider, service)


def _needs_gains(
    side: Side,
    case: Case,
    prepared: Prepared,
    *,
    sources: list[Organization],
    hours: float,
    bound: dict[tuple[str, date], set[tuple[str, str]]],
) -> Iterator[tuple[float | None, Gains]]:
    """For each need of the case with no candidate in time: the hours of its late candidate (None: none at all)
    and what each new MOU would give it."""
    bindings = _bound(side.network, bound, sources, prepared.at)
    for need, fired in zip(case.needs, prepared.fired, strict=True):
        if fired is None or not fired[1]:
            continue  # no rule answers it: no agreement can help
        decision = decide(
            side.planner.router,
            side.planner.rule_parts(side.book),
            case=case,
            need=need,
            default_urgent=prepared.default[need.code],
            firings=fired[0],
            start=prepared.start,
            at=prepared.at,
            place=prepared.where,
        )
        chosen = decision.chosen
        late = chosen.route.candidates[0].path_hours if chosen.route.candidates else None
        if late is not None and late <= _hours(chosen):
            continue  # a candidate within the deadline already
        best: Gains = {}
        for attempt in decision.attempts:
            for pair, new in _gains(side.router, attempt, sources, hours, bindings).items():
                if pair not in best or new < best[pair][0]:
                    best[pair] = (new, attempt.request.service)
        if best:
            yield late, best


def _hours(attempt: Attempt) -> float:
    return attempt.deadline.total_seconds() / 3600


def _bound(
    network: Network, cache: dict[tuple[str, date], set[tuple[str, str]]], sources: list[Organization], at: datetime
) -> dict[str, set[tuple[str, str]]]:
    """For each source: (partner, service) of every MOU in force that binds it (``ALL`` for every service)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for source in sources:
        key = (source.id, at.date())
        if key not in cache:
            cache[key] = {(p.id, code) for p, mou in network.partners(source.id, at) for code in mou.services}
        out[source.id] = cache[key]
    return out


def _gains(
    router: Router,
    attempt: Attempt,
    sources: list[Organization],
    hours: float,
    bindings: dict[str, set[tuple[str, str]]],
) -> dict[tuple[str, str], float]:
    """(source, provider) -> hours to the provider along a new MOU between them, where that meets the deadline."""
    request = attempt.request
    eligible = [org for org, _ in router.eligible(request)]
    if not eligible:
        return {}
    deadline = _hours(attempt)
    reach = router.hours_to(request, [*(s.id for s in sources), *(e.id for e in eligible)])
    out: dict[tuple[str, str], float] = {}
    for provider in eligible:
        now = reach[provider.id]
        if now is not None and now <= deadline:
            continue
        for source in sources:
            before = reach[source.id]
            if before is None or source.id == provider.id:
                continue
            bound = bindings[source.id]
            if (provider.id, request.service) in bound or (provider.id, ALL) in bound:
                continue  # an MOU for this service binds them already
            new = before + hours
            if new <= deadline:
                out[source.id, provider.id] = new
    return out
