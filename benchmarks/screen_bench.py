"""Screening throughput and memory: `safetynet screen` on generated survey rows.

Generates CSV files of 11,610 rows (the out-of-school children Nakhon Ratchasima's survey found in one
district, seed 002) and 1,000,000 rows, then runs the real command (`python -m safetynet screen`) on each
in its own process and prints rows/s and the peak memory (max RSS) of that process. Memory should stay flat:
the command streams rows and screens them a batch at a time.

    .venv/bin/python benchmarks/screen_bench.py [--rows 11610 1000000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [
    "case_ref", "age", "sex", "province", "district", "enrolled", "days_absent", "household_income_monthly",
    "housing_condition", "has_disability", "disability_registered", "guardian",
]  # fmt: skip


def write_rows(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(count):
            disabled = rng.random() < 0.05
            writer.writerow([
                f"NMA-{n:07d}", rng.randint(3, 24), rng.choice(["female", "male"]), "TH-30",
                "Mueang Nakhon Ratchasima", rng.random() < 0.8, rng.choice(["", 0, 2, 5, 12, 25, 40]),
                rng.choice(["", 1500, 2800, 4500, 9000, 20000]), rng.choice(["good", "poor", "dilapidated"]),
                disabled, disabled and rng.random() < 0.5, rng.choice(["parents", "grandparents", "relatives", "none"]),
            ])  # fmt: skip


_MEASURE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def screen(path: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of one `safetynet screen` process, measured by a wrapper process of its own."""
    env = os.environ | {"SAFETYNET_RULES_DIR": str(ROOT / "rules"), "SAFETYNET_GRAPH_DIR": str(ROOT / "graph")}
    command = [sys.executable, "-m", "safetynet", "screen", str(path), "--out", str(out), "--on", "2026-11-22"]
    started = time.perf_counter()
    peak_kib = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], env=env, check=True, capture_output=True, text=True
    ).stdout
    return time.perf_counter() - started, int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[11_610, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in sorted(args.rows):
            rows = Path(tmp) / f"survey-{count}.csv"
            write_rows(rows, count)
            out = Path(tmp) / f"out-{count}.jsonl"
            seconds, peak = screen(rows, out)
            with out.open("rb") as handle:
                written = sum(1 for _ in handle)
            print(
                f"{count:>9,} rows: {seconds:6.1f} s, {count / seconds:8,.0f} rows/s, peak RSS {peak:5.0f} MiB, "
                f"{written:,} lines written"
            )


if __name__ == "__main__":
    main()
