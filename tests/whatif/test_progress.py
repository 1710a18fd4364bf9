"""`safetynet whatif`'s progress bar counts the rows or cases of the file, each once, whatever becomes of it
(planned, skipped, or a survey row with no need suggested): it ends full, never past its total. Run as a real
process with a pseudo-terminal, as a policy writer sees it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.terminal import on_a_terminal

SURVEY = (
    "case_ref,age,province,district,enrolled,housing_condition,guardian\n"
    "R-1,14,TH-65,Mueang Phitsanulok,true,dilapidated,parents\n"
    "R-2,9,TH-65,Mueang Phitsanulok,true,good,parents\n"  # no need suggested
    "R-3,10,,,true,dilapidated,parents\n"  # no province: skipped
    "R-4,15,TH-65,Mueang Phitsanulok,false,poor,grandparents\n"
)
CASE = '{"case_ref": "C-%d", "child": {"age": 9, "education_status": "in_school", "location": {"province": "TH-65"}}, '
CASE += '"household": {"housing_condition": "dilapidated"}, "needs": [{"code": "housing_repair"}]}'


def bar_counts(tmp_path: Path, file: Path) -> list[tuple[int, int]]:
    """Every ``done/total`` the bar drew on standard error (a terminal) while the what-if ran on ``file``."""
    _, shown = on_a_terminal(["whatif", str(file)], tmp_path / "var")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    return [(int(done), int(total)) for done, total in re.findall(r"what-if.*?(\d+)/(\d+)", text)]


def test_a_survey_s_bar_counts_its_rows_not_its_header(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, "utf-8")
    counts = bar_counts(tmp_path, survey)
    assert counts, "no bar was drawn"
    assert {total for _, total in counts} == {4}
    assert counts[-1] == (4, 4)


def test_a_file_without_a_last_line_break_counts_its_last_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [CASE % 0, CASE % 1, "", "", CASE % 2, CASE % 3]  # blank lines, and no line break after the last case
    cases.write_text("\n".join(lines), "utf-8")
    counts = bar_counts(tmp_path, cases)
    assert counts, "no bar was drawn"
    assert {total for _, total in counts} == {4}
    assert counts[-1] == (4, 4)
