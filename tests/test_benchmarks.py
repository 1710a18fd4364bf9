"""The benchmarks still run (tiny sizes; their figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize(
    ("script", "args", "printed"),
    [
        ("rules_bench.py", ["40"], "ratio ours / raw:"),
        ("screen_bench.py", ["--rows", "200"], "rows/s"),
        ("http_load.py", ["--clients", "2", "--seconds", "1"], "server CPU"),
    ],
)
def test_a_benchmark_runs_and_prints_its_figures(script: str, args: list[str], printed: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert printed in done.stdout
    assert "errors 0" in done.stdout or script != "http_load.py"
