"""Proofs for engine.py's mitigations that a plain result check cannot see.

Each test here fails when its mitigation is removed (checked by breaking engine.py and compiler.py on purpose):
the old rulesets are really deleted from the C engine on reload, no Python action ever runs, a failure inside
the engine becomes ``RuleEngineFailure`` and leaves no session behind (even 1,100 times in a row, past the
engine's 1,024 sessions), and a screening rule that is only a negative test still fires once.
The engine is spied on through the ``native`` module that engine.py calls; nothing in engine.py is replaced.
"""

from __future__ import annotations

import resource
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import durable_rules_engine as native  # the C module engine.py calls, as engine.py names it
import pytest

import safetynet.rules.engine as engine_module
from safetynet.rules import RuleBook, RuleEngine, load_rulebook
from safetynet.rules.engine import RuleEngineFailure
from safetynet.rules.explain import Screening
from tests.rules.facts import case_needs, row
from tests.rules.small import replace_line

ON = date(2026, 3, 1)
INVALID_HANDLE = "error code: 111"  # what the C engine answers for a ruleset handle it no longer has
UNKNOWN_SESSION = "error code: 309"  # ... and for a session it does not have, in a ruleset it has


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The handle of every ruleset created in the C engine from now on, in order."""
    handles: list[int] = []
    real = native.create_ruleset

    def create(*args: Any) -> int:
        handles.append(real(*args))
        return handles[-1]

    monkeypatch.setattr(native, "create_ruleset", create)
    return handles


def alive(handle: int) -> bool:
    """Whether the C engine still holds this ruleset (asked without touching any session)."""
    with pytest.raises(native.error) as raised:
        native.get_state(handle, "no-such-session")
    assert INVALID_HANDLE in str(raised.value) or UNKNOWN_SESSION in str(raised.value), raised.value
    return UNKNOWN_SESSION in str(raised.value)


def test_each_reload_deletes_the_old_rulesets_from_the_c_engine(small_book: RuleBook, created: list[int]) -> None:
    # Dropping them from the host's directory is not enough: the C engine keeps them (and their memory) until
    # native.delete_ruleset; a handle it no longer holds answers "invalid handle".
    engine = RuleEngine(small_book)
    try:
        for _ in range(20):
            engine.reload(small_book)
        assert len(created) == 2 * 21  # a needs and a screening ruleset per version
        assert [alive(h) for h in created] == [False] * 40 + [True, True]
        assert engine.evaluate(case_needs(age=3, needs=["child_protection"]), ON)
    finally:
        engine.close()
    assert not any(alive(h) for h in created)


def test_a_screening_run_keeps_its_rulesets_until_it_ends_then_they_are_deleted(
    small_book: RuleBook, created: list[int]
) -> None:
    engine = RuleEngine(small_book)
    try:
        running = engine.screen_many([row(age=3), row(age=4)], ON)
        next(running)
        engine.reload(small_book)
        assert [alive(h) for h in created] == [True] * 4  # the run still uses the first version
        next(running)
        with pytest.raises(StopIteration):
            next(running)
        assert [alive(h) for h in created] == [False, False, True, True]
    finally:
        engine.close()


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the resident size from /proc")
def test_five_hundred_reloads_do_not_grow_the_process(small_book: RuleBook) -> None:
    # Measured here: +0.2 MiB with the deletion, +95 MiB without it; the bound is far from both.
    engine = RuleEngine(small_book)
    try:
        for _ in range(20):  # let the allocator settle
            engine.reload(small_book)
        before = rss_mib()
        for _ in range(500):
            engine.reload(small_book)
        grown = rss_mib() - before
    finally:
        engine.close()
    assert grown < 20, f"the process grew by {grown:.0f} MiB over 500 reloads"


@pytest.fixture
def no_python_action(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every call the engine makes to the Python action registered for each rule (there must be none)."""
    calls: list[object] = []

    def action(state: object) -> None:
        calls.append(state)

    monkeypatch.setattr(engine_module, "_no_action", action)
    return calls


def test_no_python_action_runs_for_evaluations_or_screening(
    small_book: RuleBook, no_python_action: list[object]
) -> None:
    # durable_rules swallows an exception raised in an action into the session state: an action that failed
    # would go unnoticed. Matches are drained at the C level instead, so no action is ever called.
    engine = RuleEngine(small_book)
    try:
        for age in range(30):
            fired = engine.evaluate(case_needs(age=age % 8, guardian="none", needs=["child_protection"]), ON)
            assert no_python_action == []
            assert fired
        rows = [row(age=9, enrolled="false"), row(housing_condition="dilapidated")]
        tiers = [s.risk_tier for s in engine.screen_many(rows * 20, ON)]
        assert no_python_action == []
        assert tiers == ["dropped_out", "at_risk"] * 20
    finally:
        engine.close()


FailingCall = Callable[..., Any]


def failing(real: FailingCall, failures: int) -> tuple[FailingCall, list[int]]:
    """``real``, raising the engine's own error for its first ``failures`` calls."""
    count = [0]

    def call(*args: Any) -> Any:
        count[0] += 1
        if count[0] <= failures:
            raise native.error("error code: 999 (injected by the test)")
        return real(*args)

    return call, count


@pytest.fixture
def engine(small_book: RuleBook) -> Iterator[RuleEngine]:
    built = RuleEngine(small_book)
    yield built
    built.close()


# The failure is injected where the drain continues (complete_and_start_action): an action is then started in the
# session, which the C engine needs in order to delete it safely (measured: deleting a session in which no
# action was ever started frees an invalid pointer; see test_engine_traps.py).
DRAIN_STEP = "complete_and_start_action"


def test_an_engine_error_while_draining_is_a_rule_engine_failure_and_leaves_nothing(
    engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    call, count = failing(getattr(native, DRAIN_STEP), failures=1)
    monkeypatch.setattr(native, DRAIN_STEP, call)
    two_matches = case_needs(age=3, guardian="none", needs=["child_protection"])
    with pytest.raises(RuleEngineFailure, match="injected by the test"):
        engine.evaluate(two_matches, ON)
    assert count[0] == 1
    assert engine.sessions_left() == 0
    assert {f.rule.id for f in engine.evaluate(two_matches, ON)} == {"protection.young_child", "protection.no_guardian"}
    assert engine.sessions_left() == 0


def test_eleven_hundred_failed_evaluations_in_a_row_leave_no_session(
    engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine holds at most 1,024 sessions: if a failed evaluation kept its session, the 1,025th would
    # raise MemoryError (and leave a half-made session that crashes the process when touched).
    call, count = failing(getattr(native, DRAIN_STEP), failures=1100)
    monkeypatch.setattr(native, DRAIN_STEP, call)
    facts = case_needs(age=3, needs=["child_protection"])
    for attempt in range(1100):
        try:
            engine.evaluate(facts, ON)
        except RuleEngineFailure:
            continue
        pytest.fail(f"evaluation {attempt} did not fail")  # pragma: no cover - the injection failed
    assert count[0] == 1100
    assert [f.rule.id for f in engine.evaluate(facts, ON)] == ["protection.young_child"]
    assert engine.sessions_left() == 0


def test_a_screening_rule_that_is_only_a_negative_test_fires_once(small_dir: Path) -> None:
    # The session state is matched too: without the positive tests every compiled rule starts with (the fact
    # type and the date), 'child.age is unknown' would match the state and the screening would fail or loop.
    tiers = small_dir / "screening" / "tiers.yaml"
    replace_line(tiers, "      - child.enrolled == false\n      - child.age >= 6\n", "      - child.age is unknown\n")
    engine = RuleEngine(load_rulebook(small_dir))
    result: list[Screening] = []
    failure: list[BaseException] = []

    def screen() -> None:
        try:
            result.extend(engine.screen_many([row(enrolled="false"), row(age=9)], ON))
        except BaseException as exc:  # reported below
            failure.append(exc)

    worker = threading.Thread(target=screen, daemon=True)
    worker.start()
    worker.join(120)  # a guard against a hang, not a speed check
    try:
        assert not worker.is_alive(), "the screening never ended"
        assert failure == []
        unknown_age, known_age = result
        assert [r.id for r in unknown_age.rules] == ["screening.tiers.not_enrolled"]
        assert unknown_age.risk_tier == "dropped_out"
        assert known_age.rules == ()
        assert engine.sessions_left() == 0
    finally:
        if not worker.is_alive():  # a hung screening holds the engine's lock
            engine.close()
