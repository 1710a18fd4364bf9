"""One side of a what-if: a rule book and a partner network that cases are planned under, and the replay's
batch path over them.

``Side.outcomes(case)`` gives, per need, exactly what ``Planner.plan`` would say (``outcome.outcomes_of_plan``;
a test holds them equal), without building the plan: the work is shared between cases with equal facts.

* Rules: a need's facts are reduced to the key of what its rules can tell apart (``keys.py``); the engine is
  asked once per key (the needs of a case whose keys are new go to it together, in one session, as a plan's do).
* Routing and deadlines: ``Planner.decide`` runs once per (rules fired, urgency given, start, place, age, and the
  day as routing tells days apart: ``Router.routing_day``), all that it reads of a case.

Both caches are bounded (emptied when full), so memory stays flat however many cases stream through.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from safetynet.contract.case import Case
from safetynet.contract.facts import needs_facts
from safetynet.errors import NoStartingPoint, UnknownNeed, UnknownOrganization
from safetynet.network import Network, Router
from safetynet.places import Location, PlaceError
from safetynet.planning.decision import decide
from safetynet.planning.planner import Planner, locate
from safetynet.rules import Firing, RuleBook, RuleEngine
from safetynet.whatif.keys import NeedKeys
from safetynet.whatif.outcome import NO_RULE, NOT_PLANNED, UNKNOWN_NEED, Outcome, outcome_of

CACHE_LIMIT = 50_000
_K = TypeVar("_K")
_V = TypeVar("_V")


class _Bounded(Generic[_K, _V]):
    """A dict that empties itself when full: what is asked again is worked out again, memory stays flat."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self.items: dict[_K, _V] = {}

    def put(self, key: _K, value: _V) -> _V:
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = value
        return value


class _Fired(_Bounded[tuple[Any, ...], tuple[tuple[Firing, ...], tuple[str, ...]]]):
    """Rules fired per need key: the firings and their rule ids."""


class Prepared(NamedTuple):
    start: str
    where: Location  # the child's place, resolved once (the key of the decision holds its codes)
    at: datetime
    on: date
    routing_day: int  # ``Router.routing_day``: days routing does not tell apart share it
    default: dict[str, bool]  # each need's urgency in the catalogue
    fired: list[tuple[tuple[Firing, ...], tuple[str, ...]] | None]  # per need: firings and rule ids


class Side:
    """A rule book (in its own engine, or one shared with the other side) and a network to plan under."""

    def __init__(
        self,
        *,
        engine: RuleEngine,
        network: Network,
        router: Router | None = None,
        timezone: ZoneInfo,
        same_rules_as: Side | None = None,
    ) -> None:
        self.engine = engine
        self.book: RuleBook = engine.book
        self.network = network
        self.router = router or Router(network)
        self.planner = Planner(engine=engine, network=network, router=self.router, timezone=timezone)
        self.timezone = timezone
        # Sides with the same rule book fire the same rules for the same facts: they share that cache.
        if same_rules_as is not None and same_rules_as.book is self.book:
            self.keys: NeedKeys = same_rules_as.keys
            self._fired: _Fired = same_rules_as._fired
        else:
            self.keys, self._fired = NeedKeys(self.book), _Fired()
        self._decided: _Bounded[tuple[Any, ...], Outcome] = _Bounded()
        self._routing_days: _Bounded[date, int] = _Bounded()

    @property
    def rules_version(self) -> str:
        return self.book.version

    @property
    def graph_version(self) -> str:
        return self.network.version

    def outcomes(
        self, case: Case, *, start: str | None, now: datetime, at: datetime | None = None
    ) -> dict[str, Outcome]:
        """The outcome of each need of ``case``, in its order. ``start``: where the referral starts when the case
        does not say (a stored plan's ``requested_by``); ``now``: when it is asked, when it does not say; ``at``:
        when it is asked, whatever it says (a what-if "as of" a day)."""
        prepared = self.prepare(case, start=start, now=now, at=at)
        if prepared is None:
            return dict.fromkeys((n.code for n in case.needs), NOT_PLANNED)
        where = prepared.where
        out: dict[str, Outcome] = {}
        for need, fired in zip(case.needs, prepared.fired, strict=True):
            if fired is None:
                out[need.code] = UNKNOWN_NEED
                continue
            firings, ids = fired
            if not ids:
                out[need.code] = NO_RULE
                continue
            default = prepared.default[need.code]
            decided = (ids, need.urgent, default, prepared.start, where, case.child.age, prepared.routing_day)
            outcome = self._decided.items.get(decided)
            if outcome is None:
                decision = decide(
                    self.planner.router,
                    self.planner.rule_parts(self.book),
                    case=case,
                    need=need,
                    default_urgent=default,
                    firings=firings,
                    start=prepared.start,
                    at=prepared.at,
                    place=where,
                )
                outcome = self._decided.put(decided, outcome_of(firings, decision))
            out[need.code] = outcome
        return out

    def refusal(self, case: Case, start: str | None) -> str | None:
        """Why ``safetynet plan`` would refuse ``case`` on this side, in its words (an unknown ``requested_by`` or
        need code, no CM unit to start from, a place the gazetteer does not know); None when it would plan it."""
        try:
            self.planner.starting_point(case, start)
            locate(case)
        except (UnknownOrganization, NoStartingPoint, PlaceError) as exc:
            return str(exc)
        unknown = [n.code for n in case.needs if n.code not in self.book.needs]
        return str(UnknownNeed(unknown, list(self.book.needs))) if unknown else None

    def prepare(self, case: Case, *, start: str | None, now: datetime, at: datetime | None = None) -> Prepared | None:
        """Where the case starts, when, and the rules fired for each need (None: a need not in the catalogue);
        None when the case cannot be planned on this side (its ``requested_by`` is not in this network, its place is
        not in the gazetteer, ...)."""
        try:
            begin = self.planner.starting_point(case, start)
            where = locate(case)
        except (UnknownOrganization, NoStartingPoint, PlaceError):
            return None
        moment = at or case.requested_at or now
        at = (moment if moment.tzinfo is not None else moment.replace(tzinfo=self.timezone)).astimezone(self.timezone)
        on = at.date()
        needs = self.book.needs
        default = {n.code: needs[n.code].urgent if n.code in needs else False for n in case.needs}
        urgency = {n.code: n.urgent if n.urgent is not None else default[n.code] for n in case.needs}
        facts = needs_facts(case, urgency, where)
        keys: list[tuple[Any, ...] | None] = []
        new: list[int] = []
        fired_cache = self._fired.items
        for i, (need, need_facts) in enumerate(zip(case.needs, facts, strict=True)):
            if need.code not in needs:
                keys.append(None)
                continue
            keys.append(self.keys.key(need.code, need_facts, on))
            if keys[-1] not in fired_cache:
                new.append(i)
        if new:
            self._evaluate([facts[i] for i in new], [keys[i] for i in new], on)
        fired = [
            None if key is None else (fired_cache.get(key) or self._refire(key, facts, case, on)) for key in keys
        ]
        routing_day = self._routing_days.items.get(on)
        if routing_day is None:
            routing_day = self._routing_days.put(on, self.router.routing_day(at))
        return Prepared(begin, where, at, on, routing_day, default, fired)

    def _evaluate(self, facts: list[dict[str, Any]], keys: list[tuple[Any, ...] | None], on: Any) -> None:
        """Ask the engine about needs whose keys are new, in one session, and remember the answers."""
        used, firings = self.engine.evaluate_with_book(facts, on)
        if used is not self.book:
            raise RuntimeError("the rules of a what-if side were reloaded during the replay")
        by_need: dict[str, list[Firing]] = {}
        for firing in firings:
            by_need.setdefault(firing.need, []).append(firing)
        for need_facts, key in zip(facts, keys, strict=True):
            assert key is not None
            fired = tuple(by_need.get(need_facts["need"]["code"], ()))
            self._fired.put(key, (fired, tuple(f.rule.id for f in fired)))

    def _refire(
        self, key: tuple[Any, ...], facts: list[dict[str, Any]], case: Case, on: Any
    ) -> tuple[tuple[Firing, ...], tuple[str, ...]]:
        """The cache was emptied between asking and reading (it was full): ask again for this one need."""
        code = key[0]
        index = next(i for i, n in enumerate(case.needs) if n.code == code)
        self._evaluate([facts[index]], [key], on)
        return self._fired.items[key]
