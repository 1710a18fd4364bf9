"""Bidirectional and other control characters are refused in every text field of a case, naming the field;
Thai text passes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from safetynet.contract.case import SurveyRow
from safetynet.places.text import BIDI_CONTROLS
from tests.api.client import bearer, phitsanulok_case
from tests.api.test_bad_input import error_of, nothing_stored  # noqa: F401 - a fixture


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("char", [*BIDI_CONTROLS, "\x85", "\x07"])
@pytest.mark.parametrize("field", ["district", "subdistrict"])
def test_a_control_character_in_a_place_name_is_422_naming_the_field(
    client: TestClient, tokens: dict[str, str], char: str, field: str
) -> None:
    case = phitsanulok_case()
    case["child"]["location"][field] = f"เมือง{char}พิษณุโลก"
    response = client.post("/v1/plans", json=case, headers=bearer(tokens["cm_plk"]))
    error = error_of(response, 422)
    assert [d["field"] for d in error["details"]] == [f"child.location.{field}"]
    assert f"U+{ord(char):04X}" in error["details"][0]["message"]
    assert "at character 6" in error["details"][0]["message"]


def test_thai_place_names_pass(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case(case_ref="PLK-THAI-1")
    case["child"]["location"] |= {"district": "อ.เมืองพิษณุโลก", "subdistrict": "ต.ในเมือง"}
    response = client.post("/v1/plans", json=case, headers=bearer(tokens["cm_plk"]))
    assert response.status_code == 201, response.text


def test_a_survey_row_refuses_a_right_to_left_override() -> None:
    with pytest.raises(ValueError, match="U\\+202E"):
        SurveyRow(case_ref="S-1", district="Mueang\u202eX")
    assert SurveyRow(case_ref="S-1", district="เมือง").district == "เมือง"


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b"])
@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("acknowledge", {"note": "รับทราบ{c}แล้ว"}),
        ("decline", {"reason": "no_capacity", "note": "ทีมช่าง{c}เต็ม"}),
        ("done", {"outcome": "not_helped", "reason": "ย้าย{c}บ้าน"}),
    ],
)
def test_a_hidden_character_in_a_referral_note_or_reason_is_422_naming_the_field(
    client: TestClient, tokens: dict[str, str], char: str, action: str, body: dict[str, str]
) -> None:
    field = next(k for k, v in body.items() if "{c}" in v)
    sent = {k: v.format(c=char) for k, v in body.items()}
    response = client.post(
        f"/v1/referrals/ref_unknown/{action}", json=sent, headers=bearer(tokens["agency_plk_city"])
    )
    error = error_of(response, 422)
    assert [d["field"] for d in error["details"]] == [field]
    assert f"U+{ord(char):04X}" in error["details"][0]["message"]


def test_a_note_may_run_over_several_lines() -> None:
    from safetynet.contract.referral import NoteBody

    assert NoteBody(note="บรรทัดแรก\nบรรทัดสอง\tต่อ").note == "บรรทัดแรก\nบรรทัดสอง\tต่อ"


def test_a_note_from_a_browsers_text_box_keeps_its_lines() -> None:
    """A text box sends its line breaks as \\r\\n: the pattern refused \\r, so a CM who pressed Enter could not say
    what changed, nor an agency decline with a note of two lines. Read as \\n, as it was meant."""
    from safetynet.contract.referral import DeclineBody, ReferralRequest

    assert DeclineBody(reason="other", note="บรรทัดแรก\r\nบรรทัดสอง\rสาม").note == "บรรทัดแรก\nบรรทัดสอง\nสาม"
    sent = {"plan_id": "pln_1", "need": "housing_repair", "circumstances_changed": "ย้ายกลับ\r\nแล้ว"}
    assert ReferralRequest.model_validate(sent).circumstances_changed == "ย้ายกลับ\nแล้ว"
