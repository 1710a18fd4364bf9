"""The audit trail's rows as the store writes them: who (the token, its role and organization), what
(``AuditAction``), when and which plan; and a plan id as it can be written there, even when it is no valid id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row

from safetynet.auth import Actor
from safetynet.store.records import ID_MAX, AuditAction, AuditEntry


def _now() -> datetime:
    return datetime.now(UTC)


def audit_row(action: AuditAction, actor: Actor | None, plan_id: str | None) -> dict[str, Any]:
    """``actor`` None: the command line."""
    return {
        "at": _now(),
        "action": action,
        "token_id": actor.token_id if actor else None,
        "role": actor.role if actor else None,
        "organization_id": actor.organization_id if actor else None,
        "plan_id": plan_id,
        "referral_id": None,  # every audit row has the same keys: the group writer inserts them in one go
    }


def audit_key(plan_id: str) -> str:
    """``plan_id`` as it can be written to the audit log, even when it is no valid id."""
    if 0 < len(plan_id) <= ID_MAX and plan_id.isprintable():
        return plan_id
    return plan_id.encode("unicode_escape").decode("ascii")[:ID_MAX] or "''"


def audit_entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(**row._mapping)  # the columns of audit_log are the fields of an entry
