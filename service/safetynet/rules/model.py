"""The rules as the rest of safetynet sees them: typed, checked, immutable.

A ``RuleBook`` is everything in ``rules/`` after ``load_rulebook`` has checked it: the needs and services
catalogues, the need rules and the screening rules (each in file order), and a ``version`` that is the
content hash of the files, so that every plan can say which rules made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from safetynet.contract.vocabulary import Level, Text
from safetynet.rules.conditions import Condition

Term = Literal["short", "long"]
RiskTier = Literal["normal", "at_risk", "dropped_out"]

#: From the least to the most severe; a row's tier is the most severe among the screening rules that fired.
TIERS: tuple[RiskTier, ...] = ("normal", "at_risk", "dropped_out")


@dataclass(frozen=True)
class Need:
    code: str
    label: Text
    urgent: bool
    description: str | None = None
    source: str = ""  # "rules/needs.yaml:4:5"


@dataclass(frozen=True)
class Service:
    code: str
    label: Text
    needs: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class Provider:
    kind: str
    level: Level


@dataclass(frozen=True)
class TimelineStep:
    step: Text
    term: Term
    days: int


@dataclass(frozen=True)
class Outcome:
    service: str
    providers: tuple[Provider, ...]
    urgent: bool | None
    timeline: tuple[TimelineStep, ...]


@dataclass(frozen=True)
class Rule:
    """A need rule: for a case's need that meets ``condition``, suggest ``outcome``."""

    id: str
    title: Text
    reference: str
    effective_from: date
    until: date | None
    need: str
    priority: int
    outcome: Outcome
    condition: Condition
    source: str  # "rules/housing.yaml:3:5"

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class ScreeningRule:
    """A screening rule: a survey row that meets ``condition`` is in ``tier`` and may need ``suggest``."""

    id: str
    title: Text
    reference: str
    effective_from: date
    until: date | None
    priority: int
    tier: RiskTier
    suggest: tuple[str, ...]
    condition: Condition
    source: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class RuleBook:
    version: str
    needs: dict[str, Need]
    services: dict[str, Service]
    rules: tuple[Rule, ...]
    screening: tuple[ScreeningRule, ...]
    directory: str = "rules"

    def rule(self, rule_id: str) -> Rule | ScreeningRule:
        """The need or screening rule with this id; KeyError when there is none."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        for s in self.screening:
            if s.id == rule_id:
                return s
        raise KeyError(rule_id)

    def rules_for(self, need: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.need == need)
