"""What changed between the two sides, counted per need and per rule, with a few examples of each change.

Memory stays flat: counts per need, kind and rule, and at most ``examples`` cases per need and kind, and per rule
and direction (starts or stops firing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from safetynet.whatif.outcome import NOT_SUGGESTED, Outcome

#: The kinds of change of one need of one case, in the order reports show them. A case "loses a service" when
#: a need goes from served to anything else (``served_to_unmet``).
KINDS = (
    "served_to_unmet",
    "unmet_to_served",
    "reason_changed",  # unmet both before and after, for another reason
    "service_changed",
    "candidates_changed",
    "urgency_changed",
    "deadline_changed",
    "path_hours_changed",
)
EXAMPLES = 3
DIRECTIONS = ("started", "stopped")  # a rule starts or stops firing for a case


def kinds_of(before: Outcome, after: Outcome) -> list[str]:
    """Every kind of change from ``before`` to ``after`` (both of one need of one case)."""
    out: list[str] = []
    if before.served and not after.served:
        out.append("served_to_unmet")
    elif after.served and not before.served:
        out.append("unmet_to_served")
    elif not before.served and before.status != after.status:
        out.append("reason_changed")
    if None not in (before.service, after.service) and before.service != after.service:
        out.append("service_changed")
    if before.served and after.served:
        if before.candidates != after.candidates:
            out.append("candidates_changed")
        if before.path_hours != after.path_hours:
            out.append("path_hours_changed")
    if None not in (before.urgent, after.urgent) and before.urgent != after.urgent:
        out.append("urgency_changed")
    if None not in (before.deadline_hours, after.deadline_hours) and before.deadline_hours != after.deadline_hours:
        out.append("deadline_changed")
    return out


@dataclass
class _Need:
    asked: int = 0  # cases that have this need on either side
    served_before: int = 0
    served_after: int = 0
    kinds: Counter[str] = field(default_factory=Counter)


@dataclass
class Example:
    case_ref: str
    plan_id: str | None
    need: str
    kind: str
    before: Outcome
    after: Outcome


@dataclass
class Report:
    rules_version: tuple[str, str]  # (before, after)
    graph_version: tuple[str, str]
    examples_per_kind: int = EXAMPLES
    cases: int = 0
    changed: int = 0
    skipped: int = 0
    needs: dict[str, _Need] = field(default_factory=dict)
    started: Counter[str] = field(default_factory=Counter)  # rule id -> cases where it starts firing
    stopped: Counter[str] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[Example]] = field(default_factory=dict)  # (kind, need) -> examples
    #: (rule id, "started" or "stopped") -> the cases, as (case_ref, plan_id): a rule may stop firing while the
    #: plan stays the same (another rule answers the need alike), and the reader still needs to see for whom.
    rule_examples: dict[tuple[str, str], list[tuple[str, str | None]]] = field(default_factory=dict)

    def add(self, case_ref: str, plan_id: str | None, before: dict[str, Outcome], after: dict[str, Outcome]) -> None:
        """One case: the outcome of each of its needs before and after (a need may be on one side only)."""
        self.cases += 1
        for code in before.keys() | after.keys():
            need = self.needs.get(code) or self.needs.setdefault(code, _Need())
            need.asked += 1
            need.served_before += before.get(code, NOT_SUGGESTED).served
            need.served_after += after.get(code, NOT_SUGGESTED).served
        if before == after:
            return
        self.changed += 1
        started: set[str] = set()
        stopped: set[str] = set()
        for code in dict.fromkeys([*before, *after]):
            was, now = before.get(code, NOT_SUGGESTED), after.get(code, NOT_SUGGESTED)
            if was == now:
                continue
            for kind in kinds_of(was, now):
                self.needs[code].kinds[kind] += 1
                shown = self.examples.setdefault((kind, code), [])
                if len(shown) < self.examples_per_kind:
                    shown.append(Example(case_ref, plan_id, code, kind, was, now))
            started.update(set(now.rules) - set(was.rules))
            stopped.update(set(was.rules) - set(now.rules))
        self.started.update(started)
        self.stopped.update(stopped)
        for direction, rules in zip(DIRECTIONS, (started, stopped), strict=True):
            for rule in rules:
                shown_cases = self.rule_examples.setdefault((rule, direction), [])
                if len(shown_cases) < self.examples_per_kind:
                    shown_cases.append((case_ref, plan_id))

    def _rule_cases(self, rule: str, direction: str, details: bool) -> list[str | None]:
        """The example cases of ``rule`` starting or stopping: their case_refs, or (``details=False``) plans."""
        return [ref if details else plan for ref, plan in self.rule_examples.get((rule, direction), [])]

    @property
    def losses(self) -> int:
        """Needs of cases that go from served to not served."""
        return sum(n.kinds["served_to_unmet"] for n in self.needs.values())

    def as_dict(self, *, details: bool = True) -> dict[str, Any]:
        """The report as JSON (``whatif --json``). ``details=False``: each example names the plan, the need and
        the kind of change only, never the case_ref nor what the plan said (the dry run for policy writers)."""
        examples = [e for kind in KINDS for (k, _), found in sorted(self.examples.items()) if k == kind for e in found]
        return {
            "cases": self.cases,
            "changed": self.changed,
            "skipped": self.skipped,
            "rules_version": {"before": self.rules_version[0], "after": self.rules_version[1]},
            "graph_version": {"before": self.graph_version[0], "after": self.graph_version[1]},
            "needs": {
                code: {
                    "cases": need.asked,
                    "served_before": need.served_before,
                    "served_after": need.served_after,
                    **{kind: need.kinds[kind] for kind in KINDS},
                }
                for code, need in sorted(self.needs.items())
            },
            "rules": {
                rule: {
                    "started": self.started[rule],
                    "stopped": self.stopped[rule],
                    "examples": {direction: self._rule_cases(rule, direction, details) for direction in DIRECTIONS},
                }
                for rule in sorted(self.started.keys() | self.stopped.keys())
            },
            "examples": [_example(e, details) for e in examples],
        }


def _example(example: Example, details: bool) -> dict[str, Any]:
    if not details:
        return {"plan_id": example.plan_id, "need": example.need, "kind": example.kind}
    shown: dict[str, Any] = {"case_ref": example.case_ref, "need": example.need, "kind": example.kind}
    if example.plan_id is not None:
        shown["plan_id"] = example.plan_id
    return shown | {"before": example.before.as_dict(), "after": example.after.as_dict()}
