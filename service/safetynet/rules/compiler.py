"""A ``RuleBook`` → durable_rules rulesets as plain JSON-able dicts (no durable_rules import here).

Each rule becomes one entry ``{"all": [{"m": expression}]}`` whose expression starts with positive tests
(``t`` is the fact type, ``d`` the evaluation day as yyyymmdd), so that no rule is only a negative test:

    need rule:      t == "need"  and need.code == X  and d >= from [and d <= until]  and <conditions>
    screening rule: t == "row"   and d >= from [and d <= until]  and <conditions>

``x in [a, b]`` becomes an ``$or`` of equalities (the engine has no ``$in``); ``not`` is pushed onto the
leaves; text is compared in lower case (the engine lower-cases the facts' text the same way).
The engine's hard limits are checked in ``limits.py`` before anything reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, Not, Scalar, push_not
from safetynet.rules.model import Rule, RuleBook, ScreeningRule

NEED_FACT = "need"
ROW_FACT = "row"
_CMP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}

Json = dict[str, Any]


@dataclass(frozen=True)
class CompiledBook:
    """The two rulesets and how their rule names map back to the book's rules."""

    version: str
    needs: dict[str, Json]  # rule name -> definition, for facts of type "need"
    screening: dict[str, Json]  # for facts of type "row"
    need_rules: dict[str, Rule]
    screening_rules: dict[str, ScreeningRule]


def day_number(on: date) -> int:
    return on.year * 10000 + on.month * 100 + on.day


def need_rule_name(index: int) -> str:
    return f"n{index}"


def screening_rule_name(index: int) -> str:
    return f"s{index}"


def compile_book(book: RuleBook) -> CompiledBook:
    """Compile every rule; call ``limits.limit_problems`` first to refuse what the engine cannot run."""
    needs = {need_rule_name(i): {"all": [{"m": need_expression(r)}]} for i, r in enumerate(book.rules)}
    screening = {
        screening_rule_name(i): {"all": [{"m": screening_expression(s)}]} for i, s in enumerate(book.screening)
    }
    return CompiledBook(
        version=book.version,
        needs=needs,
        screening=screening,
        need_rules={need_rule_name(i): r for i, r in enumerate(book.rules)},
        screening_rules={screening_rule_name(i): s for i, s in enumerate(book.screening)},
    )


def need_expression(rule: Rule) -> Json:
    tests: list[Json] = [{"t": NEED_FACT}, {"need.code": rule.need}]
    return _and(tests + _dates(rule.effective_from, rule.until) + _body(rule.condition))


def screening_expression(rule: ScreeningRule) -> Json:
    tests: list[Json] = [{"t": ROW_FACT}]
    return _and(tests + _dates(rule.effective_from, rule.until) + _body(rule.condition))


def _dates(start: date, until: date | None) -> list[Json]:
    out: list[Json] = [{"$gte": {"d": day_number(start)}}]
    if until is not None:
        out.append({"$lte": {"d": day_number(until)}})
    return out


def _body(condition: Condition) -> list[Json]:
    pushed = push_not(condition)
    if isinstance(pushed, All):
        return [compile_condition(c) for c in pushed.items]
    return [compile_condition(pushed)]


def _and(items: list[Json]) -> Json:
    return items[0] if len(items) == 1 else {"$and": items}


def _or(items: list[Json]) -> Json:
    return items[0] if len(items) == 1 else {"$or": items}


def _v(value: Scalar) -> Scalar:
    return value.lower() if isinstance(value, str) else value


def compile_condition(cond: Condition) -> Json:
    """One negation-free condition → a durable_rules expression."""
    if isinstance(cond, All):
        return _and([compile_condition(c) for c in cond.items])
    if isinstance(cond, AnyOf):
        return _or([compile_condition(c) for c in cond.items])
    if isinstance(cond, Not):
        return compile_condition(push_not(cond))
    return compile_leaf(cond)


def compile_leaf(leaf: Leaf) -> Json:  # noqa: PLR0911 - one return per operator
    name = leaf.field
    if leaf.op == "known":
        return {"$ex": {name: 1}}
    if leaf.op == "unknown":
        return {"$nex": {name: 1}}
    if leaf.op == "==":
        return {name: _v(leaf.value)}
    if leaf.op == "!=":
        return {"$neq": {name: _v(leaf.value)}}
    if leaf.op in ("in", "not in"):
        assert isinstance(leaf.value, tuple)
        values = list(dict.fromkeys(_v(v) for v in leaf.value))
        if leaf.op == "in":
            return _or([{name: v} for v in values])
        return _and([{"$neq": {name: v}} for v in values])
    return {_CMP[leaf.op]: {name: leaf.value}}
