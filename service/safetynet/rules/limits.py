"""The engine's hard limits, checked before a rule set reaches it, with messages a policy writer can act on.

Measured on durable_rules 2.0.28 (see docs/rules.md, "Limits"):

* more than 4,096 rules (counting each alternative of ``any`` and each value of ``in [...]``) → refused;
* 512 or more different tests at one point of the rule network (e.g. ``child.subdistrict in [...]`` with
  600 names) → the engine hangs for ever, so this is refused well before;
* more than 64 alternatives that can hold at once for one fact → the engine fails on that case;
* groups nested too deep (``any`` inside ``all`` inside ``any`` ...) → refused.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from safetynet.errors import Problem, RuleFilesInvalid
from safetynet.rules.compiler import CompiledBook, Json, compile_book, need_expression, screening_expression
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, Not, push_not
from safetynet.rules.model import Rule, RuleBook, ScreeningRule

MAX_RULES = 4096
MAX_FANOUT = 511
MAX_MATCHING = 64
MAX_DEPTH = 9  # of the compiled expression: the rule's own $and plus 8 levels of groups


def compile_checked(book: RuleBook) -> CompiledBook:
    """``compile_book`` after checking the limits; raises ``RuleFilesInvalid`` naming each rule that crosses one."""
    problems = limit_problems(book)
    if problems:
        raise RuleFilesInvalid(problems)
    return compile_book(book)


def limit_problems(book: RuleBook) -> list[Problem]:
    """Errors for every rule set that the engine would refuse, hang on, or fail with at evaluation time."""
    problems: list[Problem] = []
    need_rules: Sequence[Rule] = book.rules
    screening: Sequence[ScreeningRule] = book.screening
    for kind, rules, expressions in (
        ("need", need_rules, [need_expression(r) for r in need_rules]),
        ("screening", screening, [screening_expression(s) for s in screening]),
    ):
        problems.extend(_depth(rules, expressions))
        total = sum(alternatives(r.condition) for r in rules)
        if total > MAX_RULES and rules:
            problems.append(
                _at(
                    rules[0],
                    f"the {kind} rules add up to {total:,} alternatives (each 'any' item and each value of an "
                    f"'in' list counts); the engine takes at most {MAX_RULES:,}: merge rules or shorten lists",
                )
            )
        elif rules:
            problems.extend(_fanout(rules, expressions))
    by_need: dict[str, list[Rule]] = defaultdict(list)
    for rule in need_rules:
        by_need[rule.need].append(rule)
    for need, rules in by_need.items():
        problems.extend(_matching(rules, f"need {need!r}"))
    problems.extend(_matching(screening, "a survey row"))
    return problems


def alternatives(cond: Condition) -> int:
    """How many rules the engine makes of this condition (its disjunctive normal form)."""
    cond = push_not(cond)
    if isinstance(cond, Leaf):
        return len({_key(v) for v in cond.value}) if cond.op == "in" and isinstance(cond.value, tuple) else 1
    if isinstance(cond, Not):  # pragma: no cover - push_not removed it
        return alternatives(cond.item)
    counts = [alternatives(c) for c in cond.items]
    if isinstance(cond, All):
        product = 1
        for c in counts:
            product *= c
        return product
    return sum(counts)


def matching(cond: Condition) -> int:
    """How many alternatives of this condition can hold at once for one fact (values of one 'in' exclude each other)."""
    cond = push_not(cond)
    if isinstance(cond, Leaf):
        return 1
    counts = [matching(c) for c in cond.items] if isinstance(cond, (All, AnyOf)) else [1]
    if isinstance(cond, All):
        product = 1
        for c in counts:
            product *= c
        return product
    return sum(counts)


def _key(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _at(rule: Rule | ScreeningRule, message: str) -> Problem:
    path, line, col = rule.source.rsplit(":", 2)
    return Problem(path, int(line), int(col), message)


def _matching(rules: Sequence[Rule | ScreeningRule], what: str) -> list[Problem]:
    total = sum(matching(r.condition) for r in rules)
    if total <= MAX_MATCHING:
        return []
    worst = max(rules, key=lambda r: matching(r.condition))
    return [
        _at(
            worst,
            f"up to {total} alternatives of the rules for {what} can hold at once for one child; the engine "
            f"handles at most {MAX_MATCHING}: write 'x in [a, b]' instead of 'any' groups of the same field, "
            "or merge rules (this rule has the most alternatives)",
        )
    ]


def _depth(rules: Sequence[Rule | ScreeningRule], expressions: Sequence[Json]) -> list[Problem]:
    out = []
    for rule, expression in zip(rules, expressions, strict=True):
        depth = _nesting(expression)
        if depth > MAX_DEPTH:
            out.append(
                _at(
                    rule,
                    f"the conditions are nested {depth - 1} groups deep (all/any/not and in-lists count); "
                    f"the engine takes at most {MAX_DEPTH - 1}: flatten the groups or split the rule in two",
                )
            )
    return out


def _nesting(expression: Any) -> int:
    if isinstance(expression, dict):
        inner = max((_nesting(v) for v in expression.values()), default=0)
        return inner + (1 if any(k in ("$and", "$or") for k in expression) else 0)
    if isinstance(expression, list):
        return max((_nesting(v) for v in expression), default=0)
    return 0


def _branches(expression: Json) -> list[tuple[str, ...]]:
    """The expression as the engine lays it out: every alternative as an ordered chain of single tests."""
    if "$and" in expression:
        chains: list[tuple[str, ...]] = [()]
        for item in expression["$and"]:
            chains = [c + b for c in chains for b in _branches(item)]
        return chains
    if "$or" in expression:
        return [b for item in expression["$or"] for b in _branches(item)]
    return [(json.dumps(expression, sort_keys=True),)]


def _fanout(rules: Sequence[Rule | ScreeningRule], expressions: Iterable[Json]) -> list[Problem]:
    children: dict[tuple[str, ...], set[str]] = defaultdict(set)
    owner: dict[tuple[str, ...], Rule | ScreeningRule] = {}
    for rule, expression in zip(rules, expressions, strict=True):
        for chain in _branches(expression):
            for i in range(len(chain)):
                prefix = chain[:i]
                children[prefix].add(chain[i])
                if len(children[prefix]) > MAX_FANOUT and prefix not in owner:
                    owner[prefix] = rule
    out = []
    for prefix, rule in owner.items():
        tested = sorted({json.loads(c).__repr__() for c in children[prefix]})[:3]
        out.append(
            _at(
                rule,
                f"{len(children[prefix])} different tests meet at one point of the rule network "
                f"(e.g. {', '.join(tested)}); the engine hangs from {MAX_FANOUT + 1}: split long 'in' lists "
                "under a narrower condition (e.g. child.district == ...) or over rules with different needs",
            )
        )
    return out
