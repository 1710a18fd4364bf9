"""The benchmarks still run (tiny sizes; their figures are printed, never asserted), and the docs say which."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.databases import postgres_unreachable

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
#: (script, tiny arguments, what it must print): the benchmarks `make test` runs once, as a smoke test
SMOKE = [
    ("rules_bench.py", ["40"], "ratio ours / raw:"),
    ("screen_bench.py", ["--rows", "200"], "rows/s"),
    ("http_load.py", ["--clients", "2", "--seconds", "1"], "server CPU"),
    ("http_load.py", ["--clients", "2", "--seconds", "1", "--mix"], "inbox"),
    ("referrals_bench.py", ["--scale", "0.001", "--rounds", "8"], "stats of the largest province"),
    ("attack.py", ["--connections", "20", "--header-timeout", "1", "--body-timeout", "1", "--keep-alive", "1",
                   "--drip", "0.2"], "RSS growth"),
    ("whatif_bench.py", ["400", "--rss", "200"], "ratio replay / raw:"),
    ("web_load.py", ["--clients", "2", "--seconds", "1", "--plans", "2"], "script bytes of the plan page"),
]  # fmt: skip
NEEDS_POSTGRES = {"referrals_bench.py"}
HELPERS = {"graph_synth.py"}  # imported by graph_bench.py; not a benchmark of its own


@pytest.mark.parametrize(("script", "args", "printed"), SMOKE)
def test_a_benchmark_runs_and_prints_its_figures(script: str, args: list[str], printed: str) -> None:
    if script in NEEDS_POSTGRES and postgres_unreachable() is not None:
        pytest.skip(f"{script} needs PostgreSQL: {postgres_unreachable()}")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert printed in done.stdout
    assert "errors 0" in done.stdout or script not in ("http_load.py", "web_load.py")
    assert "server alive after: True" in done.stdout or script != "attack.py"


def _scripts(text: str) -> set[str]:
    return set(re.findall(r"`(\w+\.py)`", text))


def test_the_docs_say_which_benchmarks_make_test_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Benchmarks", 1)[1]
    smoke = {script for script, _, _ in SMOKE}
    runs = re.search(r"`make test` does run (.+?) once each", readme, re.DOTALL)
    skips = re.search(r";\s+([^;]+?) (?:is|are) not run by `make test`", readme, re.DOTALL)
    assert runs, "README.md, section Benchmarks: say which benchmarks `make test` runs"
    assert skips, "README.md, section Benchmarks: say which benchmarks `make test` does not run"
    assert _scripts(runs.group(1)) == smoke, "README.md names other benchmarks than tests/test_benchmarks.py runs"
    others = {p.name for p in BENCHMARKS.glob("*.py")} - smoke - HELPERS
    assert _scripts(skips.group(1)) == others, "README.md: name every benchmark that `make test` does not run"
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    row = next(line for line in architecture.splitlines() if line.startswith("| `benchmarks/`"))
    assert _scripts(row) == smoke, "docs/architecture.md names other benchmarks than tests/test_benchmarks.py runs"
