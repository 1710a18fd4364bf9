"""Case → rules → routing → plan, in one straight line.

The planner is pure given a rule engine and a router: it reads no files, touches no database and keeps no
state between calls, so the API, the CLI and the scenarios all get the same plan for the same case.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from safetynet.contract.case import Case
from safetynet.contract.facts import needs_facts
from safetynet.contract.plan import Plan, PlanItem, Unmet
from safetynet.datafiles.suggest import closest
from safetynet.errors import NoStartingPoint, UnknownNeed, UnknownOrganization
from safetynet.network import Network, Router
from safetynet.places import Location, PlaceError, resolve_location
from safetynet.planning.decision import decide
from safetynet.planning.planitem import plan_item
from safetynet.planning.ruleparts import LatestBook, RuleParts
from safetynet.planning.unmet import no_rule_detail
from safetynet.rules import Firing, RuleBook, RuleEngine


@dataclass(frozen=True)
class Planner:
    engine: RuleEngine
    network: Network
    router: Router
    timezone: ZoneInfo
    _book: LatestBook = field(default_factory=LatestBook, init=False, repr=False, compare=False)

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
        parts = self._book.parts(book)

        items: list[PlanItem] = []
        unmet: list[Unmet] = []
        for need in case.needs:
            firings = fired[need.code]
            if not firings:
                who = self.network.escalation(where.province.code, start)
                detail = no_rule_detail(need.code, book.needs[need.code].label.th, who)
                unmet.append(
                    Unmet(need=need.code, reason="no_rule", escalate_to=who.id, detail=detail.en, detail_th=detail.th)
                )
                continue
            decision = decide(
                self.router,
                parts,
                case=case,
                need=need,
                default_urgent=urgency[need.code],
                firings=firings,
                start=start,
                at=at,
                place=where,
            )
            item, missing = plan_item(
                book,
                parts,
                self.router.illustrative,
                where=where,
                need=need.code,
                firings=firings,
                decision=decision,
                at=at,
                sets_off=max(at, now),
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
            refuse_unknown_needs([n.code for n in case.needs], book)
            urgency = {n.code: n.urgent if n.urgent is not None else book.needs[n.code].urgent for n in case.needs}
            facts = needs_facts(case, urgency, where)
            used, firings = self.engine.evaluate_with_book(facts, on)
            if used is book:
                break
        fired: dict[str, list[Firing]] = {n.code: [] for n in case.needs}
        for firing in firings:
            fired[firing.need].append(firing)
        return book, urgency, fired

    def rule_parts(self, book: RuleBook) -> dict[str, RuleParts]:
        """What each rule of ``book`` brings to an item, by rule id (worked out once per rule book); with
        ``router``, what ``planning.decision.decide`` needs, for the what-if replay to decide exactly as a plan."""
        return self._book.parts(book)


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


def refuse_unknown_needs(codes: Sequence[str], book: RuleBook, field: str = "needs") -> None:
    """``UnknownNeed`` naming ``field`` for the codes the catalogue lacks, each with the need it looks like."""
    unknown = [code for code in codes if code not in book.needs]
    if unknown:
        meant = {code: found for code in unknown if (found := meant_need(code, book))}
        raise UnknownNeed(unknown, list(book.needs), field=field, meant=meant)


def meant_need(written: str, book: RuleBook) -> str | None:
    """The need code an unknown one stands for: a code or a Thai or English label written another way (case,
    spaces), or the closest code; None when nothing is near."""
    wanted = " ".join(written.split()).casefold()
    for need in book.needs.values():
        if wanted.replace(" ", "_") == need.code or wanted in (need.label.th, need.label.en.casefold()):
            return need.code
    return closest(wanted, book.needs)
