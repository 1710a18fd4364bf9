"""``safetynet rules diff OLD NEW``: needs, services, need rules and screening rules added, removed and changed."""

from __future__ import annotations

from typing import Any

from safetynet.rules import Need, Rule, RuleBook, ScreeningRule, Service
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, Not
from safetynet.whatif.diff import Diff, compare


def condition_text(cond: Condition) -> str:
    """A condition as one line, in the words the policy writer wrote (``and``, ``or``, ``not``)."""
    if isinstance(cond, Leaf):
        return cond.text
    if isinstance(cond, Not):
        return f"not ({condition_text(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    inner = [f"({condition_text(c)})" if isinstance(c, All | AnyOf) else condition_text(c) for c in cond.items]
    return joiner.join(inner)


def _dates(rule: Rule | ScreeningRule) -> dict[str, Any]:
    return {"from": rule.effective_from.isoformat(), "until": rule.until.isoformat() if rule.until else None}


def _rules(book: RuleBook) -> dict[str, dict[str, Any]]:
    """Each need rule as compared, with the rules of its need and priority that come before it in file order: they
    win a tie (the planner takes the first), so moving a rule, or a file's name, changes plans as surely as an edit."""
    ahead: dict[tuple[str, int], list[str]] = {}
    out: dict[str, dict[str, Any]] = {}
    for rule in book.rules:
        before = ahead.setdefault((rule.need, rule.priority), [])
        out[rule.id] = _rule(rule, list(before))
        before.append(rule.id)
    return out


def _rule(rule: Rule, ahead: list[str]) -> dict[str, Any]:
    outcome = rule.outcome
    return {
        "title": rule.title.model_dump(),
        "reference": rule.reference,
        **_dates(rule),
        "need": rule.need,
        "priority": rule.priority,
        "order": f"after {', '.join(ahead)}" if ahead else "first of its need and priority",
        "when": condition_text(rule.condition),
        "then": {
            "service": outcome.service,
            "providers": [f"{p.kind} ({p.level})" for p in outcome.providers],
            "urgent": outcome.urgent,
            "timeline": [f"{s.term} {s.days} d: {s.step.en} / {s.step.th}" for s in outcome.timeline],
        },
    }


def _screening(rule: ScreeningRule) -> dict[str, Any]:
    return {
        "title": rule.title.model_dump(),
        "reference": rule.reference,
        **_dates(rule),
        "priority": rule.priority,
        "when": condition_text(rule.condition),
        "then": {"tier": rule.tier, "suggest": list(rule.suggest)},
    }


def _need(need: Need) -> dict[str, Any]:
    return {"label": need.label.model_dump(), "urgent": need.urgent, "description": need.description}


def _service(service: Service) -> dict[str, Any]:
    return {"label": service.label.model_dump(), "needs": list(service.needs)}


def rules_diff(before: RuleBook, after: RuleBook) -> Diff:
    return Diff(
        what=("กฎ", "rules"),
        versions=(before.version, after.version),
        sections=[
            compare("needs", ("ความต้องการ", "needs"), _by(before.needs, _need), _by(after.needs, _need)),
            compare("services", ("บริการ", "services"), _by(before.services, _service), _by(after.services, _service)),
            compare(
                "rules",
                ("กฎความต้องการ", "need rules"),
                _rules(before),
                _rules(after),
            ),
            compare(
                "screening",
                ("กฎคัดกรอง", "screening rules"),
                {s.id: _screening(s) for s in before.screening},
                {s.id: _screening(s) for s in after.screening},
            ),
        ],
    )


def _by(records: dict[str, Any], shape: Any) -> dict[str, dict[str, Any]]:
    return {code: shape(record) for code, record in records.items()}
