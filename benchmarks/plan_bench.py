"""Plan CPU, and what reading places through the gazetteer adds to it: ``Planner.plan`` on the shipped rules and
network, with the case's place resolved as it is in the service, and (in the same run, alternated) with the place
handed over already resolved.

    .venv/bin/python benchmarks/plan_bench.py [--cases 2000] [--rounds 9]

The cases are in the four focus provinces, with their places written as CMs write them: Thai with and without
the อ./ต. prefix, English, DOPA codes, some without a district. "warm" resolves names seen before (what a
service pays once its CMs' names are cached); "cold" clears the resolver's caches before each plan (every name
new, the gazetteer's indexes already built). CPU time (``time.process_time``), µs per plan, best of the rounds.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from safetynet.contract.case import Case
from safetynet.places import Location
from safetynet.places.location import clear_caches
from safetynet.planning import planner as planner_module
from safetynet.runtime.build import build_runtime
from safetynet.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
PLACES = [  # (province, district, subdistrict) as written
    ("TH-65", "Mueang Phitsanulok", "Nai Mueang"),
    ("พิษณุโลก", "อ.เมืองพิษณุโลก", "ต.ในเมือง"),
    ("Lampang", "Ko Kha", "Lampang Luang"),
    ("ลำปาง", "อำเภอเกาะคา", "ลำปางหลวง"),
    ("52", "5203", "520301"),
    ("TH-40", "เมืองขอนแก่น", None),
    ("Nakhon Ratchasima", "Mueang Nakhon Ratchasima", None),
    ("นครราชสีมา", None, None),
    ("TH-30", "Pak Chong", None),
]
NEEDS = ["housing_repair", "return_to_school", "scholarship", "child_protection", "non_formal_education"]


def cases(count: int, seed: int = 5) -> list[Case]:
    pick = random.Random(seed)
    out = []
    for n in range(count):
        province, district, subdistrict = pick.choice(PLACES)
        location = {"province": province, "district": district, "subdistrict": subdistrict}
        out.append(
            Case.model_validate(
                {
                    "case_ref": f"BENCH-{n}",
                    "child": {
                        "age": pick.randrange(3, 19),
                        "education_status": pick.choice(["in_school", "at_risk", "dropped_out"]),
                        "location": {k: v for k, v in location.items() if v is not None},
                    },
                    "household": {"housing_condition": pick.choice(["good", "poor", "dilapidated"])},
                    "needs": [{"code": code} for code in pick.sample(NEEDS, 3)],
                }
            )
        )
    return out


def per_plan(plan: Callable[[Case], Any], batch: list[Case], rounds: int, before: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(rounds):
        before()
        gc.collect()  # each run starts clean: the garbage of the one before (the cold run's most) is not its cost
        started = time.process_time()
        for case in batch:
            plan(case)
        best = min(best, time.process_time() - started)
    return best / len(batch) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    runtime = build_runtime(Settings(rules_dir=ROOT / "rules", graph_dir=ROOT / "graph"), with_store=False)
    planner = runtime.planner
    batch = cases(args.cases)
    resolved: dict[str, Location] = {c.case_ref: planner_module.locate(c) for c in batch}
    real_locate = planner_module.locate

    def plan(case: Case) -> Any:
        return planner.plan(case, now=NOW)

    def plan_cold(case: Case) -> Any:
        clear_caches()  # every name new to the resolver (the gazetteer's indexes stay built)
        return planner.plan(case, now=NOW)

    def given(case: Case) -> Location:
        return resolved[case.case_ref]

    def nothing() -> None:
        pass

    def places_as_written() -> None:
        planner_module.locate = real_locate

    def places_resolved() -> None:
        planner_module.locate = given

    try:
        per_plan(plan, batch[:200], 1, nothing)  # warm up: the rule engine, the router's trees, the gazetteer
        with_places = without = cold = float("inf")
        for n in range(args.rounds):  # alternated, first one then the other, so that swings hit both alike
            if n % 2:
                without = min(without, per_plan(plan, batch, 1, places_resolved))
            with_places = min(with_places, per_plan(plan, batch, 1, places_as_written))
            if not n % 2:
                without = min(without, per_plan(plan, batch, 1, places_resolved))
            cold = min(cold, per_plan(plan_cold, batch, 1, places_as_written))
        places_as_written()
        resolve_only = per_plan(real_locate, batch, args.rounds, nothing)
    finally:
        planner_module.locate = real_locate
        runtime.close()
    print(f"{len(batch):,} cases of 3 needs in 4 provinces, best of {args.rounds} rounds, CPU µs per plan:")
    print(f"  place handed over resolved:  {without:8.1f}")
    print(f"  place as written, warm:      {with_places:8.1f}  ({(with_places / without - 1) * 100:+.1f} %)")
    print(f"  place as written, cold:      {cold:8.1f}  ({(cold / without - 1) * 100:+.1f} %)")
    print(f"  resolve_location alone, warm: {resolve_only:7.2f}")
    print("  target: place matching adds < 5 % to plan CPU")


if __name__ == "__main__":
    main()
