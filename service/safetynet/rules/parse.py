"""Reading a rule's ``when:`` from YAML into a condition tree, with a located message for every mistake.

Each message points at the line and column of the bad word inside the sentence when it can, and says
what to write instead. Field names and their values come from ``safetynet.contract.facts.FIELDS``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from safetynet.contract.facts import FIELDS, FactField, Source
from safetynet.datafiles.marks import Loc
from safetynet.datafiles.suggest import did_you_mean
from safetynet.datafiles.surveyrow import THAI_VALUES
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Problem
from safetynet.rules import placevalue
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, Not, Op, Value

MAX_LIST = 2000
#: Groups inside groups (``all:``, ``any:``, ``not:``, a list) in one rule's ``when``: the shipped rules use 3, and
#: the engine takes at most 15 and/or groups in a rule (``limits.MAX_GROUPS``).
MAX_CONDITION_DEPTH = 20
OPS_HELP = "<, <=, >, >=, ==, !=, in [a, b], not in [a, b], is known, is unknown"
EXAMPLE = "write a condition as '<field> <operator> <value>', e.g. 'child.age < 18'"
_GROUPS = ("all", "any", "not")
#: Each operator by its text.
_OP_OF: dict[str, Op] = {op: op for op in get_args(Op)}
_OP_RE = re.compile(r"(<=|>=|==|!=|<|>|not\s+in\b|in\b|is\s+known\b|is\s+unknown\b|=>|=<|=|is\s+not\b|is\b)")
_INT_RE = re.compile(r"^[+-]?\d+$")
_FIELD_RE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(.*)", re.DOTALL)
#: "- field" inside one condition: a '- ' line indented deeper than the one above, which YAML joins to it.
_JOINED_RE = re.compile(r"\s-\s+((?:child|household|need)\.[a-z_]+)")


@dataclass
class ConditionReader:
    """Parses the ``when`` of one rule; ``problems`` collects what is wrong."""

    doc: YamlDoc
    lines: Sequence[str]
    source: Source
    need_codes: Collection[str]
    problems: list[Problem] = field(default_factory=list)

    def read(self, raw: Any, loc: Loc, depth: int = 0) -> Condition | None:
        if isinstance(raw, list | dict) and depth >= MAX_CONDITION_DEPTH:
            self._error(
                loc, f"conditions nest at most {MAX_CONDITION_DEPTH} groups deep (all:, any:, not:, lists): flatten it"
            )
            return None
        if isinstance(raw, list):
            return self._group("all", raw, loc, depth)
        if isinstance(raw, dict):
            return self._mapping(raw, loc, depth)
        if isinstance(raw, str):
            return self._leaf(raw, loc)
        self._error(loc, f"{_shown(raw)} is not a condition: {EXAMPLE} (put it in quotes if it is text)")
        return None

    # --- groups ----------------------------------------------------------------------------------

    def _mapping(self, raw: dict[str, Any], loc: Loc, depth: int) -> Condition | None:
        if len(raw) != 1:
            keys = ", ".join(str(k) for k in raw) or "nothing"
            self._error(loc, f"a group has exactly one of all:, any:, not: (found {keys}); split it into a list")
            return None
        ((key, value),) = raw.items()
        if key not in _GROUPS:
            self._error(
                (*loc, key), f"unknown group {key!r}{did_you_mean(key, _GROUPS)} (use all:, any: or not:)", key=True
            )
            return None
        if key == "not":
            inner = self.read(value, (*loc, key), depth + 1)
            return None if inner is None else Not(inner)
        if not isinstance(value, list):
            self._error((*loc, key), f"{key}: takes a list of conditions, one per line starting with '- '")
            return None
        return self._group(key, value, (*loc, key), depth)

    def _group(self, kind: str, items: list[Any], loc: Loc, depth: int) -> Condition | None:
        if kind == "any" and not items:
            self._error(loc, "any: needs at least one condition")
            return None
        parts = [self.read(item, (*loc, i), depth + 1) for i, item in enumerate(items)]
        if any(p is None for p in parts):
            return None
        found = tuple(p for p in parts if p is not None)
        return All(found) if kind == "all" else AnyOf(found)

    # --- leaves ----------------------------------------------------------------------------------

    def _leaf(self, text: str, loc: Loc) -> Leaf | None:  # noqa: PLR0911 - each mistake ends the reading
        stripped = text.strip()
        if joined := _JOINED_RE.search(text):
            self._error(
                loc,
                f"{text!r} is two conditions read as one: the '- {joined.group(1)}' line is indented more than the "
                "line above, which joins them; start every '- ' of the list in the same column",
            )
            return None
        head = _FIELD_RE.match(text)
        if head is None or not head.group(2).strip():
            self._error(loc, f"{text!r} is not a condition: {EXAMPLE}")
            return None
        name, rest = head.group(1), head.group(2).rstrip()
        fact = self._field(name, loc, head.start(1))
        if fact is None:
            return None
        rest_at = head.start(2)
        match = _OP_RE.match(rest)
        if match is None:
            word = rest.split()[0]
            self._error(loc, f"unknown operator {word!r} in {text!r}: use one of {OPS_HELP}", rest_at)
            return None
        op_text = " ".join(match.group(1).split())
        value_text = rest[match.end() :].strip()
        value_at = rest_at + match.end() + (len(rest[match.end() :]) - len(rest[match.end() :].lstrip()))
        fixes = {"=": "==", "=>": ">=", "=<": "<=", "is": "==", "is not": "!="}
        if op_text in fixes:
            self._error(loc, f"operator {op_text!r} is not known: write {fixes[op_text]!r}", rest_at)
            return None
        op: Op
        if op_text in ("is known", "is unknown"):
            if value_text:
                self._error(loc, f"nothing may follow '{op_text}' (found {value_text!r})", value_at)
                return None
            op = "known" if op_text == "is known" else "unknown"
            return Leaf(fact.name, op, None, stripped)
        op = _OP_OF[op_text]  # every spelling _OP_RE takes that is not an Op was refused above
        if not value_text:
            self._error(loc, f"{text!r} has no value after {op_text!r}: {EXAMPLE}", rest_at)
            return None
        if op in ("in", "not in"):
            values = self._list(value_text, loc, value_at, fact)
            if values is None:
                return None
            return Leaf(fact.name, op, tuple(values), stripped)
        if op in ("<", "<=", ">", ">=") and fact.type != "int":
            self._error(loc, f"{op!r} compares numbers, and {fact.name} is not a number: use == or in [...]", rest_at)
            return None
        value = self._value(value_text, loc, value_at, fact)
        if value is None:
            return None
        return Leaf(fact.name, op, value, stripped)

    def _field(self, name: str, loc: Loc, at: int) -> FactField | None:
        fact = FIELDS.get(name)
        if fact is None:
            hint = did_you_mean(name, _names(self.source)) or f" (fields: {', '.join(_names(self.source))})"
            self._error(loc, f"unknown field {name!r}{hint}", at)
            return None
        if self.source not in fact.sources:
            other = "survey rows" if self.source == "case" else "cases"
            kind = "need rules" if self.source == "case" else "screening rules"
            self._error(
                loc,
                f"{name} is given only in {other}, never to {kind}: use one of {', '.join(_names(self.source))}",
                at,
            )
            return None
        return fact

    def _list(self, text: str, loc: Loc, at: int, fact: FactField) -> list[Value] | None:
        if not (text.startswith("[") and text.endswith("]")):
            self._error(loc, f"a list is written in brackets, like [poor, dilapidated] (found {text!r})", at)
            return None
        inner = text[1:-1]
        if not inner.strip():
            self._error(loc, "the list is empty: give at least one value", at)
            return None
        out: list[Value] = []
        offset = at + 1
        for piece in inner.split(","):
            lead = len(piece) - len(piece.lstrip())
            if not piece.strip():
                self._error(loc, "an empty item in the list: remove the extra comma", offset)
                return None
            value = self._value(piece.strip(), loc, offset + lead, fact)
            if value is None:
                return None
            out.append(value)
            offset += len(piece) + 1
        if len(out) > MAX_LIST:
            self._error(loc, f"the list has {len(out)} values; at most {MAX_LIST}", at)
            return None
        return out

    def _value(self, text: str, loc: Loc, at: int, fact: FactField) -> Value | None:
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            word: Value = text[1:-1]
            quoted = True
        elif _INT_RE.match(text):
            word, quoted = int(text), False
        elif text in ("true", "false"):
            word, quoted = text == "true", False
        else:
            word, quoted = text, False
        if fact.type == "int":
            if not isinstance(word, int) or isinstance(word, bool):
                self._error(loc, f"{fact.name} is a whole number ({fact.en}), not {text!r}", at)
                return None
            return word
        if fact.type == "bool":
            if not isinstance(word, bool):
                self._error(loc, f"{fact.name} is true or false, not {text!r}", at)
                return None
            return word
        if isinstance(word, (bool, int)):
            if not quoted and fact.type == "text" and fact.name not in placevalue.FIELDS:
                return str(text)
            word = str(text)
        return self._word(word, loc, at, fact)

    def _word(self, word: str, loc: Loc, at: int, fact: FactField) -> Value | None:
        """A text or enum value: a place is read as its code, an enum value must be one of its values."""
        if fact.name in placevalue.FIELDS:
            code, problem = placevalue.place_code(fact.name, word)
            if code is None:
                self._error(loc, problem, at)
            return code
        allowed = self.need_codes if fact.name == "need.code" else fact.values
        if fact.type == "enum" and word not in allowed:
            options = sorted(allowed)
            # ทรุดโทรม, F: the survey's word for it (its keys are case-folded, as the survey reads F and f alike)
            thai = THAI_VALUES.get(fact.name.rsplit(".", 1)[-1], {}).get(word.casefold())
            meant = f"; did you mean {thai!r}?" if thai in allowed else did_you_mean(word, options)
            self._error(loc, f"{word!r} is not a value of {fact.name}{meant} (values: {', '.join(options)})", at)
            return None
        return word

    # --- messages --------------------------------------------------------------------------------

    def _error(self, loc: Loc, message: str, at: int | None = None, *, key: bool = False) -> None:
        problem = self.doc.problem(loc, message, key=key)
        if at is not None:
            problem = _shift(problem, self.lines, at)
        self.problems.append(problem)


def _names(source: Source) -> list[str]:
    return [name for name, f in FIELDS.items() if source in f.sources]


def _shown(raw: Any) -> str:
    return "a list" if isinstance(raw, list) else "a map" if isinstance(raw, dict) else repr(raw)


def _shift(problem: Problem, lines: Sequence[str], at: int) -> Problem:
    """Move a problem from the start of a string to the ``at``-th character inside it (when on one line)."""
    if not 0 < problem.line <= len(lines):
        return problem
    line = lines[problem.line - 1]
    col = problem.col
    if col - 1 < len(line) and line[col - 1] in "'\"":
        col += 1  # a quoted string starts after its quote
    target = col + at
    if target - 1 > len(line):
        return problem
    return Problem(problem.path, problem.line, target, problem.message, problem.severity)
