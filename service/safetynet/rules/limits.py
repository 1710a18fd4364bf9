"""The engine's hard limits, checked before a rule set reaches it, with messages a policy writer can act on.

Found on durable_rules 2.0.28 (tests/rules/test_limits.py shows the engine refusing one rule or group more):

* at most 4,096 rules in a rule set (error 106), and the engine adds one of its own (``engine.SENTINEL``):
  4,095 need rules and 4,095 screening rules. One rule of a file is one rule for the engine, however many
  ``any`` items and ``in`` values it has;
* at most 15 and/or groups in one compiled rule, its own ``and`` included (error 113);
* the engine keeps the rules' tests in one tree (its rule network), sharing the tests that rules start with
  in common (``_Network`` builds it the same way). At one point of that tree:

  512 or more different tests → the engine hangs for ever on the first case that reaches them;

* more than 64 alternatives that can hold at once for one fact → the engine fails on that case (error 303).

Two more limits of one point of the network cannot be reached within the 64 alternatives, as the rules
through a point share its need and each 'any'/'in' group joined there adds an alternative: 128 groups joined
or ``is unknown`` tests (one per field) below it (error 107), 256 rules ending there (error 108).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from safetynet.errors import Problem, RuleFilesInvalid
from safetynet.rules.compiler import CompiledBook, Json, compile_book
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, push_not
from safetynet.rules.model import Rule, RuleBook, ScreeningRule

MAX_RULES = 4096
ENGINE_RULES = 1  # the sentinel rule that engine.py adds to each rule set
MAX_GROUPS = 15
MAX_FANOUT = 511
MAX_MATCHING = 64

AnyRule = Rule | ScreeningRule


def compile_checked(book: RuleBook) -> CompiledBook:
    """``compile_book`` after checking the limits; raises ``RuleFilesInvalid`` naming each rule that crosses one."""
    compiled = compile_book(book)
    problems = _problems(book, compiled)
    if problems:
        raise RuleFilesInvalid(problems)
    return compiled


def limit_problems(book: RuleBook) -> list[Problem]:
    """Errors for every rule set that the engine would refuse, hang on, or fail with at evaluation time."""
    return _problems(book, compile_book(book))


def _problems(book: RuleBook, compiled: CompiledBook) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, AnyRule] = {**compiled.need_rules, **compiled.screening_rules}
    for kind, definitions in (("need", compiled.needs), ("screening", compiled.screening)):
        named = [(owners[name], frame["m"]) for name, rule in definitions.items() for frame in rule["all"]]
        problems.extend(_count(kind, [owners[name] for name in definitions]))
        problems.extend(_groups(named))
        problems.extend(_network(named))
    for need in dict.fromkeys(rule.need for rule in book.rules):
        problems.extend(_matching(book.rules_for(need), f"need {need!r}"))
    problems.extend(_matching(book.screening, "a survey row"))
    return problems


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


def _at(rule: AnyRule, message: str) -> Problem:
    return Problem.at(rule.source, message)


def _count(kind: str, rules: Sequence[AnyRule]) -> list[Problem]:
    """``rules``: the book's rule of each named rule the engine gets, in file order."""
    most = MAX_RULES - ENGINE_RULES
    if len(rules) <= most:
        return []
    return [
        _at(
            rules[most],
            f"this is {kind} rule number {most + 1:,} of {len(rules):,} (in file order); the engine takes at most "
            f"{most:,} {kind} rules: simplify by merging rules that have the same outcome into one (one 'in [...]' "
            "list or 'any:' group instead of a rule per value), or delete rules that are no longer in force",
        )
    ]


def _groups(named: Sequence[tuple[AnyRule, Json]]) -> list[Problem]:
    out = []
    for rule, expression in named:
        groups = _group_count(expression) - 1  # the rule's own 'and' of its type, dates and conditions
        if groups > MAX_GROUPS - 1:
            out.append(
                _at(
                    rule,
                    f"the conditions make {groups} groups (each 'any:' or 'all:' group of two or more items, also "
                    "under 'not:', and each 'in [...]' or 'not in [...]' list of two or more values is one); the "
                    f"engine takes at most {MAX_GROUPS - 1} in one rule: split the rule into two rules with the same "
                    "outcome (e.g. one per item of an 'any:'), or write fewer groups",
                )
            )
    return out


def _group_count(expression: object) -> int:
    if isinstance(expression, dict):
        inner = sum(_group_count(v) for v in expression.values())
        return inner + (1 if any(k in ("$and", "$or") for k in expression) else 0)
    if isinstance(expression, list):
        return sum(_group_count(v) for v in expression)
    return 0


@dataclass
class _Network:
    """The engine's rule network, built as durable_rules builds it (rete.c: createAlpha, findAlpha, linkAlpha).

    A test is a point below the point before it, shared by every rule that has the same tests up to there.
    An ``$or`` adds a point of its own (one per group, never shared) that each alternative joins, and the
    rule's next tests go below that point. The tests below one point (but ``$nex``, kept apart) are kept in a
    table of 512 places, and looking up a test in a full table never ends.
    """

    tests: dict[tuple[int, str], int] = field(default_factory=dict)  # (point, test) -> the point below
    fanout: Counter[int] = field(default_factory=Counter)  # point -> tests in its table
    crossing: dict[int, AnyRule] = field(default_factory=dict)  # point -> the first rule past its limit
    points: int = 1  # the start

    def add(self, rule: AnyRule, expression: Json, point: int = 0) -> int:
        """Place the rule's tests below ``point``; return the point its last test leads to."""
        if "$and" in expression:
            for item in expression["$and"]:
                point = self.add(rule, item, point)
            return point
        if "$or" in expression:
            for item in expression["$or"]:
                self.add(rule, item, point)
            return self._new()
        test = json.dumps(expression, ensure_ascii=False, sort_keys=True)
        below = self.tests.get((point, test))
        if below is None:
            below = self.tests[(point, test)] = self._new()
            if "$nex" not in expression:
                self.fanout[point] += 1
                if self.fanout[point] > MAX_FANOUT:
                    self.crossing.setdefault(point, rule)
        return below

    def _new(self) -> int:
        self.points += 1
        return self.points - 1

    def below(self, point: int, limit: int = 3) -> list[str]:
        return sorted(t for (p, t) in self.tests if p == point)[:limit]


def _network(named: Sequence[tuple[AnyRule, Json]]) -> list[Problem]:
    network = _Network()
    for rule, expression in named:
        network.add(rule, expression)
    return [
        _at(
            rule,
            f"{network.fanout[point]} different tests meet at one point of the rule network "
            f"(e.g. {', '.join(network.below(point))}); the engine hangs from {MAX_FANOUT + 1}: split long "
            "'in' lists under a narrower condition (e.g. child.district == ...) or over rules with different needs",
        )
        for point, rule in network.crossing.items()
    ]


def _matching(rules: Sequence[AnyRule], what: str) -> list[Problem]:
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
