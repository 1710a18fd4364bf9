"""A partner that declined a plan item is not sent it again as it is (it would decline it again while the child
waits): 409 ``declined_before`` naming it, its reason and the candidate to try instead, nothing stored; sent again
only when the CM says what changed (``circumstances_changed``), which the partner reads in the history. On SQLite
and PostgreSQL."""

from __future__ import annotations

from tests.api.referral_helpers import Api, Clock, api, clock, who

__all__ = ["api", "clock", "who"]  # fixtures


def test_a_partner_that_declined_is_not_sent_the_item_again_unless_the_cm_says_what_changed(
    api: Api, clock: Clock
) -> None:
    plan = api.plan(case_ref="PLK-REF-DECLINED-AGAIN")
    first = api.sent(plan["plan_id"])
    api.done(first["referral_id"], "decline", "city", {"reason": "no_capacity", "note": "no budget this month"})
    again = api.send(plan["plan_id"], organization_id="plk-city-municipality")
    assert again.status_code == 409, again.text
    error = again.json()["error"]
    assert error["code"] == "declined_before"
    detail = error["details"][0]
    assert (detail["field"], detail["organization_id"], detail["referral_id"], detail["reason"]) == (
        "organization_id", "plk-city-municipality", first["referral_id"], "no_capacity"
    )  # fmt: skip
    assert detail["next_candidate"] == "plk-sdhso-office"
    assert "plk-sdhso-office" in error["message"]
    assert "no_capacity" in error["message"]
    assert len(api.listed("admin", case_ref="PLK-REF-DECLINED-AGAIN")) == 1, "nothing was stored"

    changed = "the municipality's new budget year started on 1 December"
    resent = api.sent(plan["plan_id"], organization_id="plk-city-municipality", circumstances_changed=changed)
    assert (resent["to_organization"], resent["replaces"]) == ("plk-city-municipality", first["referral_id"])
    assert resent["history"][0]["note"] == changed, "the partner reads why it is asked again"
    seen = api.get(f"/v1/referrals/{resent['referral_id']}", "city").json()
    assert seen["history"][0]["note"] == changed


def test_once_every_candidate_declined_the_refusal_points_to_the_core_team(api: Api, clock: Clock) -> None:
    plan = api.plan(case_ref="PLK-REF-DECLINED-ALL")
    first = api.sent(plan["plan_id"])
    api.done(first["referral_id"], "decline", "city", {"reason": "no_capacity"})
    second = api.sent(plan["plan_id"])
    api.done(second["referral_id"], "decline", "sdhso", {"reason": "out_of_area"})
    again = api.send(plan["plan_id"], organization_id="plk-sdhso-office")
    assert again.status_code == 409
    detail = again.json()["error"]["details"][0]
    assert (detail["reason"], detail["next_candidate"], detail["escalation"]) == (
        "out_of_area", None, "plk-core-team"
    )  # fmt: skip
