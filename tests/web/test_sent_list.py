"""The web's list of referrals (``/referrals``) as the API lists them: a CM organization that sent a referral for
another organization's plan finds it there, the plan's organization too, an agency off its path does not."""

from __future__ import annotations

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
