"""The rules as the rest of safetynet sees them: typed, checked, immutable.

A ``RuleBook`` is everything in ``rules/`` after ``load_rulebook`` has checked it: the needs and services
catalogues, the need rules and the screening rules (each in file order), and a ``version`` that is the
content hash of the files, so that every plan can say which rules made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safetynet.contract.vocabulary import Level, RiskTier, Term, Text
from safetynet.errors import Place
from safetynet.rules.conditions import Condition


@dataclass(frozen=True)
class Need:
    code: str
    label: Text
    urgent: bool
    description: str | None
    source: Place


@dataclass(frozen=True)
class Service:
    code: str
    label: Text
    needs: tuple[str, ...]
    source: Place


@dataclass(frozen=True)
class Provider:
    kind: str
    level: Level


@dataclass(frozen=True)
class ScheduledStep:
    """A step of a rule's timeline, due ``days`` after the referral (a plan gives it a date)."""

    step: Text
    term: Term
    days: int


@dataclass(frozen=True)
class Outcome:
    service: str
    providers: tuple[Provider, ...]
    urgent: bool | None
    timeline: tuple[ScheduledStep, ...]


@dataclass(frozen=True)
class RuleHeader:
    """What every rule has, need rule or screening rule: who it is, where it comes from, when it holds."""

    id: str
    title: Text
    reference: str
    effective_from: date
    until: date | None
    priority: int
    condition: Condition
    source: Place
    #: where some fields of the rule are written (``when``, ``until``, ``then.service``), for messages about them
    places: tuple[tuple[str, Place], ...]

    def place_of(self, name: str) -> Place:
        """Where the rule writes ``name``; the rule's own place when it does not."""
        return dict(self.places).get(name, self.source)

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class Rule(RuleHeader):
    """A need rule: for a case's need that meets ``condition``, suggest ``outcome``."""

    need: str
    outcome: Outcome


@dataclass(frozen=True)
class ScreeningRule(RuleHeader):
    """A screening rule: a survey row that meets ``condition`` is in ``tier`` and may need ``suggest``."""

    tier: RiskTier
    suggest: tuple[str, ...]


@dataclass(frozen=True)
class RuleBook:
    version: str
    needs: dict[str, Need]
    services: dict[str, Service]
    rules: tuple[Rule, ...]
    screening: tuple[ScreeningRule, ...]
    directory: str = "rules"

    def rules_for(self, need: str) -> tuple[Rule, ...]:
        """The need rules that answer ``need``, in file order."""
        return tuple(r for r in self.rules if r.need == need)
