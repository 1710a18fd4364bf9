"""Tokens, roles and reach: who may do what, and whose plans each caller may see.

Pure functions over plain values (no database here): the store keeps the tokens and plans, the API asks
these questions before it answers.

Roles:

- ``admin``: everything, including reading every plan.
- ``policy_writer``: edits and reloads the rules; never reads a child's plan.
- ``cm``: a case manager's unit (``organization_id`` required); creates plans and reads the plans of its own
  organization or of its organization's province.
- ``agency``: a partner organization (``organization_id`` required); reads only plans that name it, and of
  those only what it is asked to do (``visible_part``): not the child's other needs.

A bearer token is shown once, when it is created; only its SHA-256 hash is kept. Tokens carry 256 bits of
randomness, so a fast hash is enough: there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from safetynet.contract.plan import Plan
from safetynet.errors import Forbidden

Role = Literal["admin", "policy_writer", "cm", "agency"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLES_WITH_ORGANIZATION: frozenset[Role] = frozenset({"cm", "agency"})

TOKEN_PREFIX = "snt_"  # noqa: S105  (a recognisable prefix, not a secret)
_TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128
_TOKEN_SHAPE = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_-]{{20,{MAX_TOKEN_LENGTH - len(TOKEN_PREFIX)}}}")


@dataclass(frozen=True)
class Actor:
    """Who is asking: the token's id (never the token itself), its role and, for cm/agency, its organization."""

    token_id: str
    role: Role
    organization_id: str | None


class PlanReach(Protocol):
    """What reach is decided on; the store's ``PlanRecord`` has these fields."""

    @property
    def province(self) -> str: ...
    @property
    def requested_by(self) -> str: ...
    @property
    def organizations(self) -> Set[str]: ...


def parse_role(value: str) -> Role:
    """``value`` as a Role, or ValueError naming the roles there are."""
    for role in ROLES:
        if value == role:
            return role
    raise ValueError(f"unknown role {value!r}; roles: {', '.join(ROLES)}")


def new_token() -> str:
    """A fresh bearer token: ``snt_`` and 43 URL-safe characters (256 random bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)


def looks_like_token(raw: str) -> bool:
    """Cheap shape check before any lookup: the prefix, then 20 to 124 URL-safe characters."""
    return _TOKEN_SHAPE.fullmatch(raw) is not None


def hash_token(raw: str) -> str:
    """What is stored for a token: the hex SHA-256 of its text. The raw token is never stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def can_create_plan(actor: Actor) -> bool:
    return actor.role in ("admin", "cm")


def authorize_plan(actor: Actor, requested_by: str | None) -> None:
    """Raise Forbidden unless ``actor`` may plan a case that starts from ``requested_by`` (None: its own).

    A CM starts referrals from its own organization only; an admin (a provincial system, the CLI) from any."""
    if not can_create_plan(actor):
        raise Forbidden.for_role(actor.role, "create plans", "admin and cm")
    if actor.role == "cm" and requested_by not in (None, actor.organization_id):
        raise Forbidden("requested_by: a CM token starts referrals from its own organization only")


def can_reload_rules(actor: Actor) -> bool:
    return actor.role in ("admin", "policy_writer")


def can_read_plan(actor: Actor, plan: PlanReach, province_of: Callable[[str], str | None]) -> bool:
    """Whether ``actor`` may see ``plan``.

    ``province_of(organization_id)`` is the province code of an organization in the partner network (None when
    the network does not know it). A CM whose organization is unknown to the network still sees the plans it
    requested, and nothing else.
    """
    if actor.role == "admin":
        return True
    org = actor.organization_id
    if org is None:
        return False
    if actor.role == "cm":
        if plan.requested_by == org:
            return True
        province = province_of(org)
        return province is not None and plan.province == province
    if actor.role == "agency":
        return org in plan.organizations
    return False


def visible_part(actor: Actor, plan: Plan) -> Plan:
    """What ``actor``, who may read ``plan`` (``can_read_plan``), is shown of it.

    Admin and CM: the whole plan. Anyone else (an agency): the plan with only the items that name its
    organization as a candidate or as the escalation, and only the unmet needs escalated to it — a partner
    learns what it is asked to do, never the child's other needs and why (income, disability, home). The
    stored plan is not changed.
    """
    if actor.role in ("admin", "cm"):
        return plan
    org = actor.organization_id
    items = [
        item
        for item in plan.items
        if any(c.organization_id == org for c in item.candidates)
        or (item.escalation is not None and item.escalation.organization_id == org)
    ]
    unmet = [u for u in plan.unmet if org is not None and u.escalate_to == org]
    return plan.model_copy(update={"items": items, "unmet": unmet})


@dataclass(frozen=True)
class PlanScope:
    """The plans a list (``GET /v1/plans``) may hold: those ``requested_by`` the organization or of the
    ``province`` (either), or those that name an organization (``named``, an agency); nothing set: all."""

    requested_by: str | None = None
    province: str | None = None
    named: str | None = None


def plan_list_scope(actor: Actor, province_of: Callable[[str], str | None]) -> PlanScope:
    """The same reach as ``can_read_plan``, as a filter; Forbidden for a role that reads no plans."""
    org = actor.organization_id
    if actor.role == "admin":
        return PlanScope()
    if actor.role == "cm" and org is not None:
        return PlanScope(requested_by=org, province=province_of(org))
    if actor.role == "agency" and org is not None:
        return PlanScope(named=org)
    raise Forbidden.for_role(actor.role, "read plans", "admin, cm and agency")
