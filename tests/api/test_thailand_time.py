"""Every moment the API answers is in the service's time zone (Thailand time, ``+07:00``), whatever route it comes
from: a plan's, a referral's, the event feed's and the statistics' alike, so that a provincial system reading
several of them compares like with like."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from safetynet.runtime.build import Runtime
from tests.api.referral_helpers import Api, Clock, api, clock, who

__all__ = ["api", "clock", "who"]  # fixtures


def _offset(text: str) -> str:
    return datetime.fromisoformat(text).isoformat()[-6:]


def test_events_and_statistics_answer_in_thailand_time_like_plans_and_referrals(
    api: Api, clock: Clock, runtime: Runtime
) -> None:
    plan = api.plan(case_ref="PLK-TZ-1")
    sent = api.sent(plan["plan_id"])
    assert _offset(plan["created_at"]) == _offset(sent["created_at"]) == "+07:00"
    events: dict[str, Any] = api.get("/v1/events", "admin", limit=1000).json()
    mine = [e for e in events["items"] if e["referral_id"] == sent["referral_id"]]
    assert mine
    assert {_offset(e["at"]) for e in mine} == {"+07:00"}
    assert datetime.fromisoformat(mine[0]["at"]) == datetime.fromisoformat(sent["history"][0]["at"])
    stats = api.get("/v1/stats", "admin", province="TH-65", since="2026-11-01T00:00:00Z").json()
    assert _offset(stats["at"]) == _offset(stats["since"]) == "+07:00"
    assert stats["since"].startswith("2026-11-01T07:00:00")


def test_an_offset_written_straight_into_a_url_is_read_as_written(api: Api) -> None:
    """``curl '…?since=2026-11-01T09:00:00+07:00'`` sends the ``+`` unencoded, which a query string reads as a space:
    the filter said "unexpected extra characters". A space before an offset can only have been its plus."""
    headers = {"Authorization": f"Bearer {api.who['admin']}"}
    for path in ("/v1/stats", "/v1/referrals", "/v1/plans"):
        answered = api.client.get(f"{path}?since=2026-11-01T09:00:00+07:00", headers=headers)
        assert answered.status_code == 200, (path, answered.text)
    stats = api.client.get("/v1/stats?since=2026-11-01T09:00:00+07:00&until=2026-11-02T09:30+07:00", headers=headers)
    assert (stats.json()["since"], stats.json()["until"]) == ("2026-11-01T09:00:00+07:00", "2026-11-02T09:30:00+07:00")
    refused = api.client.get("/v1/stats?since=2026-11-01T09:00:00 garbage", headers=headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "since"


def test_a_moment_written_the_thai_way_is_told_the_exact_value_to_send(api: Api) -> None:
    """``?since=06/12/2569`` got pydantic's "invalid character in year": the case's own reader of Thai-written moments
    (``contract.case.written_moment``) says what to send, a day as a day, a time in Thailand time."""
    headers = {"Authorization": f"Bearer {api.who['admin']}"}
    day = "2026-12-06 (midnight, Thailand time; พ.ศ. 2569 = ค.ศ. 2026): send 2026-12-06"
    said = {
        "06/12/2569": f"'06/12/2569' reads as {day}",
        "2569-12-06": f"'2569-12-06' reads as {day}",
        "๖/๑๒/๒๕๖๙ 09.30 น.": "'๖/๑๒/๒๕๖๙ 09.30 น.' reads as 2026-12-06T09:30:00+07:00 (Thailand time; "
        "พ.ศ. 2569 = ค.ศ. 2026): send 2026-12-06T09:30:00+07:00",
        "06/12/2026": "'06/12/2026' reads as 2026-12-06 (midnight, Thailand time): send 2026-12-06",
        # year first with the time the Thai way: pydantic's own "invalid character" before
        "2026-12-06 09.30 น.": "'2026-12-06 09.30 น.' reads as 2026-12-06T09:30:00+07:00 (Thailand time): "
        "send 2026-12-06T09:30:00+07:00",
        "2569-12-06 09.30 น.": "'2569-12-06 09.30 น.' reads as 2026-12-06T09:30:00+07:00 (Thailand time; "
        "พ.ศ. 2569 = ค.ศ. 2026): send 2026-12-06T09:30:00+07:00",
        "๒๐๒๖-๑๒-๐๖ ๐๙.๓๐": "'๒๐๒๖-๑๒-๐๖ ๐๙.๓๐' reads as 2026-12-06T09:30:00+07:00 (Thailand time): "
        "send 2026-12-06T09:30:00+07:00",
    }
    for path in ("/v1/stats", "/v1/referrals", "/v1/plans"):
        for written, message in said.items():
            answered = api.client.get(path, params={"since": written}, headers=headers)
            assert answered.status_code == 422, (path, answered.text)
            (detail,) = answered.json()["error"]["details"]
            assert (detail["field"], detail["message"]) == ("since", message)
    for sent in ("2026-12-06", "2026-12-06T09:30", "2026-12-06T09:30:00+07:00"):
        assert api.client.get("/v1/stats", params={"since": sent}, headers=headers).status_code == 200, sent


def test_a_filter_out_of_range_names_its_field_once(api: Api) -> None:
    answer = api.get("/v1/stats", "admin", province="TH-65", since="1800-01-01")
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["message"].startswith("since: 1800-01-01"), error["message"]
    assert [d["field"] for d in error["details"]] == ["since"]
    assert not any(d["message"].startswith("since:") for d in error["details"]), error["details"]
