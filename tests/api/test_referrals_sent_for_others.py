"""A CM organization that sends a referral for another CM organization's plan (of its province) follows what it
sent, through the API, on SQLite and PostgreSQL: it lists it, by status as the referral moves, and its event feed
holds its transitions; the plan's organization still lists it; an agency off the path still does not; and the sender
acts as the sender (cancel), never as the holder."""

from __future__ import annotations

from typing import Any

from tests.api.referral_helpers import Api, Clock, api, clock, ids, moment, who

__all__ = ["api", "clock", "who"]  # fixtures


def _feed_end(api: Api) -> str:
    """The admin's cursor past every event so far."""
    page = api.get("/v1/events", "admin", limit=1000).json()
    while page["items"]:
        page = api.get("/v1/events", "admin", after=page["next_cursor"], limit=1000).json()
    cursor: str = page["next_cursor"]
    return cursor


def _followed(api: Api, as_: str, after: str, referral_id: str) -> list[tuple[str, str]]:
    items: list[dict[str, Any]] = api.get("/v1/events", as_, after=after, limit=1000).json()["items"]
    return [(e["type"], e["status"]) for e in items if e["referral_id"] == referral_id]


def test_a_cm_lists_and_follows_the_referral_it_sent_for_another_organizations_plan(api: Api, clock: Clock) -> None:
    plan = api.plan(case_ref="PLK-REF-SENT-FOR-A")  # requested by plk-cm-unit
    since, after = moment(clock), _feed_end(api)
    sent = api.sent(plan["plan_id"], as_="cm2")  # plk-education-office
    rid = sent["referral_id"]
    assert (sent["sent_by"], sent["from_organization"]) == ("plk-education-office", "plk-cm-unit")
    assert rid in ids(api.listed("cm2", since=since)), "the sender lists what it sent"
    assert rid in ids(api.listed("cm", since=since)), "the plan's organization still lists it"
    for outsider in ("sdhso", "cm_lpg", "lpg_core"):
        assert rid not in ids(api.listed(outsider, since=since)), outsider
    assert _followed(api, "cm2", after, rid) == [("referral.sent", "sent")]

    api.done(rid, "acknowledge", "city")
    assert rid in ids(api.listed("cm2", since=since, status="acknowledged")), "its row's status kept in step"
    assert rid not in ids(api.listed("cm2", since=since, status="sent"))
    assert rid in ids(api.listed("cm2", since=since, overdue=False))
    assert _followed(api, "cm2", after, rid) == [("referral.sent", "sent"), ("referral.acknowledged", "acknowledged")]
    assert _followed(api, "cm", after, rid) == _followed(api, "cm2", after, rid)
    assert _followed(api, "sdhso", after, rid) == []


def test_the_sender_of_another_organizations_referral_acts_as_the_sender_not_as_the_holder(
    api: Api, clock: Clock
) -> None:
    plan = api.plan(case_ref="PLK-REF-SENT-FOR-A-2")
    since = moment(clock)
    rid = api.sent(plan["plan_id"], as_="cm2")["referral_id"]
    listed = next(r for r in api.listed("cm2", since=since) if r["referral_id"] == rid)
    assert listed["allowed_actions"] == ["cancel"]
    for action, body in (("acknowledge", None), ("decline", {"reason": "no_capacity"}), ("forward", None)):
        refused = api.act(rid, action, "cm2", body)
        assert refused.status_code == 409, (action, refused.text)
        assert refused.json()["error"]["details"][0]["allowed"] == ["cancel"]
    api.done(rid, "acknowledge", "city")
    api.done(rid, "accept", "city")
    assert api.act(rid, "done", "cm2", {"outcome": "helped"}).status_code == 409
    assert api.done(rid, "cancel", "cm2")["status"] == "cancelled"
    assert rid in ids(api.listed("cm2", since=since, status="cancelled"))
