"""``GET /v1/referrals?case_ref=``: one case's referrals, of those in the caller's reach, as ``GET /v1/plans`` gives a
case's plans (on SQLite and PostgreSQL). It was silently ignored: a CM asking for one case got every referral of its
organization, each written to the audit table as shown."""

from __future__ import annotations

from tests.api.referral_helpers import Api, Clock, api, clock, ids, moment, who

__all__ = ["api", "clock", "who"]  # fixtures


def test_case_ref_lists_one_cases_referrals_within_reach(api: Api, clock: Clock) -> None:
    since = moment(clock)
    first = api.plan(case_ref="PLK-BYCASE-1")["plan_id"]
    second = api.plan(case_ref="PLK-BYCASE-2")["plan_id"]
    housing = api.sent(first)["referral_id"]
    allowance = api.sent(first, "disability_allowance_registration")["referral_id"]
    other = api.sent(second)["referral_id"]
    assert set(ids(api.listed("cm", since=since))) == {housing, allowance, other}
    assert set(ids(api.listed("cm", since=since, case_ref="PLK-BYCASE-1"))) == {housing, allowance}
    assert ids(api.listed("cm", case_ref="PLK-BYCASE-2")) == [other]
    assert ids(api.listed("cm", case_ref=" PLK-BYCASE-2 ")) == [other], "spaces around it, as for plans"
    assert ids(api.listed("cm", case_ref="PLK-BYCASE-2", status="declined")) == []
    assert ids(api.listed("cm", case_ref="PLK-BYCASE-NONE")) == []
    assert ids(api.listed("cm_lpg", case_ref="PLK-BYCASE-1")) == [], "another province's CM: not in reach"
    assert ids(api.listed("sdhso", case_ref="PLK-BYCASE-1")) == [], "an agency off the path: not in reach"
    assert set(ids(api.listed("city", case_ref="PLK-BYCASE-1"))) == {housing, allowance}
    bad = api.get("/v1/referrals", "cm", case_ref="ชื่อเด็ก สมศรี")
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "case_ref"
