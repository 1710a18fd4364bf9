"""The engine under load: many cases leave nothing behind; threads and reloads change no answer.

These take a few tens of seconds; they measure nothing about speed (benchmarks/rules_bench.py does).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from safetynet.contract.said import Said
from safetynet.rules import RuleBook, RuleEngine, load_rulebook
from tests.rules.facts import case_needs, row
from tests.rules.small import SMALL, replace_line

ON = date(2026, 3, 1)
NEEDS = ["housing_repair", "child_protection", "scholarship"]
GUARDIANS = [None, "parents", "grandparents", "relatives", "none"]
HOUSING = [None, "good", "poor", "dilapidated"]


def cases(count: int, seed: int = 7) -> list[list[dict[str, dict[str, object]]]]:
    pick = random.Random(seed)
    return [
        case_needs(
            age=pick.randrange(0, 25), guardian=pick.choice(GUARDIANS), housing=pick.choice(HOUSING), needs=NEEDS
        )
        for _ in range(count)
    ]


Answer = tuple[tuple[str, str, tuple[Said, ...]], ...]


def answer(engine: RuleEngine, facts: list[dict[str, dict[str, object]]]) -> Answer:
    return tuple((f.need, f.rule.id, f.because) for f in engine.evaluate(facts, ON))


@pytest.fixture
def engine(small_book: RuleBook) -> Iterator[RuleEngine]:
    built = RuleEngine(small_book)
    yield built
    built.close()


def test_ten_thousand_distinct_cases_leave_no_state_behind(engine: RuleEngine) -> None:
    fired = 0
    for facts in cases(10_000):
        fired += len(engine.evaluate(facts, ON))
    assert fired > 5_000  # the cases do match rules
    assert engine.sessions_left() == 0
    assert len(engine.registered_rulesets()) == 2


def test_eight_threads_get_the_same_results_as_one(engine: RuleEngine) -> None:
    work = cases(5_000)
    expected = [answer(engine, facts) for facts in work]
    results: dict[int, list[object]] = {}
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            results[worker] = [answer(engine, facts) for facts in work]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(8))
    for worker in range(8):
        assert results[worker] == expected, worker
    assert engine.sessions_left() == 0


@pytest.fixture
def second_book(tmp_path: Path) -> RuleBook:
    """The small rules with one change: housing repair only for children under 10 (a new version)."""
    import shutil

    target = tmp_path / "v2"
    shutil.copytree(SMALL, target)
    replace_line(target / "housing.yaml", "      - child.age < 18", "      - child.age < 10")
    replace_line(target / "screening" / "tiers.yaml", "tier: at_risk", "tier: dropped_out")
    return load_rulebook(target)


def test_a_reload_does_not_disturb_evaluations_in_flight(small_book: RuleBook, second_book: RuleBook) -> None:
    assert small_book.version != second_book.version
    engine = RuleEngine(small_book)
    work = cases(300, seed=11)
    by_version = {}
    for book in (small_book, second_book):
        engine.reload(book)
        by_version[book.version] = [answer(engine, facts) for facts in work]
    assert by_version[small_book.version] != by_version[second_book.version]
    stop = threading.Event()
    wrong: list[str] = []
    done = [0]

    def evaluate_forever() -> None:
        while not stop.is_set():
            for i, facts in enumerate(work):
                got = answer(engine, facts)
                if got not in (by_version[small_book.version][i], by_version[second_book.version][i]):
                    wrong.append(f"case {i}: {got}")
                done[0] += 1

    threads = [threading.Thread(target=evaluate_forever) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for i in range(40):
            engine.reload(second_book if i % 2 == 0 else small_book)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert wrong == []
    assert done[0] >= 4 * len(work)
    assert len(engine.registered_rulesets()) == 2
    engine.close()


def test_screening_in_flight_finishes_on_the_rules_it_started_with(
    small_book: RuleBook, second_book: RuleBook
) -> None:
    engine = RuleEngine(small_book)
    rows = [row(age=9, housing_condition="dilapidated") for _ in range(1_200)]
    screening = engine.screen_many(rows, ON)
    first = next(screening)
    engine.reload(second_book)
    assert len(engine.registered_rulesets()) == 4  # the old version stays while the screening runs
    rest = list(screening)
    assert {s.risk_tier for s in [first, *rest]} == {"at_risk"}  # the old rules' tier, to the last row
    assert len(engine.registered_rulesets()) == 2  # and is unloaded when it ends
    assert engine.screen(rows[0], ON).risk_tier == "dropped_out"  # the new rules
    engine.close()


def test_an_abandoned_screening_releases_the_old_rules(small_book: RuleBook, second_book: RuleBook) -> None:
    engine = RuleEngine(small_book)
    screening = engine.screen_many([row(age=9)] * 10, ON)
    next(screening)
    engine.reload(second_book)
    assert len(engine.registered_rulesets()) == 4
    del screening  # never finished: closed when collected
    assert len(engine.registered_rulesets()) == 2
    engine.close()
