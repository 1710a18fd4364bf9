"""The condition language: what a rule's ``when:`` says, parsed into a small tree.

A condition is a short sentence ``<field> <op> <value>`` (a *leaf*), or a group of them:

* a list, or ``all: [...]`` — every item holds;
* ``any: [...]`` — at least one item holds;
* ``not: <condition>`` — the condition does not hold.

Operators: ``<  <=  >  >=  ==  !=``, ``in [a, b]``, ``not in [a, b]``, and ``is known`` / ``is unknown``.
Values are whole numbers, ``true`` / ``false``, bare words (``dilapidated``) or quoted text (``"Ko Kha"``).

A fact that a case does not give is *unknown*: every comparison with it is false, even under ``not``
(``not: child.age < 18`` does not hold for a child of unknown age). Only ``is unknown`` is true for it.
This module knows no field names; ``parse.py`` checks the names and values against ``safetynet.contract.facts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Op = Literal["<", "<=", ">", ">=", "==", "!=", "in", "not in", "known", "unknown"]
Value = int | bool | str
Scalar = int | bool | str | tuple[Value, ...] | None

NEGATED: dict[Op, Op] = {
    "<": ">=",
    ">=": "<",
    "<=": ">",
    ">": "<=",
    "==": "!=",
    "!=": "==",
    "in": "not in",
    "not in": "in",
    "known": "unknown",
    "unknown": "known",
}


@dataclass(frozen=True)
class Leaf:
    """``field op value``; ``text`` is what the policy writer wrote, for messages."""

    field: str
    op: Op
    value: Scalar
    text: str

    def negated(self) -> Leaf:
        return Leaf(self.field, NEGATED[self.op], self.value, f"not ({self.text})")

    @property
    def values(self) -> tuple[Value, ...]:
        """The values the condition names: those of an ``in`` list, the one it compares with, or none (``known``)."""
        if self.value is None:
            return ()
        return self.value if isinstance(self.value, tuple) else (self.value,)


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Leaf | All | AnyOf | Not


def push_not(cond: Condition, negate: bool = False) -> Condition:
    """The same condition with every ``not`` moved onto the leaves (De Morgan).

    In the three-valued logic above (unknown stays unknown under ``not``) this gives exactly the same
    answers, and it is the form the engine can match: it has no ``not`` of its own.
    """
    if isinstance(cond, Leaf):
        return cond.negated() if negate else cond
    if isinstance(cond, Not):
        return push_not(cond.item, not negate)
    items = tuple(push_not(c, negate) for c in cond.items)
    if isinstance(cond, All):
        return AnyOf(items) if negate else All(items)
    return All(items) if negate else AnyOf(items)


def lookup(facts: dict[str, Any], field: str) -> Any:
    """The value of a dotted field in nested facts, or None when the case does not give it."""
    group, _, key = field.partition(".")
    part = facts.get(group)
    return part.get(key) if isinstance(part, dict) else None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return type(a) is type(b) and a == b


def leaf_holds(leaf: Leaf, value: Any) -> bool | None:  # noqa: PLR0911 - one return per operator
    """True, False, or None (unknown) for one leaf, given the fact's value (None when not given)."""
    if leaf.op == "known":
        return value is not None
    if leaf.op == "unknown":
        return value is None
    if value is None:
        return None
    want = leaf.value
    if leaf.op in ("in", "not in"):
        assert isinstance(want, tuple)
        inside = any(_same(value, w) for w in want)
        return inside if leaf.op == "in" else not inside
    if leaf.op == "==":
        return _same(value, want)
    if leaf.op == "!=":
        return not _same(value, want)
    if not isinstance(value, int) or isinstance(value, bool) or not isinstance(want, int):
        return None
    if leaf.op == "<":
        return value < want
    if leaf.op == "<=":
        return value <= want
    if leaf.op == ">":
        return value > want
    return value >= want


def holds(cond: Condition, facts: dict[str, Any]) -> bool | None:
    """Evaluate a condition on nested facts (three-valued: None means unknown, which is not 'true')."""
    if isinstance(cond, Leaf):
        return leaf_holds(cond, lookup(facts, cond.field))
    if isinstance(cond, Not):
        inner = holds(cond.item, facts)
        return None if inner is None else not inner
    results = [holds(c, facts) for c in cond.items]
    if isinstance(cond, All):
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def held(cond: Condition, facts: dict[str, Any]) -> list[tuple[Leaf, Any]]:
    """The leaves that made a (negation-free, see ``push_not``) condition true, each with the case's value, in
    order (``rules/because.py`` says them in words)."""
    if isinstance(cond, Leaf):
        value = lookup(facts, cond.field)
        return [(cond, value)] if leaf_holds(cond, value) else []
    if isinstance(cond, Not):  # not expected after push_not; explain the pushed form
        return held(push_not(cond), facts)
    out: list[tuple[Leaf, Any]] = []
    for item in cond.items:
        if holds(item, facts):
            out.extend(held(item, facts))
    return out


def leaves(cond: Condition) -> list[Leaf]:
    if isinstance(cond, Leaf):
        return [cond]
    if isinstance(cond, Not):
        return leaves(cond.item)
    return [leaf for item in cond.items for leaf in leaves(item)]
