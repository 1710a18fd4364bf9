"""Sending a plan item: which partner by default, the next one after a decline, the core team when none is
left, the path, and the child facts the receiver gets (this need only)."""

from __future__ import annotations

import pytest

from safetynet.referrals.errors import NoCandidateLeft, NotInPlan, ReferralExists
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.sending import NewReferral, child_facts, new_referral, plan_item
from tests.referrals.samples import CASE, NOW, PLAN, T, referral

ITEMS = PLAN.model_dump(mode="json")["items"]
LOCATION = PLAN.model_dump(mode="json")["location"]


def previous(referral_id: str, status: str, tried: tuple[str, ...], outcome: str | None = None) -> ReferralRecord:
    """An earlier referral of the housing repair item."""
    return referral(referral_id=referral_id, status=status, tried=tried, outcome=outcome)


def send(
    need: str = "housing_repair", organization_id: str | None = None, earlier: list[ReferralRecord] | None = None
) -> NewReferral:
    return new_referral(
        plan_id=PLAN.plan_id, case_ref=PLAN.case_ref, requested_by=PLAN.requested_by, item=plan_item(ITEMS, need),
        case=CASE, location=LOCATION, province="TH-65", organization_id=organization_id, earlier=earlier or [],
        sent_by="plk-cm-unit", core_team="plk-core-team", now=NOW,
    )  # fmt: skip


def test_by_default_the_first_candidate_along_its_path_due_by_the_items_deadline() -> None:
    new = send()
    assert (new.from_organization, new.to_organization, new.holder) == (
        "plk-cm-unit",
        "plk-city-municipality",
        "plk-city-municipality",
    )
    assert new.path == ("plk-cm-unit", "plk-city-municipality")
    assert new.mous == ({"id": "mou-0", "illustrative": True},)
    assert new.refer_by == PLAN.items[0].refer_by
    assert (new.urgent, new.service, new.replaces, new.tried) == (
        True,
        "housing_repair",
        None,
        ("plk-city-municipality",),
    )
    assert new.referral_id.startswith("ref_")
    assert len(new.referral_id) == 24
    assert new.escalate_to == "plk-core-team"
    assert (new.first_step.action, new.first_step.holder) == ("send", "plk-city-municipality")


def test_the_receiver_learns_age_sex_place_and_why_this_need_never_the_childs_other_needs() -> None:
    facts = send().child
    assert facts == {
        "age": 12,
        "sex": "female",
        "location": LOCATION,
        "explanation": ["housing.dilapidated_home: household.housing_condition is dilapidated"],
        "rules": [{"id": "housing.dilapidated_home", "title": T}],
    }
    text = repr(facts)
    assert "disability" not in text
    assert "3000" not in text
    assert "scholarship" not in text
    assert child_facts(CASE, PLAN.items[1], LOCATION)["explanation"] == PLAN.items[1].explanation
    assert [r["id"] for r in child_facts(CASE, PLAN.items[1], LOCATION)["rules"]] == [r.id for r in PLAN.items[1].rules]


def test_the_receiver_gets_the_explanation_in_thai_when_the_plan_has_it() -> None:
    thai = ["housing.dilapidated_home (ซ่อมแซมบ้านที่ทรุดโทรม): สภาพที่อยู่อาศัย: ทรุดโทรม"]
    item = PLAN.items[0].model_copy(update={"explanation_th": thai})
    assert child_facts(CASE, item, LOCATION)["explanation_th"] == thai
    assert "explanation_th" not in child_facts(CASE, PLAN.items[0], LOCATION), "a plan made before: none to carry"


def test_after_a_decline_the_next_candidate_not_tried_and_the_new_referral_replaces_the_declined_one() -> None:
    declined = previous("ref_a", "declined", ("plk-city-municipality",))
    new = send(earlier=[declined])
    assert (new.to_organization, new.replaces, new.tried) == (
        "plk-sdhso-office", "ref_a", ("plk-city-municipality", "plk-sdhso-office")
    )  # fmt: skip


def test_when_every_candidate_was_tried_the_core_team_is_named_and_may_be_asked() -> None:
    both = previous("ref_b", "declined", ("plk-city-municipality", "plk-sdhso-office"))
    with pytest.raises(NoCandidateLeft) as none_left:
        send(earlier=[both])
    assert none_left.value.escalation == "plk-core-team"
    to_core = send(organization_id="plk-core-team", earlier=[both])
    assert to_core.path == ("plk-cm-unit", "plk-core-team")
    assert to_core.replaces == "ref_b"


def test_an_item_with_no_candidate_goes_to_its_escalation() -> None:
    with pytest.raises(NoCandidateLeft):
        send("scholarship")
    assert send("scholarship", "plk-core-team").to_organization == "plk-core-team"


@pytest.mark.parametrize("status", ["sent", "acknowledged", "accepted"])
def test_one_referral_under_way_per_item(status: str) -> None:
    with pytest.raises(ReferralExists) as exists:
        send(earlier=[previous("ref_c", status, ("plk-city-municipality",))])
    assert exists.value.referral_id == "ref_c"


def test_a_need_met_is_not_sent_again_but_one_not_met_may_be() -> None:
    with pytest.raises(ReferralExists) as met:
        send(earlier=[previous("ref_d", "done", ("plk-city-municipality",), outcome="helped")])
    assert "cancel" not in str(met.value), "a referral done cannot be acted on or cancelled"
    assert "helped" in str(met.value)
    again = send(earlier=[previous("ref_e", "done", ("plk-city-municipality",), outcome="not_helped")])
    assert again.to_organization == "plk-sdhso-office"


def test_a_need_or_organization_the_plan_does_not_hold_is_refused_naming_the_field_and_what_there_is() -> None:
    with pytest.raises(NotInPlan) as need:
        send("job_placement")
    assert need.value.field == "need"
    assert need.value.known == ["housing_repair", "disability_allowance_registration", "scholarship"]
    with pytest.raises(NotInPlan) as org:
        send(organization_id="lpg-child-shelter")
    assert org.value.field == "organization_id"
    assert org.value.known == ["plk-city-municipality", "plk-sdhso-office", "plk-core-team"]


def test_an_item_that_never_had_a_candidate_says_so_not_that_every_candidate_was_tried() -> None:
    with pytest.raises(NoCandidateLeft) as unmet:
        send("scholarship")
    assert str(unmet.value).startswith("this plan item has no candidate: no partner could be reached for it")
    assert "'plk-core-team'" in str(unmet.value)
    both = previous("ref_b", "declined", ("plk-city-municipality", "plk-sdhso-office"))
    with pytest.raises(NoCandidateLeft) as tried:
        send(earlier=[both])
    assert str(tried.value).startswith("every candidate of this plan item was tried (plk-city-municipality, plk-sdhso")


@pytest.mark.parametrize("written", ["ซ่อมแซมที่อยู่อาศัย", "Housing repair", "Housing_Repair", "housing-repair"])
def test_a_need_written_as_the_plans_name_for_it_is_refused_pointing_at_its_code(written: str) -> None:
    housing = {"th": "ซ่อมแซมที่อยู่อาศัย", "en": "Housing repair"}
    labelled = [{**item, "need_label": housing} if item["need"] == "housing_repair" else item for item in ITEMS]
    with pytest.raises(NotInPlan) as refused:
        plan_item(labelled, written)
    assert refused.value.meant == "housing_repair"
    assert refused.value.details()[0]["did_you_mean"] == "housing_repair"
    assert f"no need {written!r} (did you mean 'housing_repair'?)" in str(refused.value)
    with pytest.raises(NotInPlan) as unlike:
        plan_item(labelled, "ทุนการศึกษา")  # a need of the catalogue, by its Thai name, that this plan has no item for
    assert unlike.value.meant is None
