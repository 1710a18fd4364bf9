"""The plan page's deadline badge counts from now for a candidate not yet sent to: a plan recorded, or read, after
its item's deadline cannot say "ทันกำหนด" (in time) beside "เลยกำหนด" (overdue) (Starlette's test client, SQLite)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from safetynet.runtime.build import Runtime
from tests.api.client import bearer, phitsanulok_case
from tests.web.test_pages import runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared
BADGE = re.compile(r'<span class="badge reach (ok|late)">([^<]+)</span>')


def badges(runtime: Runtime, case_ref: str, requested_at: datetime) -> list[tuple[str, str]]:
    cm, token = signed_in(runtime)
    case = phitsanulok_case(case_ref=case_ref) | {"requested_at": requested_at.isoformat()}
    made = cm.post("/v1/plans", json=case, headers=bearer(token))
    assert made.status_code == 201, made.text
    page = cm.get(f"/plans/{made.json()['plan_id']}")
    assert page.status_code == 200, page.text
    return BADGE.findall(page.text)


def test_a_plan_read_in_time_says_its_first_candidate_is_in_time(runtime: Runtime) -> None:
    assert ("ok", "ทันกำหนด") in badges(runtime, "PLK-BADGE-NOW", datetime.now(UTC) - timedelta(minutes=5))


def test_a_plan_recorded_after_its_deadline_says_too_late_not_in_time(runtime: Runtime) -> None:
    found = badges(runtime, "PLK-BADGE-LATE", datetime.now(UTC) - timedelta(days=3))
    assert found, "no badge on the page"
    assert ("ok", "ทันกำหนด") not in found
    assert ("late", "ไม่ทันกำหนด") in found
