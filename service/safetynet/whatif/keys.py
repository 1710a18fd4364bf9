"""What a need's rules can tell apart: a key such that two needs with equal keys fire the same rules.

The replay plans many cases that differ only in facts no rule reads, or in values no rule can tell apart (ages
12 and 13 when the rules say ``child.age < 18``), so it asks the rule engine once per key, not once per need.

For the rules of one need code, each field they read is reduced to a class of values:

* a whole number, to where it falls among the numbers the rules compare it with (and whether it is one of them);
* text, to itself (lower case, as the engine compares it) when a rule names it, else to "another value";
* true/false, to itself; a fact the case does not give, to "unknown".

Two values of one class satisfy every condition of those rules alike, whatever the operator (``<``, ``==``,
``in``, ``is known`` ...), so the engine's answer for one holds for all of them. The day counts only through
which of the need's rules are in force on it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import date
from typing import Any

from safetynet.rules import Rule, RuleBook
from safetynet.rules.conditions import Leaf, leaves

Classify = Callable[[Any], Any]
_OTHER = ("other",)  # a text no rule names: not a str, so it never equals a named one


def classifier(named: list[Leaf]) -> Classify:
    """The class of a field's value, for the conditions ``named`` (all on that one field)."""
    values = [v for leaf in named for v in leaf.values]
    numbers = sorted({v for v in values if isinstance(v, int) and not isinstance(v, bool)})
    exact = frozenset(numbers)
    words = frozenset(v.lower() for v in values if isinstance(v, str))

    def classify(value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return bisect_left(numbers, value), value in exact
        if isinstance(value, str):
            low = value.lower()
            return low if low in words else _OTHER
        return value

    return classify


class NeedKeys:
    """The keys of one rule book's needs; cheap to call once per need of every case replayed."""

    def __init__(self, book: RuleBook) -> None:
        self._rules: dict[str, tuple[Rule, ...]] = {}
        self._fields: dict[str, tuple[tuple[str, str, Classify], ...]] = {}
        for code in book.needs:
            rules = book.rules_for(code)
            by_field: dict[str, list[Leaf]] = {}
            for rule in rules:
                for leaf in leaves(rule.condition):
                    by_field.setdefault(leaf.field, []).append(leaf)
            self._rules[code] = rules
            self._fields[code] = tuple(
                (group, key, classifier(named))
                for name, named in sorted(by_field.items())
                for group, _, key in [name.partition(".")]
            )
        self._in_force: dict[tuple[str, date], tuple[bool, ...]] = {}

    def key(self, code: str, facts: dict[str, Any], on: date) -> tuple[Any, ...]:
        """The key of one need's facts (``contract.facts.needs_facts``) on day ``on``; ``code`` in the book."""
        in_force = self._in_force.get((code, on))
        if in_force is None:
            in_force = self._in_force[code, on] = tuple(r.in_force(on) for r in self._rules[code])
        out: list[Any] = [code, in_force]
        for group, key, classify in self._fields[code]:
            part = facts.get(group)
            out.append(classify(part.get(key) if part is not None else None))
        return tuple(out)
