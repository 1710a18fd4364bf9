"""Every list to choose from on the case form and the referral action forms is one ``formerrors`` knows as such
(``web.choices.PICKED``): left empty, it says "choose from the list", not "invalid value"."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from safetynet.contract.case import Case
from safetynet.runtime.build import Runtime
from safetynet.web.choices import CHOICES, PICKED
from safetynet.web.formerrors import from_validation
from tests.api.client import bearer
from tests.web.test_pages import app_client, runtime, sent_referral, signed_in

__all__ = ["app_client", "runtime"]  # the module's fixtures, shared


def _selects(html: str) -> set[str]:
    return set(re.findall(r'<select\b[^>]*\bname="([^"]+)"', html))


def test_every_select_of_the_case_form_is_a_picked_field(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    for path in ("/cases/new", "/cases/new?lang=en"):
        selects = _selects(cm.get(path).text)
        assert set(CHOICES) <= selects  # the pickers of codes, and the place and yes/no pickers besides
        assert {"child.location.province", "child.disability.has_disability"} <= selects
        assert selects <= PICKED, selects - PICKED


def test_every_select_of_the_referral_action_forms_is_a_picked_field(runtime: Runtime, app_client: TestClient) -> None:
    _, referral_id = sent_referral(runtime, app_client, "PLK-WEB-PICKED")
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    receiver = bearer(runtime.require_store().tokens.create_token("agency", "plk-city-municipality"))
    seen: set[str] = set()
    for action in ("acknowledge", "accept"):  # sent: decline's reason; accepted: done's outcome
        seen |= _selects(agency.get(f"/referrals/{referral_id}").text)
        moved = app_client.post(f"/v1/referrals/{referral_id}/{action}", json={}, headers=receiver)
        assert moved.status_code == 200, moved.text
    seen |= _selects(agency.get(f"/referrals/{referral_id}").text)
    assert {"reason", "outcome"} <= seen
    assert seen <= PICKED, seen - PICKED


def test_a_picker_of_codes_left_empty_asks_for_a_choice_in_the_pages_words() -> None:
    body = {"case_ref": "PLK-1", "child": {"age": 9, "location": {"province": "TH-65"}}, "needs": [{"code": "x"}]}
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(body)
    (error,) = from_validation(raised.value, "th")
    assert error.field == "child.education_status"
    assert error.message.endswith("กรุณาเลือกจากรายการ"), error.message
    assert error.original is None
