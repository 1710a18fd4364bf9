"""Who may see and do what with referrals: pure functions over the caller and a referral's facts.

- ``admin``: every referral, any action the status allows.
- ``policy_writer``: none.
- ``cm``: reads the referrals of its organization and of its province (as for plans), sends referrals for the
  plans it can read, cancels the referrals it can read; lists (and follows the events of) those that reached its
  organization: those it sent, even for another organization's plan, those of the plans it requested (the path
  starts there), and those it received or holds on another's path.
- ``agency``: reads the referrals it received or holds (it is on the path, up to the holder), or that its
  organization sent (with a CM token), and acts only on those it holds; lists those.
- the provincial **core team** (an organization of kind ``core_team``, with a ``cm`` or ``agency`` token): also
  reads and lists every referral of its province (overdue ones included), and sends referrals for the plans of
  its province; it acts as any organization does, on the referrals it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from safetynet.auth import ROLES_WITH_ORGANIZATION, Actor
from safetynet.contract.vocabulary import CORE_TEAM
from safetynet.errors import Forbidden
from safetynet.referrals.lifecycle import Caller
from safetynet.referrals.records import ReferralRecord


class _Organization(Protocol):
    @property
    def province(self) -> str: ...
    @property
    def kind(self) -> str: ...


class Directory(Protocol):
    """Where an organization is and what kind it is (the partner network answers this)."""

    def organization(self, organization_id: str) -> _Organization | None: ...


ScopeKind = Literal["all", "province", "party"]


@dataclass(frozen=True)
class Scope:
    """Which referrals a list (or the event feed) may hold for a caller: ``all``; ``province`` (``value``: its
    code); ``party`` (``value``: the organization, the referrals that reached it: ``ReferralRecord.reached``,
    the rows the store keeps of them)."""

    kind: ScopeKind
    value: str | None = None


def _province(directory: Directory, organization_id: str | None) -> str | None:
    org = directory.organization(organization_id) if organization_id else None
    return None if org is None else org.province


def core_team_province(actor: Actor, directory: Directory) -> str | None:
    """The province whose core team ``actor`` works for; None when it is not a core team."""
    org = directory.organization(actor.organization_id) if actor.organization_id else None
    if org is None or org.kind != CORE_TEAM or actor.role not in ROLES_WITH_ORGANIZATION:
        return None
    return org.province


def can_read(actor: Actor, referral: ReferralRecord, directory: Directory) -> bool:
    if actor.role == "admin":
        return True
    org = actor.organization_id
    if org is None or actor.role not in ROLES_WITH_ORGANIZATION:
        return False
    if org in referral.parties or org == referral.sent_by:
        return True
    if core_team_province(actor, directory) == referral.province:
        return True
    if actor.role == "cm":
        return referral.from_organization == org or _province(directory, org) == referral.province
    return False


def caller(actor: Actor, referral: ReferralRecord, directory: Directory) -> Caller:
    """``actor`` as the lifecycle sees it. Only an admin or the CM side is the sender: a CM within its reach, or
    whoever sent the referral (a core team that sent it)."""
    if actor.role == "admin":
        return Caller(organization=actor.organization_id, admin=True)
    org = actor.organization_id if actor.role in ROLES_WITH_ORGANIZATION else None
    sender = org is not None and (
        org == referral.sent_by
        or (
            actor.role == "cm" and (referral.from_organization == org or _province(directory, org) == referral.province)
        )
    )
    return Caller(organization=org, sender=sender)


def list_scope(actor: Actor, directory: Directory) -> Scope:
    """The referrals ``actor`` lists (and whose events it follows); Forbidden for a policy writer."""
    if actor.role == "admin":
        return Scope("all")
    if actor.role not in ROLES_WITH_ORGANIZATION or actor.organization_id is None:
        raise Forbidden.for_role(actor.role, "read referrals", "admin, cm and agency")
    province = core_team_province(actor, directory)
    if province is not None:
        return Scope("province", province)
    # A CM's and an agency's alike: a CM that sent a referral for another organization's plan follows it too.
    return Scope("party", actor.organization_id)


def sends_referrals(actor: Actor) -> bool:
    """Whether ``actor``'s role sends referrals at all: an admin, or an organization's token (a CM, a core team);
    for which plans, ``can_send``."""
    return actor.role == "admin" or actor.role in ROLES_WITH_ORGANIZATION


def can_send(actor: Actor, plan_province: str, plan_readable: bool, directory: Directory) -> bool:
    """May ``actor`` send referrals for a plan of ``plan_province`` that it can (``plan_readable``) read?"""
    if actor.role == "admin":
        return True
    if actor.role == "cm":
        return plan_readable
    return core_team_province(actor, directory) == plan_province


def stats_province(actor: Actor, asked: str | None, directory: Directory) -> str | None:
    """The province whose figures ``actor`` gets (None: the whole country). Admin and policy writers may see any
    province or all; a CM or a core team its own province only; another agency none (Forbidden)."""
    if actor.role in ("admin", "policy_writer"):
        return asked
    own = core_team_province(actor, directory) or (
        _province(directory, actor.organization_id) if actor.role == "cm" else None
    )
    if own is None:
        raise Forbidden("an agency's token reads no statistics (admin, policy writers, CMs and core teams may)")
    if asked is not None and asked != own:
        raise Forbidden(f"province: a token of {actor.organization_id} reads the figures of {own} only")
    return own
