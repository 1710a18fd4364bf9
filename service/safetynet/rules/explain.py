"""What the engine's matches mean: which rules fired for which need or row, and why, in words.

The engine decides *whether* a rule fires; this module only puts the answer in order and says *why*:
the leaf conditions that held, with the case's values ("child.age is 12, below 18"; in Thai too: ``because.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from safetynet.contract.said import Said
from safetynet.contract.vocabulary import TIERS
from safetynet.rules.because import because
from safetynet.rules.compiler import CompiledBook
from safetynet.rules.conditions import Condition, held, leaves, lookup, push_not
from safetynet.rules.model import Rule, ScreeningRule

_CACHE_LIMIT = 100_000
_V = TypeVar("_V")


@dataclass(frozen=True)
class Firing:
    """A need rule that fired for one need of a case, and the conditions that made it fire."""

    rule: Rule
    need: str
    because: tuple[Said, ...]


@dataclass(frozen=True)
class Screening:
    """The result of screening one survey row."""

    risk_tier: str
    suggested_needs: tuple[str, ...]
    rules: tuple[ScreeningRule, ...]
    because: tuple[str, ...]


@dataclass(frozen=True)
class _Entry:
    order: tuple[int, int]
    condition: Condition
    fields: tuple[tuple[str, str], ...]  # (group, key) of each field the condition reads, once each


class Explainer:
    """Orders and explains the matches of one compiled rule book (immutable apart from bounded caches)."""

    def __init__(self, compiled: CompiledBook) -> None:
        self.need_rules = compiled.need_rules
        self.screening_rules = compiled.screening_rules
        self._entries: dict[str, _Entry] = {}
        for index, (name, rule) in enumerate(compiled.need_rules.items()):
            self._entries[name] = _entry(rule.condition, (-rule.priority, index))
        for index, (name, screening) in enumerate(compiled.screening_rules.items()):
            self._entries[name] = _entry(screening.condition, (0, index))
        self._order = {name: entry.order for name, entry in self._entries.items()}
        self._because: dict[tuple[Any, ...], tuple[Said, ...]] = {}
        self._firings: dict[tuple[Any, ...], Firing] = {}  # a Firing is immutable: one per rule, need and reason

    def because(self, name: str, facts: dict[str, Any]) -> tuple[Said, ...]:
        key = self._key(name, facts)
        found = self._because.get(key)
        if found is None:
            leaves_held = held(self._entries[name].condition, facts)
            found = _put(self._because, key, tuple(because(leaf, value) for leaf, value in leaves_held))
        return found

    def firings(self, needs: Sequence[dict[str, Any]], matches: Sequence[tuple[str, int]]) -> list[Firing]:
        fired: list[set[str]] = [set() for _ in needs]
        for name, index in matches:
            fired[index].add(name)  # a rule whose 'any' holds twice matches twice: it fires once
        out: list[Firing] = []
        for facts, names in zip(needs, fired, strict=True):
            if not names:
                continue
            code = str(lookup(facts, "need.code") or "")
            for name in sorted(names, key=self._order.__getitem__):
                key = (code, *self._key(name, facts))
                firing = self._firings.get(key)
                if firing is None:
                    firing = _put(self._firings, key, Firing(self.need_rules[name], code, self.because(name, facts)))
                out.append(firing)
        return out

    def _key(self, name: str, facts: dict[str, Any]) -> tuple[Any, ...]:
        """The rule's name and the values of the fields it reads: all that its reasons depend on."""
        return (name, *[_value(facts, group, field) for group, field in self._entries[name].fields])

    def order(self, name: str) -> tuple[int, int]:
        return self._order[name]


def _entry(condition: Condition, order: tuple[int, int]) -> _Entry:
    pushed = push_not(condition)
    fields = tuple(dict.fromkeys(leaf.field for leaf in leaves(pushed)))
    return _Entry(order, pushed, tuple((group, key) for group, _, key in (f.partition(".") for f in fields)))


def _put(cache: dict[tuple[Any, ...], _V], key: tuple[Any, ...], value: _V) -> _V:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _value(facts: dict[str, Any], group: str, key: str) -> Any:
    """``lookup`` with the field name split in advance."""
    part = facts.get(group)
    return part.get(key) if isinstance(part, dict) else None


def screening_of(explainer: Explainer, facts: dict[str, Any], names: Sequence[str]) -> Screening:
    """One row's screening from the names of the screening rules that fired for it."""
    ordered = sorted(set(names), key=explainer.order)
    rules = tuple(explainer.screening_rules[n] for n in ordered)
    tier = max((r.tier for r in rules), key=TIERS.index, default="normal")
    suggested = tuple(dict.fromkeys(code for r in rules for code in r.suggest))
    because = tuple(
        f"{r.id}: {reason.en}" for n, r in zip(ordered, rules, strict=True) for reason in explainer.because(n, facts)
    )
    return Screening(risk_tier=tier, suggested_needs=suggested, rules=rules, because=because)
