"""What-if replay throughput and memory: cases of 4 needs planned under today's rules and a draft.

In one run, on one core, over the same stream of generated cases (made as they are replayed, never held):

* making the cases alone (pydantic ``Case`` from JSON-like dicts), to say what both figures below include;
* the replay (``safetynet.whatif.replay``): both rule sets, routing, deadlines and the comparison need by need;
* raw durable_rules on the same facts: each case's needs asserted to the compiled ruleset of each rule set, the
  matches drained, the session deleted (no explanation, no routing), as ``rules_bench.py`` measures it;
* the replay without its batch path (a whole ``Planner.plan`` on each side), on the first 20,000 cases;
* the ratio replay / raw (target >= 0.5), with and without the time spent making the cases.

Then the peak RSS of a fresh process replaying 100,000 and 1,000,000 cases (memory should stay flat: cases
stream through, the replay's caches are bounded, the report keeps counts and a few examples).

    .venv/bin/python benchmarks/whatif_bench.py [cases] [--rss 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import durable_rules_engine as native
from pydantic_core import to_json

from safetynet.contract.case import Case
from safetynet.contract.facts import needs_facts
from safetynet.network import load_network
from safetynet.rules import RuleBook, load_rulebook
from safetynet.rules.compiler import compile_book, day_number
from safetynet.rules.engine import SENTINEL
from safetynet.rules.wire import engine_facts, fields_tested
from safetynet.whatif import Item, Report, Sides, open_sides, outcomes_of_plan, replay

ROOT = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Asia/Bangkok")
NOW = datetime(2026, 6, 30, 2, 0, tzinfo=UTC)
PLACES: dict[str, list[tuple[str, str | None]]] = {
    "TH-65": [("Mueang Phitsanulok", "Nai Mueang"), ("Mueang Phitsanulok", None)],
    "TH-52": [("Ko Kha", "Lampang Luang"), ("Mueang Lampang", None)],
    "TH-40": [("Mueang Khon Kaen", None)],
    "TH-30": [("Mueang Nakhon Ratchasima", None)],
    "TH-96": [("Mueang Narathiwat", None)],
}
STATUS = ["in_school", "at_risk", "dropped_out", "never_enrolled"]
GUARDIAN = [None, "parents", "grandparents", "relatives", "none"]
HOUSING = [None, "good", "poor", "dilapidated"]


def cases(count: int, needs: list[str], seed: int = 1) -> Iterator[Case]:
    """``count`` cases of 4 needs, asked over the 30 days of June 2026, made one at a time."""
    pick = random.Random(seed)
    provinces = list(PLACES)
    for n in range(count):
        province = pick.choice(provinces)
        district, subdistrict = pick.choice(PLACES[province])
        where = {"province": province, "district": district} | ({"subdistrict": subdistrict} if subdistrict else {})
        child: dict[str, Any] = {"age": pick.randrange(0, 25), "education_status": pick.choice(STATUS)}
        child["location"] = where
        if pick.random() < 0.3:
            child["disability"] = {"has_disability": True, "registered": pick.random() < 0.5}
        pairs = (("guardian", pick.choice(GUARDIAN)), ("housing_condition", pick.choice(HOUSING)))
        household: dict[str, Any] = {k: v for k, v in pairs if v is not None}
        household["income_monthly"] = pick.randrange(0, 30_000)
        yield Case.model_validate(
            {
                "case_ref": f"B-{n:07d}",
                "requested_at": f"2026-06-{pick.randrange(1, 31):02d}T{pick.randrange(8, 17):02d}:00:00+07:00",
                "child": child,
                "household": household,
                "needs": [{"code": code} for code in pick.sample(needs, 4)],
            }
        )


def items(count: int, needs: list[str]) -> Iterator[Item]:
    return (Item(case.case_ref, case, case) for case in cases(count, needs))


def draft_rules(folder: Path) -> Path:
    """Today's rules with one tightened: housing repair of a dilapidated home for children under 12 only."""
    shutil.copytree(ROOT / "rules", folder)
    housing = folder / "housing.yaml"
    housing.write_text(housing.read_text("utf-8").replace("child.age < 18", "child.age < 12", 1), "utf-8")
    return folder


def open_both(draft: Path) -> tuple[RuleBook, RuleBook, Sides]:
    book, changed = load_rulebook(ROOT / "rules"), load_rulebook(draft)
    network = load_network(ROOT / "graph", book.services, timezone=ZONE)
    return book, changed, open_sides((book, network, None), (changed, network, None), timezone=ZONE)


def bench_making(count: int, needs: list[str]) -> float:
    start = time.perf_counter()
    for _ in items(count, needs):
        pass
    return time.perf_counter() - start


def bench_replay(count: int, needs: list[str], sides: Sides) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    report = replay(items(count, needs), sides, now=NOW)
    return time.perf_counter() - start, report.as_dict()


def bench_whole_plans(count: int, needs: list[str], sides: Sides) -> float:
    """The replay without its batch path: a whole plan on each side per case, compared need by need."""
    report = Report(rules_version=("", ""), graph_version=("", ""))
    start = time.perf_counter()
    for case in cases(count, needs):
        before = outcomes_of_plan(sides.before.planner.plan(case, now=NOW))
        after = outcomes_of_plan(sides.after.planner.plan(case, now=NOW))
        report.add(case.case_ref, None, before, after)
    return time.perf_counter() - start


def bench_raw(count: int, books: tuple[RuleBook, RuleBook]) -> float:
    """Each case's need facts matched under both rule sets by the C engine: assert, drain, delete."""
    rulesets = []
    for n, book in enumerate(books):
        rules = dict(compile_book(book).needs)
        fields = fields_tested(rules)
        rules[SENTINEL] = {"all": [{"m": {"t": SENTINEL}}]}  # the same ruleset the engine registers
        rulesets.append((native.create_ruleset(f"bench_raw_{n}", json.dumps(rules)), fields, book))
    serial = 0
    start = time.perf_counter()
    for case in cases(count, sorted(books[0].needs)):
        day = day_number(case.requested_at.date() if case.requested_at else NOW.date())
        for handle, fields, book in rulesets:
            serial += 1
            sid = str(serial)
            urgency = {n.code: book.needs[n.code].urgent for n in case.needs}
            batch = engine_facts(needs_facts(case, urgency), sid, "need", day, fields=fields)  # encoded as ours are
            batch.append({"id": len(batch), "sid": sid, "t": SENTINEL})
            _, state = native.assert_facts(handle, to_json(batch).decode())
            result = native.start_action_for_state(handle, state)
            message = result[1] if result else None
            while message:
                message = native.complete_and_start_action(handle, state)
            native.delete_state(handle, sid)
    elapsed = time.perf_counter() - start
    for handle, _, _ in rulesets:
        native.delete_ruleset(handle)
    return elapsed


def peak_rss(count: int) -> int:
    """Peak RSS (KiB) of a fresh process that replays ``count`` cases."""
    done = subprocess.run(
        [sys.executable, __file__, "--only-replay", str(count)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


def only_replay(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book, _, sides = open_both(draft_rules(Path(tmp) / "draft"))
        with sides:
            replay(items(count, sorted(book.needs)), sides, now=NOW)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=int, default=100_000)
    parser.add_argument("--rss", nargs="*", type=int, default=[100_000, 1_000_000], help="cases for peak RSS")
    parser.add_argument("--only-replay", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only_replay is not None:
        only_replay(args.only_replay)
        return
    count = args.cases
    with tempfile.TemporaryDirectory() as tmp:
        book, changed, sides = open_both(draft_rules(Path(tmp) / "draft"))
        with sides:
            needs = sorted(book.needs)
            bench_replay(min(count, 2_000), needs, sides)  # warm up: the network's graphs and trees
            making = bench_making(count, needs)
            replayed, report = bench_replay(count, needs, sides)
            raw = bench_raw(count, (book, changed))
            whole = min(count, 20_000)
            planned = bench_whole_plans(whole, needs, sides)
            keys = len(sides.before._fired.items), len(sides.after._fired.items)
            decided = len(sides.before._decided.items), len(sides.after._decided.items)
    housing = report["needs"].get("housing_repair", {})
    print(f"rules {book.version} -> draft {changed.version} (housing.dilapidated_home: under 12 only)")
    print(f"cases of 4 needs:        {count:,}, made as they are replayed ({making:.1f} s to make them alone)")
    print(f"what-if replay:          {count / replayed:,.0f} cases/s  ({report['changed']:,} changed; housing repair "
          f"served_to_unmet {housing.get('served_to_unmet', 0):,})")  # fmt: skip
    print(f"raw durable_rules (C):   {count / raw:,.0f} cases/s  (the same facts under both rule sets)")
    print(f"by whole plans:          {whole / planned:,.0f} cases/s  (Planner.plan on each side, first {whole:,} "
          "cases: the replay without its batch path)")  # fmt: skip
    print(f"ratio replay / raw:      {raw / replayed:.2f}  (target >= 0.5); without making the cases: "
          f"{(raw - making) / max(replayed - making, 1e-9):.2f}")  # fmt: skip
    print(f"shared work:             {keys[0]:,} + {keys[1]:,} rule keys, {decided[0]:,} + {decided[1]:,} routing "
          f"keys for {4 * count:,} needs on each side")  # fmt: skip
    for size in args.rss:
        print(f"peak RSS, {size:>9,} cases: {peak_rss(size) / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
