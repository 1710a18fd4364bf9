"""The web's list of referrals (``/referrals``) as the API lists them: a CM organization that sent a referral for
another organization's plan finds it there, the plan's organization too, an agency off its path does not."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from safetynet.runtime.build import Runtime
from tests.web.test_pages import app_client, runtime, sent_referral, signed_in

__all__ = ["app_client", "runtime"]  # fixtures


def test_a_cm_finds_in_its_list_the_referral_it_sent_for_another_organizations_plan(
    runtime: Runtime, app_client: TestClient
) -> None:
    _, rid = sent_referral(runtime, app_client, "PLK-WEB-SENT-FOR", sender="plk-education-office")
    for organization, role, listed in (
        ("plk-education-office", "cm", True),
        ("plk-cm-unit", "cm", True),
        ("plk-sdhso-office", "agency", False),
    ):
        viewer, _ = signed_in(runtime, role, organization)
        page = viewer.get("/referrals")
        assert page.status_code == 200
        assert (rid in page.text) is listed, organization


def test_an_overdue_row_says_overdue_once_with_how_late(runtime: Runtime, app_client: TestClient) -> None:
    """The badge and the countdown each said it: "เลยกำหนด เลยกำหนด 31 ชม." The countdown is the badge now."""
    _, rid = sent_referral(runtime, app_client, "PLK-WEB-LATE-ONCE")  # due in the past, still awaited
    sender, _ = signed_in(runtime)
    found = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*/referrals/" + rid + r"(?:(?!</tr>).)*</tr>", sender.get("/referrals").text, re.S
    )
    assert found, rid
    row = re.sub(r"<[^>]+>|\s+", " ", found.group(0))
    assert row.count("เลยกำหนด") == 1, row
    assert re.search(r"เลยกำหนด \d+ (ชม\.|นาที|วัน)", row), row
    assert '<strong class="badge overdue">เลยกำหนด ' in found.group(0)  # still marked as overdue


def test_an_agency_that_opens_the_list_sees_it_named_as_what_it_received(
    runtime: Runtime, app_client: TestClient
) -> None:
    _, rid = sent_referral(runtime, app_client, "PLK-WEB-RECEIVED")
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    page = agency.get("/referrals").text
    assert rid in page
    assert "<h1>เรื่องส่งต่อที่หน่วยงานได้รับ (" in page
    assert "เรื่องที่ส่งต่อแล้ว" not in page  # it sent none: the title said it had
