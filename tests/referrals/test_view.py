"""A stored referral as a caller sees it: the child's facts as they were sent, whenever that was."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from typing import Any

from safetynet.auth import Actor
from safetynet.contract.referral import Referral
from safetynet.referrals.records import ReferralRecord, SentReferral
from safetynet.referrals.view import referral_view
from tests.referrals.samples import CATALOGUE, HOUSING, NOW, Catalogue
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


def _shown(child: dict[str, Any] | None = None, catalogue: Catalogue = CATALOGUE) -> Referral:
    return referral_view(sent_record(child), ADMIN, Directory(), NOW + timedelta(hours=1), catalogue=catalogue)


def test_the_need_and_the_service_are_named_in_thai_and_english_by_the_catalogue() -> None:
    shown = _shown()
    assert (shown.need, shown.need_label, shown.service, shown.service_label) == (
        "housing_repair", HOUSING, "housing_repair", HOUSING
    )  # fmt: skip
    assert shown.model_dump(mode="json")["need_label"] == {"th": "ซ่อมแซมที่อยู่อาศัย", "en": "Housing repair"}


def test_a_code_the_catalogue_no_longer_has_is_shown_as_itself_in_both_languages() -> None:
    shown = _shown(catalogue=Catalogue(needs={}, services={}))
    assert (shown.need_label.th, shown.need_label.en) == ("housing_repair", "housing_repair")
    assert (shown.service_label.th, shown.service_label.en) == ("housing_repair", "housing_repair")


def test_the_rules_behind_the_need_are_shown_with_their_thai_and_english_titles() -> None:
    assert [(r.id, r.title.th, r.title.en) for r in _shown().child.rules] == [
        ("housing.dilapidated_home", "ไทย", "English")
    ]


def test_a_referral_sent_before_referrals_carried_rules_shows_none_and_its_explanation() -> None:
    child = {k: v for k, v in send().child.items() if k != "rules"}
    shown = _shown(child).child
    assert shown.rules == []
    assert shown.explanation == child["explanation"]
    assert shown.explanation_th is None, "a referral of a plan made before plans said it in Thai: none, never a 500"


def test_the_receiver_reads_the_explanation_in_thai_when_the_referral_carries_it() -> None:
    child = {**send().child, "explanation_th": ["สภาพที่อยู่อาศัย: ทรุดโทรม"]}
    assert _shown(child).child.explanation_th == ["สภาพที่อยู่อาศัย: ทรุดโทรม"]
