"""Looking rules up in a ``RuleBook`` by id, for tests (the service never needs to)."""

from __future__ import annotations

from safetynet.rules import Rule, RuleBook, ScreeningRule


def rule_named(book: RuleBook, rule_id: str) -> Rule | ScreeningRule:
    """The need or screening rule with this id; KeyError when there is none."""
    every: tuple[Rule | ScreeningRule, ...] = (*book.rules, *book.screening)
    found = next((r for r in every if r.id == rule_id), None)
    if found is None:
        raise KeyError(rule_id)
    return found


def need_rule(book: RuleBook, rule_id: str) -> Rule:
    """The need rule with this id; KeyError when there is none."""
    return next(r for r in book.rules if r.id == rule_id)
