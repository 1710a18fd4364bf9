"""The referral errors a user can cause. Each carries its stable ``code`` and ``details``; its HTTP status is in
``api/errors.py`` (``STATUS_OF``). No message carries case data: ids, statuses and actions only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safetynet.errors import SafetynetError


class InvalidTransition(SafetynetError):
    """An action that the referral's status, or the caller, does not allow (or that another user's action, made
    at the same moment, has just made impossible). ``allowed``: what this caller may do now; ``possible``: what
    the status allows to somebody (the holder, the sender)."""

    code = "invalid_transition"

    def __init__(
        self,
        action: str,
        status: str,
        *,
        allowed: Sequence[str],
        possible: Sequence[str],
        holder: str | None,
        changed: bool = False,
    ) -> None:
        self.action = action
        self.status = status
        self.allowed = list(allowed)
        self.possible = list(possible)
        self.holder = holder
        self.changed = changed
        why = "another action on this referral was recorded first; " if changed else ""
        you = ", ".join(self.allowed) if self.allowed else "nothing"
        who = f" (held by {holder})" if holder else ""
        super().__init__(f"{action!r} is not allowed on a referral that is {status}{who}: {why}allowed now: {you}")

    def details(self) -> list[dict[str, Any]]:
        return [
            {
                "field": "action",
                "message": str(self),
                "status": self.status,
                "holder": self.holder,
                "allowed": self.allowed,
                "possible": self.possible,
            }
        ]


class ReferralExists(SafetynetError):
    """The plan item already has a referral under way (sent, acknowledged or accepted), or its need was met."""

    code = "referral_exists"

    def __init__(self, referral_id: str, status: str) -> None:
        self.referral_id = referral_id
        self.status = status
        if status == "done":  # the child was helped: nothing left to act on or cancel
            said = f"the need of this plan item was met: referral {referral_id} is done, the child helped"
        else:
            said = f"this plan item already has referral {referral_id} ({status}): act on it, or cancel it before "
            said += "sending another"
        super().__init__(said)

    def details(self) -> list[dict[str, Any]]:
        return [{"field": "need", "message": str(self), "referral_id": self.referral_id, "status": self.status}]


class NoCandidateLeft(SafetynetError):
    """Every candidate of the plan item was tried, or it had none (an unmet need); the provincial core team is the one
    left to ask."""

    code = "no_candidate_left"

    def __init__(self, tried: Sequence[str], escalation: str | None, *, offered: bool = True) -> None:
        self.tried = list(tried)
        self.escalation = escalation
        then = (
            f"; send it to the provincial core team with organization_id {escalation!r}"
            if escalation
            else "; plan the case again"
        )
        if offered:
            said = f"every candidate of this plan item was tried ({', '.join(self.tried)})"
        else:  # an unmet need: nobody to try, which "every candidate was tried ()" hid
            said = "this plan item has no candidate: no partner could be reached for it (the plan's unmet says why)"
        super().__init__(said + then)

    def details(self) -> list[dict[str, Any]]:
        return [{"field": "organization_id", "message": str(self), "tried": self.tried, "escalation": self.escalation}]


class DeclinedBefore(SafetynetError):
    """The partner named already declined this plan item: sent again as it is, it would decline it again while the
    child waits. The CM sends it to the next candidate instead, or says what changed (``circumstances_changed``)."""

    code = "declined_before"

    def __init__(
        self,
        organization_id: str,
        referral_id: str,
        reason: str | None,
        *,
        declined_by: str | None,
        next_candidate: str | None,
        escalation: str | None,
    ) -> None:
        # what the CM chooses from, as the details give it
        self.facts: dict[str, str | None] = {
            "organization_id": organization_id,
            "referral_id": referral_id,
            "reason": reason,
            "declined_by": declined_by,
            "next_candidate": next_candidate,
            "escalation": escalation,
        }
        by = f" (declined by {declined_by})" if declined_by not in (None, organization_id) else ""
        if next_candidate is not None:
            then = f"send it to the next candidate {next_candidate!r} (leave organization_id out)"
        elif escalation is not None:
            then = f"every candidate was tried: send it to the provincial core team {escalation!r}"
        else:
            then = "every candidate was tried: plan the case again"
        why = reason or "none given"
        super().__init__(
            f"{organization_id} declined this plan item in referral {referral_id}{by}, reason: {why}; {then}, or "
            f"send it to {organization_id} again with circumstances_changed saying what changed"
        )

    def details(self) -> list[dict[str, Any]]:
        return [{"field": "organization_id", "message": str(self), **self.facts}]


class NotInPlan(SafetynetError):
    """The body names a need that the plan has no item for, or an organization that the item does not offer."""

    code = "invalid_request"

    def __init__(self, field: str, value: str, known: Sequence[str], *, meant: str | None = None) -> None:
        self.field = field
        self.known = list(known)
        self.meant = meant
        what = "need" if field == "need" else "organization"
        among = ", ".join(self.known) or "none"
        hint = f" (did you mean {meant!r}?)" if meant else ""
        super().__init__(f"{field}: the plan has no {what} {value!r}{hint} for this referral; the plan's: {among}")

    def details(self) -> list[dict[str, Any]]:
        detail: dict[str, Any] = {"field": self.field, "message": str(self), "known": self.known}
        if self.meant:
            detail["did_you_mean"] = self.meant
        return [detail]
