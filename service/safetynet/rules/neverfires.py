"""Rules that can never fire: conditions no child can meet, or a last day in force already past.

Either is a warning, not an error: the rules still load (a rule past its ``until`` is history a province may keep),
but a policy writer who meant the rule to act is told it never will, where, and what to do. The conditions are
judged as the overlap analysis judges them (``witness.py``): ``child.age < 6`` with ``child.age > 12``, or a
province with a district of another province, leave no child for whom all hold. A condition too large to put in
alternatives (``overlap.MAX_TERMS``) is not judged.
"""

from __future__ import annotations

from datetime import date

from safetynet.contract.facts import Source
from safetynet.errors import Problem
from safetynet.rules.model import Rule, RuleBook, ScreeningRule
from safetynet.rules.overlap import dnf
from safetynet.rules.witness import conflict, witness


def never_fires(book: RuleBook, day: date) -> list[Problem]:
    """A warning for each rule of ``book`` that no case (no survey row) can make fire, and each whose ``until`` is
    before ``day``."""
    out: list[Problem] = []
    rules: list[tuple[Rule | ScreeningRule, Source]] = [(r, "case") for r in book.rules]
    rules += [(s, "survey") for s in book.screening]
    for rule, source in rules:
        if rule.until is not None and rule.until < day:
            out.append(
                Problem.warning(
                    rule.place_of("until"),
                    f"{rule.id} expired: its last day in force ('until') was {rule.until.isoformat()}: "
                    f"{_users(source)} no longer use it; renew it (a later 'until') or remove it",
                )
            )
        impossible = _impossible(rule, source)
        if impossible is not None:
            out.append(
                Problem.warning(
                    rule.place_of("when"),
                    f"{rule.id} can never fire: {impossible}; {_users(source)} never use it: correct the conditions "
                    "(a district or subdistrict of the rule's province, numbers that can meet), or remove the rule",
                )
            )
    return out


def _users(source: Source) -> str:
    return "plans" if source == "case" else "screenings"


def _impossible(rule: Rule | ScreeningRule, source: Source) -> str | None:
    """Why no child meets the rule's conditions (the conditions that cannot hold together), or None when one can
    (or the conditions are too large to tell)."""
    terms = dnf(rule.condition)
    if terms is None or any(witness(term, source) is not None for term in terms):
        return None
    clash = conflict(terms[0], source)
    together = " and ".join(repr(leaf.text) for leaf in clash) if clash else "its conditions"
    if len(terms) == 1:
        return f"no child has {together}"
    return f"none of its {len(terms)} alternatives can hold (the first: no child has {together})"
