"""Can two conditions hold for the same child? (The overlap half of the gap/overlap analysis.)

Each condition is put in disjunctive normal form (a list of "all of these leaves" alternatives); two
rules overlap when one alternative of each can hold together for a child that exists (``witness.py``).
"""

from __future__ import annotations

from typing import Any

from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, push_not, shown
from safetynet.rules.witness import FRESH, witness

MAX_TERMS = 256


def dnf(cond: Condition) -> list[list[Leaf]] | None:
    """The alternatives of a condition, each a list of leaves that must all hold; None when too many."""
    cond = push_not(cond)
    if isinstance(cond, Leaf):
        return [[cond]]
    if isinstance(cond, AnyOf):
        out: list[list[Leaf]] = []
        for item in cond.items:
            part = dnf(item)
            if part is None or len(out) + len(part) > MAX_TERMS:
                return None
            out.extend(part)
        return out
    assert isinstance(cond, All)
    terms: list[list[Leaf]] = [[]]
    for item in cond.items:
        part = dnf(item)
        if part is None or len(terms) * len(part) > MAX_TERMS:
            return None
        terms = [t + p for t in terms for p in part]
    return terms


def overlap(a: Condition, b: Condition) -> dict[str, Any] | None:
    """An example of facts for which both conditions hold, or None when they never hold together (or too complex)."""
    terms_a, terms_b = dnf(a), dnf(b)
    if terms_a is None or terms_b is None:
        return None
    for ta in terms_a:
        for tb in terms_b:
            found = witness(ta + tb)
            if found is not None:
                return found
    return None


def describe(example: dict[str, Any]) -> str:
    if not example:
        return "any child"
    parts = []
    for field, value in example.items():
        if value is None:
            parts.append(f"{field} unknown")
        elif value == FRESH:
            parts.append(f"{field} some other value")
        else:
            parts.append(f"{field} {shown(value)}")
    return ", ".join(parts)
