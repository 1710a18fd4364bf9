"""A stored referral as a caller sees it: the child's facts as they were sent, whenever that was."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from typing import Any

from safetynet.auth import Actor
from safetynet.contract.referral import Referral
from safetynet.referrals.records import ReferralRecord, SentReferral
from safetynet.referrals.view import referral_view
from tests.referrals.samples import NOW
from tests.referrals.test_sending import send

ADMIN = Actor("tok_admin", "admin", None)


class Directory:
    """A partner network that knows no organization."""

    def organization(self, organization_id: str) -> None:
        return None


def sent_record(child: dict[str, Any] | None = None) -> ReferralRecord:
    """The record of a referral just sent (``test_sending.send``), with ``child`` instead of its facts if given."""
    new = send()
    sent = {f.name: getattr(new, f.name) for f in fields(SentReferral)}
    return ReferralRecord(
        **(sent | ({} if child is None else {"child": child})),
        reason=None, status="sent", position=new.position, holder=new.holder, acknowledged_at=None,
        accepted_at=None, closed_at=None, outcome=None, from_organization=new.from_organization,
        to_organization=new.to_organization, version=1, replaced_by=None, escalated_at=None,
        history=(new.first_step.as_dict(),),
    )  # fmt: skip


def _shown(child: dict[str, Any] | None = None) -> Referral:
    return referral_view(sent_record(child), ADMIN, Directory(), NOW + timedelta(hours=1))


def test_the_rules_behind_the_need_are_shown_with_their_thai_and_english_titles() -> None:
    assert [(r.id, r.title.th, r.title.en) for r in _shown().child.rules] == [
        ("housing.dilapidated_home", "ไทย", "English")
    ]


def test_a_referral_sent_before_referrals_carried_rules_shows_none_and_its_explanation() -> None:
    child = {k: v for k, v in send().child.items() if k != "rules"}
    shown = _shown(child).child
    assert shown.rules == []
    assert shown.explanation == child["explanation"]
