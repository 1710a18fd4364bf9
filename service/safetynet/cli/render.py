"""A plan as text for a terminal (``safetynet plan`` without ``--json``): Thai first, with the English.

Both languages, always: the policy writer who checks a draft wrote each rule's title in both and reads what a CM
will read (the Thai) beside the codes the rule files use (the English names fields, services and rules by code).
A label is ``ไทย / English``, as in the what-if report; each line of why is said in Thai, then in English below it.
"""

from __future__ import annotations

from collections.abc import Sequence

from safetynet.contract.plan import PlaceRef, Plan
from safetynet.contract.said import word
from safetynet.contract.text import width

_LATE = {True: "", False: "  (ไม่ทันกำหนด / deadline cannot be met)", None: "  (ส่งต่อใครไม่ได้ / nobody can be reached)"}


def plan_text(plan: Plan) -> str:
    lines = [
        f"แผน / plan {plan.plan_id}  กรณี / case {plan.case_ref}",
        f"  ขอโดย / from {plan.requested_by}  {plan.requested_at.isoformat()}",
        f"  กฎ / rules {plan.rules_version}  เครือข่าย / network {plan.graph_version}",
        "  เด็กอยู่ที่ / child in " + " / ".join(f"{p.th} ({p.code})" for p in _places(plan)),
    ]
    for item in plan.items:
        flag = "เร่งด่วน / URGENT " if item.urgent else ""
        lines.append("")
        lines.append(f"* {flag}{item.need} ({item.need_label.th} / {item.need_label.en})")
        lines.append(
            f"  บริการ / service {item.service} ({item.service_label.th}); "
            f"ส่งต่อภายใน / refer by {item.refer_by.isoformat()}{_LATE[item.meets_deadline]}"
        )
        for rank, cand in enumerate(item.candidates, start=1):
            lines.append(
                f"  {rank}. {cand.name.th} ({cand.organization_id}, {word(f'level.{cand.area}').th} / {cand.area}) "
                f"{cand.path_hours:g} ชม. / h: {' → '.join(cand.path)}"
            )
        if item.escalation is not None:
            lines.append(f"  ส่งเรื่องต่อให้ / escalate to {item.escalation.name.th} ({item.escalation.organization_id})")
        for step in item.timeline:
            term = f"{word(f'term.{step.term}').th} / {step.term}"  # ระยะสั้น / short, as the levels are printed
            lines.append(f"  [{term}] {step.due.isoformat()}  {step.label.th} / {step.label.en}")
        lines += _said("เหตุผล", "why", item.explanation_th, item.explanation)
    for unmet in plan.unmet:
        lines.append("")
        lines.append(
            f"- ยังไม่มีผู้ช่วย / unmet {unmet.need}: {word(f'unmet.{unmet.reason}').th} / {unmet.reason}; "
            f"ส่งเรื่องต่อให้ / escalate to {unmet.escalate_to}"
        )
        lines += _said("รายละเอียด", "detail", None if unmet.detail_th is None else [unmet.detail_th], [unmet.detail])
    return "\n".join(lines)


def _said(th_label: str, en_label: str, th: Sequence[str] | None, en: Sequence[str]) -> list[str]:
    """Each line in Thai, then in English below it (English alone for a plan stored before plans spoke Thai)."""
    if th is None:
        return [f"  {en_label}: {line}" for line in en]
    indent = " " * max(width(th_label) - len(en_label), 0)  # each line's text starts in the same column
    return [
        text
        for pair in zip(th, en, strict=True)
        for text in (f"  {th_label}: {pair[0]}", f"  {indent}{en_label}: {pair[1]}")
    ]


def _places(plan: Plan) -> list[PlaceRef]:
    where = plan.location
    return [p for p in (where.province, where.district, where.subdistrict) if p is not None]
