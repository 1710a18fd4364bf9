"""A plan as text for a terminal (``safetynet plan`` without ``--json``)."""

from __future__ import annotations

from safetynet.contract.plan import PlaceRef, Plan


def plan_text(plan: Plan) -> str:
    lines = [
        f"Plan {plan.plan_id} for case {plan.case_ref}",
        f"  from {plan.requested_by} at {plan.requested_at.isoformat()}",
        f"  rules {plan.rules_version}, network {plan.graph_version}",
        "  child in " + " / ".join(f"{p.th} ({p.code})" for p in _places(plan)),
    ]
    for item in plan.items:
        flag = "URGENT " if item.urgent else ""
        lines.append("")
        lines.append(f"* {flag}{item.need} ({item.need_label.th} / {item.need_label.en})")
        late = {True: "", False: "  (deadline cannot be met)", None: "  (nobody can be reached)"}
        lines.append(f"  service {item.service}; refer by {item.refer_by.isoformat()}{late[item.meets_deadline]}")
        for rank, cand in enumerate(item.candidates, start=1):
            lines.append(
                f"  {rank}. {cand.name.th} ({cand.organization_id}, {cand.area}) "
                f"{cand.path_hours:g} h via {' → '.join(cand.path)}"
            )
        if item.escalation is not None:
            lines.append(f"  escalate to {item.escalation.name.th} ({item.escalation.organization_id})")
        for step in item.timeline:
            lines.append(f"  [{step.term}] {step.due.isoformat()}  {step.label.th} / {step.label.en}")
        for why in item.explanation:
            lines.append(f"  why: {why}")
    for unmet in plan.unmet:
        lines.append(f"- unmet {unmet.need}: {unmet.reason}; escalate to {unmet.escalate_to}: {unmet.detail}")
    return "\n".join(lines)


def _places(plan: Plan) -> list[PlaceRef]:
    where = plan.location
    return [p for p in (where.province, where.district, where.subdistrict) if p is not None]
