"""`safetynet whatif`'s progress bar counts the rows or cases of the file, each once, whatever becomes of it
(planned, skipped, or a survey row with no need suggested): it ends full, never past its total. Run as a real
process with a pseudo-terminal, as a policy writer sees it."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from tests.cli.environment import shipped

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
    env = os.environ | shipped(tmp_path / "var") | {"TERM": "xterm", "COLUMNS": "100"}
    terminal, stderr = pty.openpty()
    try:
        command = [sys.executable, "-m", "safetynet", "whatif", str(file)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env)
    finally:
        os.close(stderr)
    process.communicate(timeout=120)
    assert process.returncode == 0
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 1 << 16)
        except OSError:  # the other end is closed: everything has been read
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
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
