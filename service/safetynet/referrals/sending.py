"""Sending a plan item to one of its candidates: which organization (the first not tried yet, by default), along
which path, with which facts about the child, and which earlier referral it replaces. Pure: the store calls
``new_referral`` inside the transaction that writes the result, with what it has just read.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from safetynet.contract.plan import PlanItem
from safetynet.referrals.errors import DeclinedBefore, NoCandidateLeft, NotInPlan, ReferralExists
from safetynet.referrals.lifecycle import ACTIVE, AlongPath, Step, first_state
from safetynet.referrals.records import ReferralRecord, SentReferral


@dataclass(frozen=True)
class NewReferral(SentReferral, AlongPath):
    """A referral to store, as ``new_referral`` made it: sent, held by the first organization that must act."""

    position: int
    holder: str
    first_step: Step


def still_open(status: str, outcome: str | None) -> bool:
    """Does a referral of a plan item keep the item from being sent again? While it is under way, and once the child
    was helped."""
    return status in ACTIVE or (status == "done" and outcome == "helped")


def new_referral_id() -> str:
    """``ref_`` and 20 hex digits: milliseconds (11), then 36 random bits, so new ids append to their indexes."""
    return f"ref_{time.time_ns() // 1_000_000:011x}{secrets.randbits(36):09x}"


def child_facts(case: Mapping[str, Any], item: PlanItem, location: Mapping[str, Any]) -> dict[str, Any]:
    """What the receiver needs to know about the child, and nothing else: age, sex, where (the plan's place in
    canonical form, with Thai and English names, whatever the CM wrote), and why this need (the explanation, in Thai
    too when the plan has it, and the rules of this item only: never the child's other needs)."""
    child = case.get("child", {})
    facts = {
        "age": child.get("age"),
        "sex": child.get("sex"),
        "location": {k: location.get(k) for k in ("province", "district", "subdistrict")},
        "explanation": list(item.explanation),
        "rules": [rule.model_dump() for rule in item.rules],
    }
    if item.explanation_th is not None:  # a plan made before plans said it in Thai has none
        facts["explanation_th"] = list(item.explanation_th)
    return facts


def plan_item(items: Sequence[Mapping[str, Any]], need: str) -> PlanItem:
    """The stored plan's item for ``need`` (only that one is read into a ``PlanItem``); NotInPlan naming the plan's
    needs when there is none."""
    for item in items:
        if item.get("need") == need:
            return PlanItem.model_validate(item)
    raise NotInPlan("need", need, [str(i.get("need")) for i in items], meant=_meant(items, need))


def _meant(items: Sequence[Mapping[str, Any]], written: str) -> str | None:
    """The plan's need that ``written`` names another way: its code in capitals or with spaces or hyphens, or its
    Thai or English name as the plan gives it (``ซ่อมแซมที่อยู่อาศัย``); None when none does. Only said, never taken:
    a referral names the need by its code, as the plan does."""
    wanted = " ".join(written.split()).casefold()
    for item in items:
        label = item.get("need_label") or {}
        names = {str(label.get("th", "")).casefold(), str(label.get("en", "")).casefold()}
        if wanted.replace(" ", "_").replace("-", "_") == item.get("need") or wanted in names:
            return str(item.get("need"))
    return None


def escalation_of(item: PlanItem, core_team: str | None) -> str | None:
    """Where ``item`` may go when its candidates are exhausted, or when it has none: the item's escalation when it
    names one, else the province's core team ``core_team``."""
    return item.escalation.organization_id if item.escalation is not None else core_team


def new_referral(
    *,
    plan_id: str,
    case_ref: str,
    requested_by: str,
    item: PlanItem,
    case: Mapping[str, Any],
    location: Mapping[str, Any],
    province: str,
    organization_id: str | None,
    earlier: Sequence[ReferralRecord],
    sent_by: str | None,
    core_team: str | None,
    now: datetime,
    circumstances_changed: str | None = None,
) -> NewReferral:
    """The referral of plan ``plan_id``'s ``item`` to ``organization_id`` (default: its first candidate not tried
    yet). ``earlier``: the item's earlier referrals; ``core_team``: the province's core team, where an item may
    also be sent when its candidates are exhausted (the item's escalation, when it has one, comes first).
    Not to a partner that declined the item (DeclinedBefore), unless ``circumstances_changed`` says what changed
    since: the note of the send, which the partner reads."""
    for old in earlier:
        if still_open(old.status, old.outcome):
            raise ReferralExists(old.referral_id, old.status)
    last = max((r for r in earlier if r.replaced_by is None), key=lambda r: r.created_at, default=None)
    tried = tuple(last.tried) if last is not None else ()
    escalation = escalation_of(item, core_team)
    by_id = {c.organization_id: c for c in item.candidates}
    if organization_id is None:
        organization_id = next((c.organization_id for c in item.candidates if c.organization_id not in tried), None)
        if organization_id is None:
            raise NoCandidateLeft(tried, escalation, offered=bool(item.candidates))
    if circumstances_changed is None:
        _refuse_declined(organization_id, earlier, tried, by_id, escalation)
    mous: tuple[dict[str, Any], ...] = ()
    if organization_id in by_id:
        path = tuple(by_id[organization_id].path)
        mous = tuple(m.model_dump() for m in by_id[organization_id].mous)
    elif organization_id == escalation:
        path = (requested_by,) if requested_by == escalation else (requested_by, escalation)
    else:
        raise NotInPlan("organization_id", organization_id, [*by_id, *([escalation] if escalation else [])])
    state = first_state(path)
    holder = state.holder
    assert holder is not None  # a referral just sent is always held
    created = now.replace(microsecond=0)
    return NewReferral(
        referral_id=new_referral_id(),
        plan_id=plan_id,
        case_ref=case_ref,
        need=item.need,
        service=item.service,
        urgent=item.urgent,
        province=province,
        refer_by=item.refer_by,
        created_at=created,
        sent_by=sent_by,
        path=path,
        mous=mous,
        position=state.position,
        holder=holder,
        child=child_facts(case, item, location),
        candidates=tuple(by_id),
        tried=tried if organization_id in tried else (*tried, organization_id),
        replaces=last.referral_id if last is not None else None,
        escalate_to=core_team,
        first_step=Step(
            action="send", status="sent", at=created, by_organization=sent_by, holder=holder, note=circumstances_changed
        ),
    )


def _refuse_declined(
    organization_id: str,
    earlier: Sequence[ReferralRecord],
    tried: Sequence[str],
    candidates: Mapping[str, object],
    escalation: str | None,
) -> None:
    """DeclinedBefore when a referral of the item to ``organization_id`` was declined (by it, or by a core team
    relaying it: sent the same way, it meets the same answer); naming the candidate to try instead, as the
    declined referral's ``next_candidate`` does, or the escalation once every candidate was tried."""
    declined = next(
        (r for r in reversed(earlier) if r.status == "declined" and r.to_organization == organization_id), None
    )
    if declined is None:
        return
    refused = {r.to_organization for r in earlier if r.status == "declined"}
    following = next((c for c in candidates if c not in tried and c not in refused), None)
    last_step = declined.history[-1] if declined.history else {}
    raise DeclinedBefore(
        organization_id,
        declined.referral_id,
        declined.reason,
        declined_by=last_step.get("by_organization"),
        next_candidate=following,
        escalation=escalation if following is None and escalation not in refused else None,
    )
