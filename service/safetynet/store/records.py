"""The store's values: a plan to save, a stored plan, an audit entry. Plain dataclasses, no SQLAlchemy.

``check_new_plan`` refuses, before anything is written, what the database would refuse half-way (or store
wrongly): naive datetimes, over-long ids, NUL characters (PostgreSQL cannot store them), values that are not
JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from safetynet.contract.case import Case
from safetynet.contract.plan import Plan
from safetynet.store.errors import InvalidRecord

AuditAction = Literal[
    "plan.create",  # a plan was stored
    "plan.read",  # a plan was shown to the caller
    "plan.read_denied",  # a plan exists but is out of the caller's reach (the caller got 404)
    "plan.read_unknown",  # no plan with that id (the caller got 404)
    "plan.replay",  # a plan's case was read to be planned again under other rules or network (what-if)
    "token.create",  # a token was created (token_id, role, organization_id are the new token's)
    "token.revoke",  # a token was revoked (the same fields are the revoked token's)
    "plan.list",  # a plan was shown in a list (GET /v1/plans)
]
# Referrals (``store/referrals.py``) write ``referral.send``, ``referral.<action>`` (acknowledge, ...),
# ``referral.refused``, ``referral.read``, ``referral.read_denied``, ``referral.read_unknown``, ``referral.list``
# and ``referral.escalate`` (no token: the escalation of an overdue referral, recorded when first seen).

ID_MAX = 64
VERSION_MAX = 128


@dataclass(frozen=True)
class NewPlan:
    """A plan to store: the case as sent (``case``) and the plan as answered (``plan``), both JSON-able dicts,
    or the JSON text of an object (as pydantic's ``model_dump_json`` writes it: the store does not encode it
    again)."""

    plan_id: str
    case_ref: str
    province: str
    requested_by: str
    organizations: frozenset[str]
    created_at: datetime
    rules_version: str
    graph_version: str
    case: dict[str, Any] | str
    plan: dict[str, Any] | str

    @classmethod
    def of(cls, plan: Plan, case: Case, body: str | None = None) -> NewPlan:
        """What is stored of ``plan`` made for ``case``; ``body``: the plan's JSON when it is already made."""
        return cls(
            plan_id=plan.plan_id,
            case_ref=plan.case_ref,
            province=plan.location.province.code,  # resolved: the case keeps the place as it was written
            requested_by=plan.requested_by,
            organizations=plan.named_organizations(),
            created_at=plan.created_at,
            rules_version=plan.rules_version,
            graph_version=plan.graph_version,
            case=case.model_dump_json(exclude_none=True),
            plan=body if body is not None else plan.model_dump_json(),
        )


@dataclass(frozen=True)
class PlanRecord(NewPlan):
    """A stored plan, with the id of the token that created it. ``organizations`` includes ``requested_by``."""

    case: dict[str, Any]
    plan: dict[str, Any]
    created_by: str
    previous_plan_id: str | None = None

    def plan_json(self) -> dict[str, Any]:
        """The plan as it was answered: its stored JSON with its place in the case's history."""
        return self.plan | {"previous_plan_id": self.previous_plan_id}


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail; ``at`` is timezone-aware UTC."""

    id: int
    at: datetime
    action: str
    token_id: str | None
    role: str | None
    organization_id: str | None
    plan_id: str | None
    referral_id: str | None = None


@dataclass(frozen=True)
class TokenInfo:
    """A token as an operator may see it: never the token itself, nor its hash."""

    id: str
    role: str
    organization_id: str | None
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


def check_id(field: str, value: str, max_length: int = ID_MAX) -> str:
    if not value or len(value) > max_length:
        raise InvalidRecord(field, f"must be 1 to {max_length} characters long")
    if not value.isprintable():
        raise InvalidRecord(field, "must not contain control characters")
    return value


def check_aware(field: str, value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRecord(field, "needs a timezone (e.g. +07:00 or UTC); naive datetimes are refused")
    return value


class CheckedJSON(str):
    """JSON text made and checked by ``check_json``: the engine writes it as it is, without encoding it again."""


def check_json(field: str, value: Mapping[str, Any] | str) -> CheckedJSON:
    """Refuse what is not plain JSON (NaN, datetimes, sets, ...) or holds a NUL character; return its text."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.startswith("{") and text.endswith("}")):
            raise InvalidRecord(field, "is not the JSON text of an object")
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise InvalidRecord(field, f"is not plain JSON ({type(exc).__name__}: {_first_line(exc)})") from None
    if "\\u0000" in text:  # json escapes every control character, NUL included, even with ensure_ascii=False
        raise InvalidRecord(field, "contains a NUL character, which cannot be stored")
    return CheckedJSON(text)


def _first_line(exc: Exception) -> str:
    # json's messages name the offending type ("Object of type datetime ..."), never the value.
    message = str(exc).splitlines()[0] if str(exc) else ""
    return message[:120]


def check_new_plan(plan: NewPlan) -> tuple[frozenset[str], CheckedJSON, CheckedJSON]:
    """Validate ``plan``; return the organizations to record (always including ``requested_by``) and the JSON
    texts of its case and plan."""
    check_id("plan_id", plan.plan_id)
    check_id("case_ref", plan.case_ref)
    check_id("province", plan.province, 16)
    check_id("requested_by", plan.requested_by)
    check_id("rules_version", plan.rules_version, VERSION_MAX)
    check_id("graph_version", plan.graph_version, VERSION_MAX)
    check_aware("created_at", plan.created_at)
    organizations = frozenset(plan.organizations) | {plan.requested_by}
    for org in organizations:
        check_id("organizations", org)
    return organizations, check_json("case", plan.case), check_json("plan", plan.plan)
