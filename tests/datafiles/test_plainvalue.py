"""The plain value a Thai CM's text means, as the API's 422 and a case file's problem say it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from safetynet.contract.case import Child
from safetynet.datafiles.plainvalue import plain_value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("อยู่ในระบบการศึกษา", "'in_school'"),
        ("เสี่ยงหลุดจากระบบการศึกษา", "'at_risk'"),
        (" หลุดจากระบบการศึกษา ", "'dropped_out'"),
        ("ไม่เคยเข้าเรียน", "'never_enrolled'"),
        ("หลุด", None),  # no guess at a word that is no label
    ],
)
def test_an_education_status_written_as_its_thai_label_reads_as_its_value(written: str, value: str | None) -> None:
    with pytest.raises(ValidationError) as raised:
        Child.model_validate({"age": 16, "education_status": written, "location": {"province": "ลำปาง"}})
    (error,) = raised.value.errors()
    assert plain_value(error) == value
