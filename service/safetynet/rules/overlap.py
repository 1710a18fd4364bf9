"""Can two conditions hold for the same child? (The overlap half of the gap/overlap analysis.)

Each condition is put in disjunctive normal form (a list of "all of these leaves" alternatives); two
rules overlap when one alternative of each can hold together. For one field, a small set of candidate
values is enough to decide: the values the leaves mention (and, for numbers, one either side), every
value of a choice field, and one value that no leaf mentions for free text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from safetynet.contract.facts import FIELDS
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, leaf_holds, push_not, shown

MAX_TERMS = 256
_FRESH = "\x00another value"


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


def _candidates(field: str, leaves: Sequence[Leaf]) -> list[Any]:
    fact = FIELDS.get(field)
    kind = fact.type if fact else "text"
    if kind == "bool":
        return [True, False]
    mentioned: list[Any] = []
    for leaf in leaves:
        values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        mentioned.extend(v for v in values if v is not None)
    if kind == "int":
        ints = {v + d for v in mentioned if isinstance(v, int) for d in (-1, 0, 1)} or {0}
        return sorted(ints)
    if kind == "enum" and fact is not None and fact.values:
        return list(fact.values)
    return [*dict.fromkeys(mentioned), _FRESH]


def witness(leaves: Sequence[Leaf]) -> dict[str, Any] | None:
    """Values (None = unknown) that make every leaf hold, or None when they cannot all hold."""
    by_field: dict[str, list[Leaf]] = defaultdict(list)
    for leaf in leaves:
        by_field[leaf.field].append(leaf)
    found: dict[str, Any] = {}
    for field, group in by_field.items():
        options = [None, *_candidates(field, group)]
        chosen = next((v for v in options if all(leaf_holds(leaf, v) for leaf in group)), _NONE)
        if chosen is _NONE:
            return None
        found[field] = chosen
    return found


_NONE = object()


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
        elif value == _FRESH:
            parts.append(f"{field} some other value")
        else:
            parts.append(f"{field} {shown(value)}")
    return ", ".join(parts)
