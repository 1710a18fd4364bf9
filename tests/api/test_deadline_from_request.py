"""The 24-hour promise counts from when the CM asked (the case's ``requested_at``: the contract's ``refer_by``),
and a path from when a referral can set off: a case recorded late has that much less time, in the plan's
``meets_deadline`` as on the web page's badge and in the statistics' ``acknowledged_in_time``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api.referral_helpers import Api, Clock, api, clock, who

__all__ = ["api", "clock", "who"]  # fixtures


def _urgent(plan: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in plan["items"] if i["need"] == "housing_repair")
    return found


def test_a_case_recorded_late_does_not_meet_a_deadline_its_path_can_no_longer_make(api: Api, clock: Clock) -> None:
    on_time = _urgent(api.plan(case_ref="PLK-DEADLINE-NOW", requested_at=clock.now.isoformat()))
    assert on_time["meets_deadline"] is True
    hours = on_time["candidates"][0]["path_hours"]
    assert 1 < hours < 23, "the first candidate is reached within the day, in more than an hour"
    asked = clock.now - timedelta(hours=23)  # recorded 23 hours after the CM asked: one hour left
    late = _urgent(api.plan(case_ref="PLK-DEADLINE-LATE", requested_at=asked.isoformat()))
    assert datetime.fromisoformat(late["refer_by"]) == asked + timedelta(hours=24), "it counts from the request"
    assert late["meets_deadline"] is False, "sent now, the referral would arrive after refer_by"
