"""What a plan says for one need, reduced to what a what-if compares: served or why not, by which rules and
service, to whom, how urgent, by when, how many hours away."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal, NamedTuple

from safetynet.contract.plan import Plan, UnmetReason
from safetynet.planning.decision import Decision
from safetynet.rules import Firing

SERVED: Final = "served"
#: Why a need is not served: a plan's own ``unmet`` reasons, or the replay's: the need is not in that side's needs
#: catalogue, the screening of that side did not suggest it (survey rows), or the case could not be planned there
#: at all (its ``requested_by`` is not in that network, ...).
NotServed = Literal[UnmetReason, "unknown_need", "not_suggested", "not_planned"]


class Outcome(NamedTuple):
    status: Literal["served"] | NotServed
    rules: tuple[str, ...] = ()  # the rules that fired, by priority
    service: str | None = None
    urgent: bool | None = None
    deadline_hours: float | None = None  # refer_by - requested_at
    candidates: tuple[str, ...] = ()  # organization ids, best first
    path_hours: float | None = None  # to the first candidate
    meets_deadline: bool = False

    @property
    def served(self) -> bool:
        return self.status == SERVED

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "rules": list(self.rules),
            "service": self.service,
            "urgent": self.urgent,
            "deadline_hours": self.deadline_hours,
            "candidates": list(self.candidates),
            "path_hours": self.path_hours,
            "meets_deadline": self.meets_deadline,
        }


NO_RULE = Outcome("no_rule")
UNKNOWN_NEED = Outcome("unknown_need")
NOT_SUGGESTED = Outcome("not_suggested")
NOT_PLANNED = Outcome("not_planned")


def outcome_of(firings: Sequence[Firing], decision: Decision) -> Outcome:
    """The outcome of a need that rules answered, from ``Planner.decide``."""
    chosen = decision.chosen
    candidates = chosen.route.candidates
    deadline = chosen.deadline.total_seconds() / 3600
    first = candidates[0].path_hours if candidates else None
    return Outcome(
        status=SERVED if candidates else (chosen.route.reason or "no_path"),
        rules=tuple(f.rule.id for f in firings),
        service=chosen.firing.rule.outcome.service,
        urgent=decision.urgent,
        deadline_hours=deadline,
        candidates=tuple(c.organization.id for c in candidates),
        path_hours=first,
        meets_deadline=first is not None and first <= deadline,
    )


def outcomes_of_plan(plan: Plan) -> dict[str, Outcome]:
    """The outcome of each need of a whole plan (the reference the replay's shortcuts are tested against)."""
    unmet = {u.need: u.reason for u in plan.unmet}
    out: dict[str, Outcome] = {}
    for item in plan.items:
        deadline = (item.refer_by - plan.requested_at).total_seconds() / 3600
        first = item.candidates[0].path_hours if item.candidates else None
        out[item.need] = Outcome(
            status=unmet.get(item.need, SERVED),
            rules=tuple(r.id for r in item.rules),
            service=item.service,
            urgent=item.urgent,
            deadline_hours=deadline,
            candidates=tuple(c.organization_id for c in item.candidates),
            path_hours=first,
            # whether the path fits the deadline at all, as outcome_of says: the plan's own meets_deadline also
            # counts how late the case was recorded, which says nothing of the rules and network compared
            meets_deadline=first is not None and first <= deadline,
        )
    for need, reason in unmet.items():
        out.setdefault(need, Outcome(reason))
    return out
