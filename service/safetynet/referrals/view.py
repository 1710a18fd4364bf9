"""A stored referral as its caller sees it: the contract's fields, whether it is overdue now, and what the
caller may do with it."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from safetynet.auth import Actor
from safetynet.contract.referral import Referral
from safetynet.referrals.catalogue import Catalogue, label_of
from safetynet.referrals.lifecycle import allowed_actions, is_overdue
from safetynet.referrals.reach import Directory, caller
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.transitions import state_of


def next_candidate(record: ReferralRecord) -> str | None:
    """After a decline (or a cancel), not yet replaced: the first candidate of the plan item not tried yet."""
    if record.status not in ("declined", "cancelled") or record.replaced_by is not None:
        return None
    return next((c for c in record.candidates if c not in record.tried), None)


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    return None if moment is None else moment.astimezone(zone)


# The view is validated in one call from plain values: pydantic's core checks them faster than ``model_construct``
# builds the nested models one by one in Python (an inbox page's views were most of its CPU).


def _step(step: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    return step | {"at": datetime.fromisoformat(step["at"]).astimezone(zone)}


def _child(facts: dict[str, Any]) -> dict[str, Any]:
    where = facts.get("location", {})
    return {
        "age": facts.get("age"),
        "sex": facts.get("sex"),
        "location": {
            "province": where.get("province", {}),
            "district": where.get("district"),
            "subdistrict": where.get("subdistrict"),
        },
        "explanation": facts.get("explanation", ()),
        "explanation_th": facts.get("explanation_th"),  # none in a referral of a plan made before plans said it in Thai
        "rules": facts.get("rules", ()),  # none in a referral sent before referrals carried the item's rules
    }


def referral_view(
    record: ReferralRecord,
    actor: Actor,
    directory: Directory,
    now: datetime,
    zone: tzinfo = UTC,
    *,
    catalogue: Catalogue,
) -> Referral:
    """``record`` as ``actor`` sees it at ``now``, its need and service named as ``catalogue`` (the rule book in
    force) names them, its times shown in ``zone`` (Thailand time, in the API)."""
    state = state_of(record)
    return Referral.model_validate(
        {
            "referral_id": record.referral_id,
            "plan_id": record.plan_id,
            "case_ref": record.case_ref,
            "need": record.need,
            "need_label": label_of(catalogue.needs, record.need),
            "service": record.service,
            "service_label": label_of(catalogue.services, record.service),
            "urgent": record.urgent,
            "refer_by": record.refer_by.astimezone(zone),
            "overdue": is_overdue(state.status, record.refer_by, now),
            "status": state.status,
            "from_organization": record.from_organization,
            "to_organization": record.to_organization,
            "holder": state.holder,
            "path": record.path,
            "mous": record.mous,
            "child": _child(record.child),
            "history": [_step(step, zone) for step in record.history],
            "replaces": record.replaces,
            "replaced_by": record.replaced_by,
            "sent_by": record.sent_by,
            "created_at": record.created_at.astimezone(zone),
            "acknowledged_at": _local(record.acknowledged_at, zone),
            "accepted_at": _local(record.accepted_at, zone),
            "closed_at": _local(record.closed_at, zone),
            "outcome": state.outcome,
            "reason": record.reason,
            "escalate_to": record.escalate_to,
            "escalated_at": _local(record.escalated_at, zone),
            "next_candidate": next_candidate(record),
            "allowed_actions": allowed_actions(state, caller(actor, record, directory)),
            "version": record.version,
        }
    )
