"""Reading cases for `safetynet plan`: a JSONL line is read as a .json case file is, and placed in its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet.datafiles.casefile import read_cases
from safetynet.datafiles.textlines import column_in_line


def problems(path: Path) -> list[str]:
    return [str(p) for result in read_cases(path) if isinstance(result, list) for p in result]


@pytest.mark.parametrize("end", ["\n", "\r\n", ""], ids=["LF", "CRLF", "no line break at the end"])
def test_a_jsonl_line_that_stops_early_is_placed_where_it_stops_not_on_the_next_line(tmp_path: Path, end: str) -> None:
    path = tmp_path / "cases.jsonl"
    broken = '{"case_ref": "BAD", "child": {'
    path.write_text('{"case_ref": "A"}' + (end or "\n") + broken + end, encoding="utf-8", newline="")
    found = [p for p in problems(path) if "JSON syntax" in p]
    assert found == [f"{path}:2:{len(broken) + 1}: JSON syntax: Expecting property name enclosed in double quotes"]


def test_a_jsonl_syntax_error_inside_a_line_keeps_its_column(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('\n{"case_ref": "X" "child": {}}\n', encoding="utf-8")
    assert problems(path) == [f"{path}:2:18: JSON syntax: Expecting ',' delimiter"]


def test_a_jsonl_case_with_a_key_given_twice_is_refused_where_the_second_one_is(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"case_ref": "A"}\n{"case_ref": "A", "case_ref": "B"}\n', encoding="utf-8")
    assert problems(path)[-1] == f"{path}:2:19: 'case_ref' appears twice in the same map (first at column 2): keep one"


def test_a_jsonl_case_with_nan_is_refused_as_in_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"case_ref": "A", "household": {"income_monthly": NaN}}\n', encoding="utf-8")
    assert problems(path) == [f"{path}:1:51: NaN is not a number: write a plain number"]


def test_column_in_line_stops_at_the_end_of_the_line() -> None:
    assert column_in_line("ab\n", 0) == 1
    assert column_in_line("ab\n", 3) == 3
    assert column_in_line("ab\r\n", 4) == 3
    assert column_in_line("ab", 2) == 3


def test_a_case_file_written_as_a_thai_cm_writes_says_exactly_what_to_write(tmp_path: Path) -> None:
    """A case file is the API's body, read strictly; each value a survey row would read is refused with its plain
    form: Thai digits, a number with its unit, yes and no, and the Thai words of sex, housing and guardian."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_ref: LPG-1\nchild:\n  age: ๑๒\n  sex: หญิง\n  education_status: at_risk\n  location: {province: ลำปาง}\n"
        "  disability: {has_disability: ใช่, registered: ไม่}\n"
        "household:\n  income_monthly: 3,000 บาท\n  housing_condition: ทรุดโทรม\n  guardian: ยาย\n"
        "needs: [{code: housing_repair}]\n",
        encoding="utf-8",
    )
    said = sorted(p.split(": ", 2)[2] for p in problems(path))
    assert said == sorted(
        [
            "'๑๒' reads as 12: write 12 (the file takes the plain value)",
            "'หญิง' is not one of: female, male, other, unknown; did you mean 'female'?",
            "'ใช่' reads as true: write true (the file takes the plain value)",
            "'ไม่' reads as false: write false (the file takes the plain value)",
            "'3,000 บาท' reads as 3000: write 3000 (the file takes the plain value)",
            "'ทรุดโทรม' is not one of: good, poor, dilapidated; did you mean 'dilapidated'?",
            "'ยาย' is not one of: parents, grandparents, relatives, none; did you mean 'grandparents'?",
        ]
    )


def test_the_thai_label_of_an_education_status_says_its_value(tmp_path: Path) -> None:
    """No survey column has education_status (a row says enrolled), yet a CM writes it as the plan's Thai explanation
    shows it (สถานะการศึกษา: หลุดจากระบบการศึกษา): the file is told the value, as for sex or guardian."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_ref: LPG-1\nchild:\n  age: 16\n  education_status: หลุดจากระบบการศึกษา\n  location: {province: ลำปาง}\n"
        "needs: [{code: vocational_training}]\n",
        encoding="utf-8",
    )
    assert [p.split(": ", 2)[2] for p in problems(path)] == [
        "'หลุดจากระบบการศึกษา' is not one of: in_school, at_risk, dropped_out, never_enrolled; "
        "did you mean 'dropped_out'?"
    ]


def test_an_unknown_field_of_a_case_file_names_the_one_meant_as_the_api_does(tmp_path: Path) -> None:
    """The same words as a 422 of POST /v1/plans (``unknown_field``), placed in the file."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_ref: LPG-1\nchild:\n  age: 12\n  education_status: at_risk\n  location: {province: ลำปาง}\n"
        "household:\n  income: 2500\nneeds: [{code: housing_repair}]\n",
        encoding="utf-8",
    )
    assert problems(path) == [f"{path}:7:3: household.income: unknown field 'income'; did you mean 'income_monthly'?"]


def test_a_place_that_names_no_single_place_is_placed_where_it_is_written(tmp_path: Path) -> None:
    """An ambiguous subdistrict (ในเมือง: three in Khon Kaen) said ``file: CASE_REF:``, found only by the planner: it is
    placed at its value, with the places it may be, in a YAML file and in a JSONL line alike."""
    yaml_case = tmp_path / "case.yaml"
    yaml_case.write_text(
        "case_ref: KK-1\nchild:\n  age: 12\n  education_status: at_risk\n"
        "  location:\n    province: ขอนแก่น\n    subdistrict: ในเมือง\nneeds: [{code: housing_repair}]\n",
        encoding="utf-8",
    )
    (found,) = problems(yaml_case)
    assert found.startswith(f"{yaml_case}:7:18: child.location.subdistrict: 'ในเมือง' names 3 subdistricts of Khon Kaen")
    assert "Nai Mueang (ในเมือง, 401002) in Ban Phai (บ้านไผ่)" in found
    lines = tmp_path / "cases.jsonl"
    line = '{"case_ref": "KK-2", "child": {"age": 12, "education_status": "at_risk", "location": {"province": "TH-40", '
    lines.write_text(
        line + '"district": "Ban Phaii"}}, "needs": [{"code": "housing_repair"}]}\n', encoding="utf-8"
    )
    (found,) = problems(lines)
    district = f"{lines}:1:{len(line) + 13}: child.location.district"
    assert found.startswith(f"{district}: no district 'Ban Phaii' in Khon Kaen"), found
