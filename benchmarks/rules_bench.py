"""Rule evaluation throughput on the shipped rules: our RuleEngine against raw durable_rules.

Prints cases/s for cases of 10 needs through ``RuleEngine.evaluate`` (with the explanations), and for the
C-level durable_rules API on the same compiled ruleset and the same facts (assert, drain the matches,
delete the session: no explanation, no ordering), and the ratio (target: >= 0.5). Also survey rows/s
through ``screen_many``. One core; run: .venv/bin/python benchmarks/rules_bench.py [cases]
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import durable_rules_engine as native
from pydantic_core import to_json

from safetynet.contract.facts import Facts
from safetynet.rules import RuleEngine, load_rulebook
from safetynet.rules.compiler import compile_book, day_number
from safetynet.rules.engine import SENTINEL
from safetynet.rules.wire import engine_facts, fields_tested

RULES = Path(__file__).resolve().parents[1] / "rules"
ON = date(2026, 1, 15)
STATUS = ["in_school", "at_risk", "dropped_out", "never_enrolled"]
GUARDIAN = [None, "parents", "grandparents", "relatives", "none"]
HOUSING = [None, "good", "poor", "dilapidated"]
PROVINCES = ["TH-65", "TH-30", "TH-52", "TH-40", "TH-96"]


def make_cases(count: int, needs: list[str], seed: int = 1) -> list[list[Facts]]:
    pick = random.Random(seed)
    out: list[list[Facts]] = []
    for _ in range(count):
        child: dict[str, Any] = {
            "age": pick.randrange(0, 25),
            "sex": pick.choice(["female", "male"]),
            "education_status": pick.choice(STATUS),
            "province": pick.choice(PROVINCES),
        }
        child["enrolled"] = child["education_status"] in ("in_school", "at_risk")
        if pick.random() < 0.3:
            child["has_disability"] = True
            child["disability_registered"] = pick.random() < 0.5
        household: dict[str, str | int] = {
            k: v
            for k, v in (("guardian", pick.choice(GUARDIAN)), ("housing_condition", pick.choice(HOUSING)))
            if v is not None
        }
        household["income_monthly"] = pick.randrange(0, 30_000)
        chosen = pick.sample(needs, 10)
        out.append(
            [{"child": child, "household": household, "need": {"code": code, "urgent": False}} for code in chosen]
        )
    return out


def bench_ours(engine: RuleEngine, cases: list[list[Facts]]) -> tuple[float, int]:
    fired = 0
    start = time.perf_counter()
    for facts in cases:
        fired += len(engine.evaluate(facts, ON))
    return len(cases) / (time.perf_counter() - start), fired


def bench_raw(definition: dict[str, Any], cases: list[list[Facts]], name: str) -> tuple[float, int]:
    rules = dict(definition)
    rules[SENTINEL] = {"all": [{"m": {"t": SENTINEL}}]}  # the same ruleset the engine registers
    handle = native.create_ruleset(name, json.dumps(rules))
    day = day_number(ON)
    fields = fields_tested(definition)  # the same facts the engine sends: the fields its rules test
    fired = 0
    start = time.perf_counter()
    for n, facts in enumerate(cases):
        sid = str(n)
        batch = engine_facts(facts, sid, "need", day, fields=fields)  # the same facts, encoded as ours are
        batch.append({"id": len(batch), "sid": sid, "t": SENTINEL})
        _, state = native.assert_facts(handle, to_json(batch).decode())
        result = native.start_action_for_state(handle, state)
        message = result[1] if result else None
        while message:
            fired += 1
            message = native.complete_and_start_action(handle, state)
        native.delete_state(handle, sid)
    elapsed = time.perf_counter() - start
    native.delete_ruleset(handle)
    return len(cases) / elapsed, fired - len(cases)  # less the sentinel's match in each case


def bench_screen(engine: RuleEngine, count: int) -> float:
    pick = random.Random(3)
    rows: list[Facts] = [
        {
            "child": {"age": pick.randrange(0, 25), "enrolled": pick.random() < 0.8, "days_absent": pick.randrange(60)},
            "household": {"housing_condition": pick.choice(HOUSING[1:]), "guardian": pick.choice(GUARDIAN[1:])},
        }
        for _ in range(count)
    ]
    start = time.perf_counter()
    for _ in engine.screen_many(rows, ON):
        pass
    return count / (time.perf_counter() - start)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    book = load_rulebook(RULES)
    cases = make_cases(count, sorted(book.needs))
    engine = RuleEngine(book)
    compiled = compile_book(book)
    bench_ours(engine, cases[:500])  # warm up both
    bench_raw(compiled.needs, cases[:500], "bench_raw_warm")
    raw_rate, raw_fired = bench_raw(compiled.needs, cases, "bench_raw_needs")
    ours_rate, ours_fired = bench_ours(engine, cases)
    rows_rate = bench_screen(engine, count * 4)
    engine.close()
    print(f"rules version {book.version}: {len(book.rules)} need rules, {len(book.screening)} screening rules")
    print(f"cases of 10 needs:       {count:,}")
    print(f"RuleEngine.evaluate:     {ours_rate:,.0f} cases/s  ({ours_fired:,} firings, with explanations)")
    print(f"raw durable_rules (C):   {raw_rate:,.0f} cases/s  ({raw_fired:,} matches, same ruleset and facts)")
    print(f"ratio ours / raw:        {ours_rate / raw_rate:.2f}  (target >= 0.5)")
    print(f"screen_many:             {rows_rate:,.0f} rows/s")


if __name__ == "__main__":
    main()
