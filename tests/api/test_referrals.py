"""Referrals through the API, on SQLite and PostgreSQL: the lifecycle, every refused action, the relay through the
core team, the re-route after a decline, overdue without any request touching the referral, and each role's reach."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.referrals.reach import Scope
from safetynet.runtime.build import Runtime
from tests.api.referral_helpers import Api, Clock, api, clock, dropped_out_boy, ids, moment, who

__all__ = ["api", "clock", "who"]  # fixtures


def test_the_24_hour_story_sent_acknowledged_accepted_done_each_recorded_with_who_and_when(
    api: Api, clock: Clock, runtime: Runtime
) -> None:
    plan = api.plan(case_ref="PLK-REF-STORY")
    sent = api.sent(plan["plan_id"])
    assert sent["status"] == "sent"
    assert (sent["from_organization"], sent["to_organization"], sent["holder"]) == (
        "plk-cm-unit", "plk-city-municipality", "plk-city-municipality"
    )  # fmt: skip
    assert sent["refer_by"] == plan["items"][0]["refer_by"] == "2026-11-23T09:00:00+07:00"
    assert (sent["urgent"], sent["overdue"], sent["replaces"], sent["allowed_actions"]) == (
        True,
        False,
        None,
        ["cancel"],
    )
    rid = sent["referral_id"]

    clock.advance(3)
    acknowledged = api.done(rid, "acknowledge", "city")
    assert acknowledged["acknowledged_at"] == clock.now.astimezone(runtime.zone).isoformat()
    assert acknowledged["allowed_actions"] == ["accept", "decline"]
    clock.advance(1)
    api.done(rid, "accept", "city", {"note": "home visit tomorrow"})
    clock.advance(48)
    done = api.done(rid, "done", "city", {"outcome": "helped"})
    assert (done["status"], done["outcome"], done["holder"], done["allowed_actions"]) == ("done", "helped", None, [])
    assert [(h["action"], h["status"], h["by_organization"]) for h in done["history"]] == [
        ("send", "sent", "plk-cm-unit"),
        ("acknowledge", "acknowledged", "plk-city-municipality"),
        ("accept", "accepted", "plk-city-municipality"),
        ("done", "done", "plk-city-municipality"),
    ]
    assert done["history"][2]["note"] == "home visit tomorrow"
    audit = [e.action for e in runtime.require_store().audit_for(plan["plan_id"]) if e.referral_id == rid]
    assert audit == ["referral.send", "referral.acknowledge", "referral.accept", "referral.done"]


def test_the_receiver_sees_the_child_facts_it_needs_and_none_of_the_childs_other_needs(api: Api, clock: Clock) -> None:
    plan = api.plan(case_ref="PLK-REF-FACTS")
    assert {i["need"] for i in plan["items"]} == {"housing_repair", "disability_allowance_registration"}
    referral = api.get(f"/v1/referrals/{api.sent(plan['plan_id'])['referral_id']}", "city").json()
    assert referral["child"]["age"] == 12
    assert referral["child"]["sex"] == "female"
    assert referral["child"]["location"] == plan["location"]
    assert referral["child"]["location"]["district"] == {"code": "6501", "th": "เมืองพิษณุโลก", "en": "Mueang Phitsanulok"}
    assert referral["child"]["explanation"] == plan["items"][0]["explanation"]
    assert referral["child"]["rules"] == plan["items"][0]["rules"]  # the why, with Thai and English titles
    text = str(referral)
    assert "disability" not in text
    assert "3000" not in text


@pytest.mark.parametrize(
    ("steps", "action", "as_", "allowed"),
    [
        ([], "accept", "city", ["acknowledge", "decline"]),
        ([], "done", "city", ["acknowledge", "decline"]),
        ([], "forward", "city", ["acknowledge", "decline"]),
        ([], "acknowledge", "cm", ["cancel"]),
        ([("acknowledge", "city")], "acknowledge", "city", ["accept", "decline"]),
        ([("acknowledge", "city"), ("accept", "city")], "decline", "city", ["done"]),
        ([("cancel", "cm")], "acknowledge", "city", []),
        ([("acknowledge", "city"), ("accept", "city"), ("done", "city")], "cancel", "cm", []),
    ],
)
def test_an_action_the_status_or_the_caller_does_not_allow_is_a_409_naming_the_allowed_ones(  # noqa: PLR0917
    api: Api, clock: Clock, steps: list[tuple[str, str]], action: str, as_: str, allowed: list[str]
) -> None:
    plan = api.plan(case_ref="PLK-REF-409")
    rid = api.sent(plan["plan_id"])["referral_id"]
    bodies: dict[str, dict[str, Any]] = {
        "done": {"outcome": "helped"},
        "decline": {"reason": "other", "note": "moved away"},
    }
    for step, by in steps:
        api.done(rid, step, by, bodies.get(step))
    before = api.get(f"/v1/referrals/{rid}", "admin").json()
    response = api.act(rid, action, as_, bodies.get(action))
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_transition"
    assert error["details"][0]["allowed"] == allowed
    assert error["details"][0]["status"] == before["status"]
    after = api.get(f"/v1/referrals/{rid}", "admin").json()
    assert after["version"] == before["version"], "a refused action changes nothing"


def test_bodies_are_checked_naming_the_field(api: Api, clock: Clock) -> None:
    rid = api.sent(api.plan(case_ref="PLK-REF-BODY")["plan_id"])["referral_id"]
    bad = api.act(rid, "decline", "city", {"reason": "busy"})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "reason"
    api.done(rid, "acknowledge", "city")
    api.done(rid, "accept", "city")
    no_reason = api.act(rid, "done", "city", {"outcome": "not_helped"})
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["details"][0]["field"] == "reason"
    unknown = api.act(rid, "approve", "city")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "action"
    assert api.act(rid, "done", "city", {"outcome": "not_helped", "reason": "the family moved"}).status_code == 200


def test_a_decline_for_another_reason_takes_its_note_as_the_contract_says(api: Api, clock: Clock) -> None:
    """The contract's decline body is ``{reason, note?}``: "other" without a note is taken (systems that decline
    through the API rely on it; the web page asks for the note), and a note given is kept."""
    first = api.sent(api.plan(case_ref="PLK-REF-OTHER")["plan_id"])["referral_id"]
    bare = api.act(first, "decline", "city", {"reason": "other"})
    assert bare.status_code == 200, bare.text
    assert bare.json()["status"] == "declined"
    rid = api.sent(api.plan(case_ref="PLK-REF-OTHER-2")["plan_id"])["referral_id"]
    said = api.act(rid, "decline", "city", {"reason": "other", "note": "the family moved to Bangkok"})
    assert said.status_code == 200, said.text
    assert said.json()["history"][-1]["note"] == "the family moved to Bangkok"


def test_a_decline_for_lack_of_capacity_re_routes_to_the_next_candidate(
    api: Api, clock: Clock, runtime: Runtime
) -> None:
    plan = api.plan(case_ref="PLK-REF-DECLINE")
    first = api.sent(plan["plan_id"])
    declined = api.done(first["referral_id"], "decline", "city", {"reason": "no_capacity", "note": "no budget"})
    assert (declined["status"], declined["reason"], declined["holder"]) == ("declined", "no_capacity", "plk-cm-unit")
    assert declined["next_candidate"] == "plk-sdhso-office"
    second = api.sent(plan["plan_id"])
    assert (second["to_organization"], second["replaces"], second["holder"]) == (
        "plk-sdhso-office", first["referral_id"], "plk-sdhso-office"
    )  # fmt: skip
    assert second["refer_by"] == first["refer_by"], "the need's deadline stands"
    old = api.get(f"/v1/referrals/{first['referral_id']}", "cm").json()
    assert (old["replaced_by"], old["holder"], old["next_candidate"]) == (second["referral_id"], None, None)
    again = api.send(plan["plan_id"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "referral_exists"
    api.done(second["referral_id"], "decline", "sdhso", {"reason": "out_of_area"})
    none_left = api.send(plan["plan_id"])
    assert none_left.status_code == 409
    assert none_left.json()["error"]["code"] == "no_candidate_left"
    assert none_left.json()["error"]["details"][0]["escalation"] == "plk-core-team"
    to_core = api.sent(plan["plan_id"], organization_id="plk-core-team")
    assert (to_core["to_organization"], to_core["replaces"]) == ("plk-core-team", second["referral_id"])


def test_a_referral_through_the_core_team_is_forwarded_hop_by_hop(api: Api, clock: Clock) -> None:
    plan = api.client.post(
        "/v1/plans", json=dropped_out_boy("PLK-REF-RELAY"), headers={"Authorization": f"Bearer {api.who['cm']}"}
    ).json()
    sent = api.sent(plan["plan_id"], "return_to_school")
    rid = sent["referral_id"]
    assert sent["path"] == ["plk-cm-unit", "plk-core-team", "plk-monastic-schools"]
    assert sent["mous"] == plan["items"][0]["candidates"][0]["mous"], "the MOU behind each hop, as the plan gave it"
    assert len(sent["mous"]) == 2
    assert sent["holder"] == "plk-core-team"
    assert api.get(f"/v1/referrals/{rid}", "school").status_code == 404, "the school has not received it yet"
    assert api.act(rid, "acknowledge", "core").status_code == 409
    core_view = api.get(f"/v1/referrals/{rid}", "core").json()
    assert core_view["allowed_actions"] == ["decline", "forward"]
    clock.advance(2)
    forwarded = api.done(rid, "forward", "core", {"note": "passed on at the Monday meeting"})
    assert (forwarded["status"], forwarded["holder"]) == ("sent", "plk-monastic-schools")
    assert forwarded["allowed_actions"] == []
    school = api.get(f"/v1/referrals/{rid}", "school").json()
    assert school["allowed_actions"] == ["acknowledge", "decline"]
    assert rid in ids(api.listed("school"))
    assert rid in ids(api.listed("core"))
    assert api.done(rid, "acknowledge", "school")["status"] == "acknowledged"


def test_overdue_is_a_fact_of_the_data_no_request_touches_the_referral(
    api: Api, clock: Clock, runtime: Runtime
) -> None:
    plan = api.plan(case_ref="PLK-REF-OVERDUE")
    since = moment(clock)
    rid = api.sent(plan["plan_id"])["referral_id"]
    assert rid not in ids(api.listed("core", overdue="true", since=since))
    clock.advance(25)  # the deadline was 23 hours after the referral was sent; nobody looked in between
    assert ids(api.listed("core", overdue="true", since=since)) == [rid]
    assert ids(api.listed("cm", overdue="true", since=since)) == [rid]
    assert ids(api.listed("admin", overdue="false", since=since)) == []
    shown = api.get(f"/v1/referrals/{rid}", "core").json()
    assert (shown["overdue"], shown["escalate_to"]) == (True, "plk-core-team")
    assert shown["escalated_at"] == clock.now.astimezone(runtime.zone).isoformat(), "the escalation is recorded"
    audit = [e.action for e in runtime.require_store().audit_for(plan["plan_id"]) if e.referral_id == rid]
    assert audit.count("referral.escalate") == 1
    api.listed("core", overdue="true", since=since)
    assert [e.action for e in runtime.require_store().audit_for(plan["plan_id"])].count("referral.escalate") == 1
    late = api.done(rid, "acknowledge", "city")
    assert late["overdue"] is False
    assert ids(api.listed("core", overdue="true", since=since)) == []


def test_each_role_reaches_what_it_should(api: Api, clock: Clock) -> None:
    plan = api.plan(case_ref="PLK-REF-REACH")
    since = moment(clock)
    rid = api.sent(plan["plan_id"])["referral_id"]
    path = f"/v1/referrals/{rid}"
    for name in ("cm", "cm2", "city", "core", "admin"):
        assert api.get(path, name).status_code == 200, name
    for name in ("cm_lpg", "sdhso", "lpg_core", "policy_writer"):
        assert api.get(path, name).status_code == 404, name
    assert api.act(rid, "acknowledge", "sdhso").status_code == 404
    assert api.act(rid, "cancel", "policy_writer").status_code == 404
    assert api.get("/v1/referrals", "policy_writer").status_code == 403
    assert rid in ids(api.listed("cm", since=since))
    assert rid not in ids(api.listed("cm2", since=since)), "a CM lists what its organization sent"
    assert rid in ids(api.listed("city", since=since))
    assert rid not in ids(api.listed("sdhso", since=since))
    assert rid in ids(api.listed("core", since=since))
    assert rid not in ids(api.listed("lpg_core", since=since))
    assert rid in ids(api.listed("admin", since=since))
    assert api.done(rid, "cancel", "cm2")["status"] == "cancelled", "a CM of the province acts within its reach"


def test_who_may_send(api: Api, clock: Clock) -> None:
    plan_id = api.plan(case_ref="PLK-REF-SENDERS")["plan_id"]
    assert api.send(plan_id, as_="city").status_code == 403
    assert api.send(plan_id, as_="policy_writer").status_code == 403
    assert api.send(plan_id, as_="cm_lpg").status_code == 404
    assert api.send(plan_id, as_="lpg_core").status_code == 404
    assert api.send("pln_unknown", as_="cm").status_code == 404
    by_core = api.sent(plan_id, as_="core")
    assert (by_core["sent_by"], by_core["from_organization"]) == ("plk-core-team", "plk-cm-unit")
    assert by_core["allowed_actions"] == ["cancel"]
    by_admin = api.sent(plan_id, "disability_allowance_registration", as_="admin")
    assert by_admin["sent_by"] is None
    bad_need = api.send(plan_id, "job_placement")
    assert bad_need.status_code == 422
    assert bad_need.json()["error"]["details"][0]["field"] == "need"
    thai = api.send(plan_id, "ซ่อมแซมที่อยู่อาศัย")  # the need's Thai name, as the plan gives it: was a bare pattern error
    assert thai.status_code == 422
    assert thai.json()["error"]["details"][0]["did_you_mean"] == "housing_repair"
    assert "disability_allowance_registration" in thai.json()["error"]["details"][0]["known"]
    other = api.plan(case_ref="PLK-REF-SENDERS-2")["plan_id"]
    bad_org = api.send(other, organization_id="lpg-child-shelter")
    assert bad_org.status_code == 422
    assert bad_org.json()["error"]["details"][0]["known"] == [
        "plk-city-municipality",
        "plk-sdhso-office",
        "plk-core-team",
    ]


def test_a_need_the_plan_lacks_names_only_the_needs_the_sender_may_read(api: Api, clock: Clock) -> None:
    """The core team sends for any plan of its province but reads only the items that name it: the 422 of a need
    the plan lacks listed every need of the plan, the child's other needs (a child_protection) included."""
    needs = [{"code": "housing_repair", "urgent": True}, {"code": "child_protection"}, {"code": "scholarship"}]
    plan_id = api.plan(case_ref="PLK-REF-NEEDS-SHOWN", needs=needs)["plan_id"]
    read = api.get(f"/v1/plans/{plan_id}", "core")
    seen = [i["need"] for i in read.json()["items"]] if read.status_code == 200 else []
    assert "housing_repair" not in seen  # the city's and the social development office's: not the core team's
    by_core = api.send(plan_id, "job_placement", as_="core")
    assert by_core.status_code == 422
    assert by_core.json()["error"]["details"][0]["known"] == seen
    assert "housing_repair" not in by_core.json()["error"]["message"]
    by_cm = api.send(plan_id, "job_placement")  # a CM reads the whole plan: every need, as before
    assert by_cm.json()["error"]["details"][0]["known"] == ["housing_repair", "child_protection", "scholarship"]


def test_lists_are_sorted_by_deadline_filtered_and_cursor_paginated(api: Api, clock: Clock, runtime: Runtime) -> None:
    since = moment(clock)
    plan = api.plan(case_ref="PLK-REF-LIST")
    urgent = api.sent(plan["plan_id"])["referral_id"]  # due in 24 hours
    later = api.sent(plan["plan_id"], "disability_allowance_registration")["referral_id"]
    relay = api.client.post(
        "/v1/plans", json=dropped_out_boy("PLK-REF-LIST-2"), headers={"Authorization": f"Bearer {api.who['cm']}"}
    ).json()
    school = api.sent(relay["plan_id"], "return_to_school")["referral_id"]  # due in 7 days
    everything = api.listed("admin", since=since)
    assert ids(everything) == [urgent, later, school]
    assert [i["refer_by"] for i in everything] == sorted(i["refer_by"] for i in everything)
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"since": since, "limit": 1} | ({"cursor": cursor} if cursor else {})
        page = api.get("/v1/referrals", "cm", **params).json()
        seen += ids(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [urgent, later, school]
    assert ids(api.listed("admin", since=since, need="return_to_school")) == [school]
    api.done(later, "acknowledge", "city")
    assert ids(api.listed("admin", since=since, status="acknowledged")) == [later]
    bad = api.get("/v1/referrals", "admin", cursor="not-a-cursor")
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "cursor"
    assert api.get("/v1/referrals", "admin", status="lost").status_code == 422
    shown = [e for e in runtime.require_store().audit_for(plan["plan_id"]) if e.action == "referral.list"]
    assert shown, "every referral a list shows is audited"


def test_the_event_feed_holds_each_transition_once_in_order_within_reach(api: Api, clock: Clock) -> None:
    start = api.get("/v1/events", "admin", limit=1000).json()
    while start["items"]:
        start = api.get("/v1/events", "admin", after=start["next_cursor"], limit=1000).json()
    cursor = start["next_cursor"]
    plan = api.plan(case_ref="PLK-REF-EVENTS")
    rid = api.sent(plan["plan_id"])["referral_id"]
    api.done(rid, "acknowledge", "city")
    api.done(rid, "decline", "city", {"reason": "not_eligible"})
    page = api.get("/v1/events", "admin", after=cursor).json()
    mine = [e for e in page["items"] if e["referral_id"] == rid]
    assert [(e["type"], e["status"]) for e in mine] == [
        ("referral.sent", "sent"), ("referral.acknowledged", "acknowledged"), ("referral.declined", "declined")
    ]  # fmt: skip
    assert [e["event_id"] for e in page["items"]] == sorted(e["event_id"] for e in page["items"])
    assert page["next_cursor"] == str(page["items"][-1]["event_id"])
    assert api.get("/v1/events", "admin", after=page["next_cursor"]).json() == {
        "items": [],
        "next_cursor": page["next_cursor"],
    }
    assert rid in {e["referral_id"] for e in api.get("/v1/events", "city", after=cursor).json()["items"]}
    assert rid not in {e["referral_id"] for e in api.get("/v1/events", "sdhso", after=cursor).json()["items"]}
    assert rid not in {e["referral_id"] for e in api.get("/v1/events", "lpg_core", after=cursor).json()["items"]}
    assert api.get("/v1/events", "policy_writer").status_code == 403
    assert api.get("/v1/events", "admin", after="-1").status_code == 422
    past = api.get("/v1/events", "admin", after=str(int(page["next_cursor"]) + 1))
    assert past.status_code == 422, "a cursor past the last event would poll an empty page forever"
    assert "after" in past.text
    for digits in ("¹", "๑๒"):  # digits to str.isdigit, not to int(): refused as any other cursor not ours
        assert api.get("/v1/events", "admin", after=digits).status_code == 422


def test_a_cursor_past_the_end_is_refused_without_saying_where_the_end_is(api: Api, clock: Clock) -> None:
    """The last event's id counts every organization's events: an agency of another province, which sees none of
    them, learnt from the 422 how many referral transitions the whole country had made (and, asking again, when)."""
    rid = api.sent(api.plan(case_ref="PLK-REF-EVENTS-END")["plan_id"])["referral_id"]
    api.done(rid, "acknowledge", "city")
    last = int(api.get("/v1/events", "admin", after="0", limit=1000).json()["next_cursor"])
    while (more := api.get("/v1/events", "admin", after=str(last), limit=1000).json())["items"]:
        last = int(more["next_cursor"])
    past = api.get("/v1/events", "lpg_core", after=str(last + 1))
    assert past.status_code == 422
    assert past.json()["error"]["details"][0]["field"] == "after"
    assert str(last) not in re.findall(r"\d+", past.text), "the last event's id is not told"


def test_a_case_has_a_history_of_plans_listed_in_reach(api: Api, clock: Clock, runtime: Runtime) -> None:
    first = api.plan(case_ref="PLK-REF-HISTORY")
    assert first["previous_plan_id"] is None
    second = api.plan(case_ref="PLK-REF-HISTORY")
    assert second["previous_plan_id"] == first["plan_id"]
    assert api.get(f"/v1/plans/{second['plan_id']}", "cm").json() == second
    other_unit = api.plan("admin", case_ref="PLK-REF-HISTORY", requested_by="plk-education-office")
    assert other_unit["previous_plan_id"] is None, "another organization's plan of the same reference is not this case"
    listed = api.get("/v1/plans", "cm", case_ref="PLK-REF-HISTORY").json()
    assert [p["plan_id"] for p in listed["items"]] == [other_unit["plan_id"], second["plan_id"], first["plan_id"]]
    page = api.get("/v1/plans", "cm", case_ref="PLK-REF-HISTORY", limit=2).json()
    rest = api.get("/v1/plans", "cm", case_ref="PLK-REF-HISTORY", cursor=page["next_cursor"]).json()
    assert [p["plan_id"] for p in page["items"] + rest["items"]] == [p["plan_id"] for p in listed["items"]]
    assert rest["next_cursor"] is None
    agency = api.get("/v1/plans", "city", case_ref="PLK-REF-HISTORY").json()["items"]
    assert agency
    assert all(i["need"] in ("housing_repair", "disability_allowance_registration") for p in agency for i in p["items"])
    assert api.get("/v1/plans", "cm_lpg", case_ref="PLK-REF-HISTORY").json()["items"] == []
    assert api.get("/v1/plans", "policy_writer").status_code == 403
    assert api.get("/v1/plans", "cm", province="TH-99").status_code == 422
    audit = [e.action for e in runtime.require_store().audit_for(first["plan_id"])]
    assert "plan.list" in audit


def test_the_24_hour_promise_measured(api: Api, clock: Clock) -> None:
    since = moment(clock)
    story = api.sent(api.plan(case_ref="PLK-REF-STATS-1")["plan_id"])["referral_id"]
    declined = api.sent(api.plan(case_ref="PLK-REF-STATS-2")["plan_id"])["referral_id"]
    api.sent(api.plan(case_ref="PLK-REF-STATS-3")["plan_id"], "disability_allowance_registration")  # left waiting
    clock.advance(2)
    api.done(story, "acknowledge", "city")
    api.done(story, "accept", "city")
    api.done(story, "done", "city", {"outcome": "helped"})
    api.done(declined, "decline", "city", {"reason": "no_capacity"})
    until = clock.advance(30).isoformat()
    figures = api.get("/v1/stats", "cm", since=since, until=until).json()
    assert figures["province"] == "TH-65"
    assert figures["plans"] == 3
    referrals = figures["referrals"]
    assert referrals | {"declined": None} == {
        "sent": 3, "acknowledged": 1, "acknowledged_in_time": 1, "acknowledged_in_time_share": 0.3333, "accepted": 1,
        "declined": None, "done_helped": 1, "done_not_helped": 0, "overdue_now": 1, "median_hours_to_acknowledge": 2.0,
    }  # fmt: skip
    assert referrals["declined"] == {"no_capacity": 1}
    assert figures["median_hours_to_acknowledge"] == 2.0
    assert figures["by_need"]["housing_repair"]["sent"] == 2
    assert figures["by_need"]["disability_allowance_registration"]["overdue_now"] == 1
    assert figures["by_organization"]["plk-city-municipality"]["done_helped"] == 1
    assert api.get("/v1/stats", "cm", province="TH-52").status_code == 403
    assert api.get("/v1/stats", "city").status_code == 403
    assert api.get("/v1/stats", "policy_writer", province="TH-65", since=since, until=until).json()["plans"] == 3
    assert api.get("/v1/stats", "admin", since="2569-01-01").status_code == 422


def test_two_users_acting_at_once_one_wins_the_other_gets_409(api: Api, clock: Clock, client: TestClient) -> None:
    import threading

    rid = api.sent(api.plan(case_ref="PLK-REF-RACE")["plan_id"])["referral_id"]
    api.done(rid, "acknowledge", "city")
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def act(action: str, body: dict[str, Any] | None) -> None:
        barrier.wait()
        answers.append(api.act(rid, action, "city", body).status_code)

    declined = {"reason": "other", "note": "moved away"}
    threads = [threading.Thread(target=act, args=a) for a in (("accept", None), ("decline", declined))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 409]
    final = api.get(f"/v1/referrals/{rid}", "admin").json()
    assert final["version"] == 3
    assert len(final["history"]) == 3


def test_a_need_filter_outside_the_catalogue_is_a_422_naming_it_as_the_openapi_enum_says(api: Api) -> None:
    """A misspelt need listed nothing (200, no items): a CM took it for an empty inbox."""
    for as_ in ("cm", "city", "admin"):
        refused = api.get("/v1/referrals", as_, need="housing_repiar")
        assert refused.status_code == 422, refused.text
        detail = refused.json()["error"]["details"][0]
        assert detail["field"] == "need"
        assert "housing_repair" in detail["known"], "the known needs are named"
    assert api.get("/v1/referrals", "cm", need="housing_repair").status_code == 200


@pytest.mark.parametrize("written", ["ซ่อมแซมที่อยู่อาศัย", "Housing repair", "Housing_Repair", "housing_repiar"])
def test_a_need_filter_written_as_a_label_or_misspelt_names_the_code_meant(api: Api, written: str) -> None:
    """A CM types the need as the page shows it: the 422 says which code to write, as a case's unknown need does."""
    refused = api.get("/v1/referrals", "cm", need=written)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "unknown_need"
    (detail,) = error["details"]
    assert (detail["field"], detail["did_you_mean"]) == ("need", "housing_repair")


def test_a_plain_list_that_shows_an_overdue_referral_records_its_escalation_once(
    api: Api, clock: Clock, runtime: Runtime
) -> None:
    """docs/api.md: the escalation is recorded the first time a list sees an overdue referral, not only a list
    asked for overdue=true (the core team's list showed overdue: true with escalated_at: null)."""
    plan = api.plan(case_ref="PLK-REF-OVERDUE-PLAIN")
    since = moment(clock)
    rid = api.sent(plan["plan_id"])["referral_id"]
    clock.advance(25)
    shown = next(i for i in api.listed("core", since=since) if i["referral_id"] == rid)
    assert shown["overdue"] is True
    assert shown["escalated_at"] == clock.now.astimezone(runtime.zone).isoformat(), "the escalation is recorded"
    api.listed("cm", since=since)
    audit = [e.action for e in runtime.require_store().audit_for(plan["plan_id"]) if e.referral_id == rid]
    assert audit.count("referral.escalate") == 1
    feed = runtime.require_store().referrals.events(Scope("all"), None, 100_000).items
    assert [e.type for e in feed if e.referral_id == rid] == ["referral.sent", "referral.escalated"]


@pytest.mark.parametrize("moment_", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_cursor_whose_moment_has_no_utc_time_is_a_422_naming_it_not_a_500(api: Api, moment_: str) -> None:
    """A cursor is opaque but readable; one made by hand with a moment that overflows in UTC was an OverflowError."""
    forged = base64.urlsafe_b64encode(json.dumps([moment_, "ref_x"]).encode()).decode().rstrip("=")
    for path in ("/v1/referrals", "/v1/plans"):
        refused = api.get(path, "admin", cursor=forged)
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["error"]["details"][0]["field"] == "cursor"
