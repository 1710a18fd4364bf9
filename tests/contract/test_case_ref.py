"""A case reference a CM typed wrong is refused saying what in it is wrong and what to write, never the bare
pattern: the API's 422, a case file and a survey row all show these words."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from safetynet.contract.case import Case, SurveyRow
from safetynet.datafiles.casefile import read_cases


def _refused(ref: str) -> dict[str, object]:
    body = {"case_ref": ref, "child": {"age": 9, "education_status": "in_school", "location": {"province": "ลำปาง"}},
            "needs": [{"code": "scholarship"}]}  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(body)
    (error,) = raised.value.errors()
    return dict(error)


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("LPG-12 ด.ช.สมชาย", "'LPG-12 ด.ช.สมชาย' has Thai letters: write the CM's own reference, never the child's"),
        ("LPG 2569/012", "'LPG 2569/012' has a space: write"),
        ("-LPG-1", "'-LPG-1' starts with '-': write"),
        ("LPG#12", "'LPG#12' has '#': write"),
    ],
)
def test_a_case_ref_written_wrong_says_what_is_wrong_in_it(ref: str, says: str) -> None:
    error = _refused(ref)
    assert error["type"] == "string_pattern_mismatch"  # the pages word this kind themselves
    message = str(error["msg"])
    assert message.startswith(says)
    assert "like PLK-2026-0001" in message
    assert "pattern" not in message


def test_a_space_in_a_case_ref_is_mended_with_a_dash() -> None:
    assert str(_refused("LPG 2569/012")["msg"]).endswith("; did you mean 'LPG-2569/012'?")
    assert "did you mean" not in str(_refused("ด.ช.สมชาย")["msg"])  # a name is never offered back as a reference


def test_a_survey_row_and_a_case_file_say_the_same(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        SurveyRow.model_validate({"case_ref": "LPG 12"})
    assert "'LPG 12' has a space" in raised.value.errors()[0]["msg"]
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_ref: LPG 12\nchild: {age: 9, education_status: in_school, location: {province: ลำปาง}}\n"
        "needs: [{code: scholarship}]\n",
        encoding="utf-8",
    )
    (problems,) = list(read_cases(path))
    assert isinstance(problems, list)
    assert [p.message for p in problems] == [
        "case_ref: 'LPG 12' is not a case reference: write the CM's own reference, never the child's name: letters "
        "A-Z, digits and . _ / - only, starting with a letter or digit, like PLK-2026-0001; did you mean 'LPG-12'?"
    ]
