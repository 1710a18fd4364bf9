"""Case → rules → routing → plan, in one straight line.

The planner is pure given a rule engine and a router: it reads no files, touches no database and keeps no
state between calls, so the API, the CLI and the scenarios all get the same plan for the same case.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from safetynet.contract.case import Case, NeedRequest
from safetynet.contract.facts import needs_facts
from safetynet.contract.plan import OrganizationRef, Plan, PlanItem, RuleRef, Unmet
from safetynet.contract.vocabulary import LEVELS, Level, Term, Text
from safetynet.errors import NoStartingPoint, UnknownNeed, UnknownOrganization
from safetynet.network import Network, Organization, Router, RouteRequest, RouteResult
from safetynet.places import Location, PlaceError, resolve_location
from safetynet.planning.explain import (
    NO_DISTRICT,
    URGENT_HOURS,
    escalation_line,
    fired_lines,
    no_rule_detail,
    route_lines,
    unmet_detail,
)
from safetynet.rules import Firing, Rule, RuleBook, RuleEngine

DEFAULT_REFERRAL_DAYS = 7
_URGENT = timedelta(hours=URGENT_HOURS)


@dataclass(frozen=True)
class _RuleParts:
    """What a rule brings to each plan item it makes, worked out once per rule book rather than per plan."""

    ref: RuleRef
    heading: str  # how its line in an explanation starts
    service: str
    providers: tuple[tuple[str, Level], ...]
    timeline: tuple[tuple[str, Text, Term, timedelta], ...]  # (step in English, label, term, due after), by days
    referral: timedelta  # from requested_at to refer_by when the need is not urgent

    @classmethod
    def of(cls, rule: Rule) -> _RuleParts:
        outcome = rule.outcome
        first_days = min((s.days for s in outcome.timeline if s.term == "short"), default=DEFAULT_REFERRAL_DAYS)
        return cls(
            ref=RuleRef(id=rule.id, title=rule.title),
            heading=f"{rule.id} ({rule.title.en}): ",
            service=outcome.service,
            providers=tuple((p.kind, p.level) for p in outcome.providers),
            timeline=tuple(
                (s.step.en, s.step, s.term, timedelta(days=s.days))
                for s in sorted(outcome.timeline, key=lambda s: s.days)
            ),
            referral=timedelta(days=max(first_days, 1)),
        )


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


class _LatestBook:
    """The ``_RuleParts`` of every rule of the last rule book planned with (rebuilt when a reload swaps it)."""

    def __init__(self) -> None:
        self._latest: tuple[RuleBook, dict[str, _RuleParts]] | None = None

    def parts(self, book: RuleBook) -> dict[str, _RuleParts]:
        latest = self._latest
        if latest is None or latest[0] is not book:
            latest = self._latest = (book, {rule.id: _RuleParts.of(rule) for rule in book.rules})
        return latest[1]


@dataclass(frozen=True)
class Planner:
    engine: RuleEngine
    network: Network
    router: Router
    timezone: ZoneInfo
    _book: _LatestBook = field(default_factory=_LatestBook, init=False, repr=False, compare=False)

    def starting_point(self, case: Case, default: str | None, province: str | None = None) -> str:
        """Where the referral starts: the case's ``requested_by``, else ``default``, else the CM unit of the
        child's province (``province``: its ISO code; by default the case's, resolved)."""
        chosen = case.requested_by or default
        if chosen is not None:
            if self.network.organization(chosen) is None:
                raise UnknownOrganization(chosen, "requested_by")
            return chosen
        code = province or locate(case).province.code
        units = self.network.cm_units(code)
        if not units:
            raise NoStartingPoint(code)
        return units[0].id

    def plan(self, case: Case, *, now: datetime, requested_by: str | None = None) -> Plan:
        """The suggested plan for ``case``; ``requested_by`` is the caller's organization when it has one."""
        where = locate(case)
        start = self.starting_point(case, requested_by, where.province.code)
        now = now.replace(microsecond=0)
        at = _aware(case.requested_at or now, self.timezone).astimezone(self.timezone)
        on = at.date()
        book, urgency, fired = self._evaluate(case, where, on)

        items: list[PlanItem] = []
        unmet: list[Unmet] = []
        for need in case.needs:
            firings = fired[need.code]
            if not firings:
                who = self.network.escalation(where.province.code, start)
                detail = no_rule_detail(need.code, who)
                unmet.append(Unmet(need=need.code, reason="no_rule", escalate_to=who.id, detail=detail))
                continue
            decision = self.decide(
                book=book,
                case=case,
                need=need,
                default_urgent=urgency[need.code],
                firings=firings,
                start=start,
                at=at,
                where=where,
            )
            item, missing = self._item(
                book=book, where=where, need=need.code, firings=firings, decision=decision, at=at
            )
            items.append(item)
            if missing is not None:
                unmet.append(missing)
        items.sort(key=lambda i: not i.urgent)  # stable: urgent first, then the order the CM gave
        return Plan(
            plan_id=new_plan_id(),
            case_ref=case.case_ref,
            created_at=now.astimezone(self.timezone),
            requested_by=start,
            requested_at=at,
            location=where.as_dict(),
            rules_version=book.version,
            graph_version=self.network.version,
            items=items,
            unmet=unmet,
        )

    def _evaluate(
        self, case: Case, where: Location, on: date
    ) -> tuple[RuleBook, dict[str, bool], dict[str, list[Firing]]]:
        """The facts are built from one rule book (its needs catalogue, default urgencies) and must be judged by
        that same book: when a reload swaps the rules in between, build them again from the new one."""
        while True:
            book = self.engine.book
            unknown = [n.code for n in case.needs if n.code not in book.needs]
            if unknown:
                raise UnknownNeed(unknown, list(book.needs))
            urgency = {n.code: n.urgent if n.urgent is not None else book.needs[n.code].urgent for n in case.needs}
            facts = needs_facts(case, urgency, where)
            used, firings = self.engine.evaluate_with_book(facts, on)
            if used is book:
                break
        fired: dict[str, list[Firing]] = {n.code: [] for n in case.needs}
        for firing in firings:
            fired[firing.need].append(firing)
        return book, urgency, fired

    def decide(
        self,
        *,
        book: RuleBook,
        case: Case,
        need: NeedRequest,
        default_urgent: bool,
        firings: Sequence[Firing],
        start: str,
        at: datetime,
        where: Location | None = None,
    ) -> Decision:
        """The service, route and deadline the plan gives ``need``, whose ``firings`` (not empty) came from
        ``book``; ``default_urgent`` is the need's urgency in the catalogue; ``where``: the child's place, resolved
        (by default resolved here). Public for the what-if replay (``safetynet.whatif``), which must decide exactly
        as a plan does."""
        parts = self._book.parts(book)
        place = where if where is not None else locate(case)
        urgent = need.urgent if need.urgent is not None else _rule_urgency(firings, default_urgent)
        # The first rule by priority gives the service; when nobody can be reached for it, the next fired rule
        # asking for another service or other providers is tried (a baseline rule, say), so that a child is not
        # left unmet while another rule has partners.
        attempts: list[Attempt] = []
        for firing in _one_per_outcome(firings, parts):
            rule = parts[firing.rule.id]
            request = _request(rule, case, place, start, at=at, urgent=urgent)
            attempts.append(Attempt(firing, request, self.router.route(request), _URGENT if urgent else rule.referral))
            if attempts[-1].route.candidates:
                break
        chosen = attempts[-1] if attempts[-1].route.candidates else attempts[0]
        return Decision(urgent, tuple(attempts), chosen)

    def _item(
        self,
        *,
        book: RuleBook,
        where: Location,
        need: str,
        firings: Sequence[Firing],
        decision: Decision,
        at: datetime,
    ) -> tuple[PlanItem, Unmet | None]:
        parts = self._book.parts(book)
        urgent, (chosen, _, route, deadline) = decision.urgent, decision.chosen
        tried = [(a.firing, a.route) for a in decision.attempts]
        outcome = chosen.rule.outcome
        chosen_parts = parts[chosen.rule.id]
        on = at.date()
        illustrative = self.router.illustrative
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
        meets = route.candidates[0].path_hours <= deadline.total_seconds() / 3600 if candidates else None
        province = where.province.code
        explanation = fired_lines(firings, chosen, tried, [parts[f.rule.id].heading for f in firings])
        explanation += route_lines(route, outcome.service, chosen_parts.providers, province)
        if where.district is None:
            explanation.append(NO_DISTRICT)
        if route.escalation is not None and route.reason is not None:
            explanation.append(escalation_line(route.escalation))
        if urgent and route.over_deadline:
            best = route.candidates[0].path_hours if route.candidates else 0
            explanation.append(f"urgent, but the fastest referral path takes {best:g} h: more than {URGENT_HOURS} h")
        item = PlanItem(
            need=need,
            need_label=book.needs[need].label,
            service=outcome.service,
            service_label=book.services[outcome.service].label,
            urgent=urgent,
            refer_by=at + deadline,
            meets_deadline=meets,
            rules=[parts[f.rule.id].ref for f in firings],
            explanation=explanation,
            candidates=candidates,
            escalation=_ref(route.escalation) if route.reason is not None else None,
            timeline=[
                {"step": step, "label": label, "term": term, "due": on + after}
                for step, label, term, after in chosen_parts.timeline
            ],
        )
        missing = None
        if route.reason is not None and route.escalation is not None:
            detail = unmet_detail(route, outcome.service, chosen_parts.providers, province)
            missing = Unmet(need=need, reason=route.reason, escalate_to=route.escalation.id, detail=detail)
        return item, missing


def locate(case: Case) -> Location:
    """The child's place as written -> canonical (gazetteer) form; a PlaceError names the case's field
    (``child.location.district``) and the closest places."""
    written = case.child.location
    try:
        return resolve_location(written.province, written.district, written.subdistrict)
    except PlaceError as error:
        raise error.prefixed("child.location.") from None


def new_plan_id() -> str:
    """``pln_`` and 20 hex digits: the time in milliseconds (11 digits), then 36 random bits (9 digits).

    Ids that grow with time go to the end of the indexes that hold them (plans, plan_organizations, audit_log),
    where random ids went each to a page of its own, which cost every group commit more CPU. An id is
    not a secret (every read is checked and audited) and tells no more than the plan's own ``created_at``."""
    return f"pln_{time.time_ns() // 1_000_000:011x}{secrets.randbits(36):09x}"


def _aware(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _rule_urgency(firings: Sequence[Firing], default: bool) -> bool:
    said = firings[0].rule.outcome.urgent
    return default if said is None else said


def _ref(org: Organization | None) -> OrganizationRef | None:
    return None if org is None else OrganizationRef(organization_id=org.id, name=org.name)


def _one_per_outcome(firings: Sequence[Firing], parts: dict[str, _RuleParts]) -> list[Firing]:
    """The first fired rule for each distinct (service, providers), in priority order."""
    seen: dict[tuple[str, tuple[tuple[str, Level], ...]], Firing] = {}
    for firing in firings:
        rule = parts[firing.rule.id]
        seen.setdefault((rule.service, rule.providers), firing)
    return list(seen.values())


def _request(
    rule: _RuleParts, case: Case, where: Location, start: str, *, at: datetime, urgent: bool
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
