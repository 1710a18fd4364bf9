"""`safetynet screen`'s progress bar: on standard error, and only when it is a terminal; standard output (where the
results go without --out) carries the JSON lines alone. Run as a real process with a pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.environment import shipped
from tests.cli.terminal import on_a_terminal

SURVEY = (
    "case_ref,age,enrolled,days_absent,housing_condition,guardian\n"
    "R1,10,true,0,good,parents\n"
    "R2,15,false,,poor,grandparents\n"
    "R4,12,true,40,dilapidated,none\n"
)


def _screen(tmp_path: Path, *, stderr_on_a_terminal: bool) -> tuple[bytes, bytes]:
    """(standard output, what standard error showed) of `safetynet screen` on a small survey."""
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, "utf-8")
    args = ["screen", str(survey), "--on", "2026-11-22"]
    if not stderr_on_a_terminal:
        env = os.environ | shipped(tmp_path / "var") | {"TERM": "xterm", "COLUMNS": "100"}
        done = subprocess.run(
            [sys.executable, "-m", "safetynet", *args], capture_output=True, env=env, timeout=120, check=True
        )
        return done.stdout, done.stderr
    return on_a_terminal(args, tmp_path / "var")


def _json_lines(out: bytes) -> list[str]:
    return [json.loads(line)["case_ref"] for line in out.decode("utf-8").splitlines()]


def test_the_bar_is_drawn_on_standard_error_when_it_is_a_terminal(tmp_path: Path) -> None:
    out, shown = _screen(tmp_path, stderr_on_a_terminal=True)
    assert b"screening" in shown
    assert _json_lines(out) == ["R1", "R2", "R4"]
    assert b"\x1b" not in out


def test_no_bar_when_standard_error_is_not_a_terminal(tmp_path: Path) -> None:
    out, err = _screen(tmp_path, stderr_on_a_terminal=False)
    assert b"screening" not in err
    assert b"\x1b" not in err
    assert _json_lines(out) == ["R1", "R2", "R4"]
