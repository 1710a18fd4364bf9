"""What each rule of a rule book brings to the plan items it makes (its reference, service, providers, timeline
and deadline, and its explanation line when it fired on no condition), worked out once per rule book rather than
per plan; and, for coverage, the providers the rules in force ask for, service by service (``providers_asked``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safetynet.contract.plan import RuleRef
from safetynet.contract.said import Said
from safetynet.contract.vocabulary import Level, Term, Text
from safetynet.planning.explain import BASELINE
from safetynet.rules import Firing, Rule, RuleBook, fired_line, rule_heading

DEFAULT_REFERRAL_DAYS = 7


@dataclass(frozen=True)
class RuleParts:
    """What a rule brings to each plan item it makes, worked out once per rule book rather than per plan."""

    ref: RuleRef
    heading: Said  # how its line in an explanation starts
    unconditioned: Said  # its whole line when it fired on no condition (a need's baseline), the commonest line
    service: str
    providers: tuple[tuple[str, Level], ...]
    timeline: tuple[tuple[str, Text, Term, timedelta], ...]  # (step in English, label, term, due after), by days
    referral: timedelta  # from requested_at to refer_by when the need is not urgent

    @classmethod
    def of(cls, rule: Rule) -> RuleParts:
        outcome = rule.outcome
        first_days = min((s.days for s in outcome.timeline if s.term == "short"), default=DEFAULT_REFERRAL_DAYS)
        heading = rule_heading(rule)
        return cls(
            ref=RuleRef(id=rule.id, title=rule.title),
            heading=heading,
            unconditioned=fired_line(heading, (), BASELINE),
            service=outcome.service,
            providers=tuple((p.kind, p.level) for p in outcome.providers),
            timeline=tuple(
                (s.step.en, s.step, s.term, timedelta(days=s.days))
                for s in sorted(outcome.timeline, key=lambda s: s.days)
            ),
            referral=timedelta(days=max(first_days, 1)),
        )

    def fired(self, firing: Firing) -> Said:
        """The line of an explanation saying that this rule fired and why (``rules.fired_line``)."""
        return fired_line(self.heading, firing.because, BASELINE) if firing.because else self.unconditioned


class LatestBook:
    """The ``RuleParts`` of every rule of the last rule book planned with (rebuilt when a reload swaps it)."""

    def __init__(self) -> None:
        self._latest: tuple[RuleBook, dict[str, RuleParts]] | None = None

    def parts(self, book: RuleBook) -> dict[str, RuleParts]:
        latest = self._latest
        if latest is None or latest[0] is not book:
            latest = self._latest = (book, {rule.id: RuleParts.of(rule) for rule in book.rules})
        return latest[1]


def one_per_outcome(firings: Sequence[Firing], parts: dict[str, RuleParts]) -> list[Firing]:
    """The first fired rule for each distinct (service, providers), in priority order."""
    seen: dict[tuple[str, tuple[tuple[str, Level], ...]], Firing] = {}
    for firing in firings:
        rule = parts[firing.rule.id]
        seen.setdefault((rule.service, rule.providers), firing)
    return list(seen.values())


def providers_asked(rules: Iterable[Rule], on: date) -> dict[str, tuple[tuple[str, Level], ...]]:
    """Service -> the providers (kind, level) of the rules in force on ``on`` that suggest it, together (their union:
    ``network.reach`` lets a partner in under them when it would under one of them), in rule order; () when one of
    them names no provider, as routing reads it: any kind, from any area. A service no rule in force suggests is
    absent. What ``network.coverage`` counts, so that a coverage cell holds what a plan would propose."""
    asked: dict[str, dict[tuple[str, Level], None]] = {}
    anyone: set[str] = set()
    for rule in rules:
        if not rule.in_force(on):
            continue
        service = rule.outcome.service
        found = asked.setdefault(service, {})
        if not rule.outcome.providers:
            anyone.add(service)
        found.update(dict.fromkeys((p.kind, p.level) for p in rule.outcome.providers))
    return {service: () if service in anyone else tuple(found) for service, found in asked.items()}
