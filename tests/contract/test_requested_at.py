"""requested_at written as a Thai CM writes a moment (day/month/พ.ศ., 09.30 น.) or without its offset: refused,
saying the RFC 3339 moment to send for Thailand time."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from safetynet.contract.case import Case


def _said(moment: str) -> str:
    body = {"case_ref": "LPG-1", "requested_at": moment, "needs": [{"code": "scholarship"}],
            "child": {"age": 9, "education_status": "in_school", "location": {"province": "ลำปาง"}}}  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(body)
    (error,) = raised.value.errors()
    assert error["loc"] == ("requested_at",)
    message = str(error["msg"])
    assert len(message) < 400
    return message


@pytest.mark.parametrize(
    ("moment", "send"),
    [
        ("6/12/2569", "(send 2026-12-06T09:00:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026, with the hour it "
         "happened in place of 09:00)"),
        ("๖/๑๒/๒๕๖๙ ๐๙.๓๐ น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026)"),
        ("06-12-2026 14:05", "(send 2026-12-06T14:05:00+07:00 for Thailand time)"),
        ("2026-12-06 09:00", "(send 2026-12-06T09:00:00+07:00 for Thailand time)"),
        ("2569-12-06T09:00:00", "(send 2026-12-06T09:00:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026)"),
        # year-month-day with the time the Thai way (09.30 น.): was read only in day/month/year order
        ("2026-12-06 09.30 น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time)"),
        ("2569-12-06 09.30 น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026)"),
        ("2026-12-06 09.30", "(send 2026-12-06T09:30:00+07:00 for Thailand time)"),
        ("๒๕๖๙-๑๒-๐๖ ๙.๓๐น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026)"),
    ],
)  # fmt: skip
def test_a_moment_written_the_thai_way_or_without_its_offset_says_what_to_send(moment: str, send: str) -> None:
    assert f"{moment!r} is not a date and time with its UTC offset {send}: give" in _said(moment)


@pytest.mark.parametrize("moment", ["31/02/2569", "tomorrow", "6/12/1800", "2026-13-01 09:00"])
def test_no_moment_is_offered_for_text_that_names_none(moment: str) -> None:
    assert "(send" not in _said(moment)
