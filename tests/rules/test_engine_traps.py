"""Each durable_rules trap (shared/DURABLE_RULES.md) and the test that fails without its mitigation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import durable_rules_engine
import pytest

import safetynet
from safetynet.rules import Firing, RuleBook, RuleEngine, load_rulebook
from safetynet.rules import engine as engine_module
from safetynet.rules.compiler import compile_book
from safetynet.rules.wire import MATCH, engine_facts, fields_tested, read_matches
from tests.rules.facts import case_needs, row
from tests.rules.small import SMALL, replace_line

ON = date(2026, 3, 1)


def test_building_an_engine_starts_no_thread(small_book: RuleBook) -> None:
    # durable.engine.Host() starts two timer threads that call the engine outside any lock.
    before = threading.active_count()
    engine = RuleEngine(small_book)
    try:
        engine.evaluate(case_needs(age=3, needs=["child_protection"]), ON)
        assert threading.active_count() == before
    finally:
        engine.close()


def test_two_thousand_distinct_cases_in_a_row(small_book: RuleBook) -> None:
    # The engine holds at most 1,024 sessions: without deleting each one, the 1,025th case fails.
    engine = RuleEngine(small_book)
    try:
        for age in range(2000):
            facts = case_needs(age=age % 18, guardian="none", needs=["child_protection"])
            assert engine.evaluate(facts, ON), age
        assert engine.sessions_left() == 0
    finally:
        engine.close()


def test_two_matching_rules_both_fire(small_book: RuleBook) -> None:
    # As events, the first matching rule would consume the fact and the second would never fire.
    engine = RuleEngine(small_book)
    try:
        fired = engine.evaluate(case_needs(age=3, guardian="none", needs=["child_protection"]), ON)
        assert {f.rule.id for f in fired} == {"protection.young_child", "protection.no_guardian"}
    finally:
        engine.close()


def test_fifty_reloads_leave_one_version_registered(small_book: RuleBook) -> None:
    engine = RuleEngine(small_book)
    try:
        for _ in range(50):
            engine.reload(small_book)
        assert len(engine.registered_rulesets()) == 2  # the needs and the screening rulesets of one version
        assert engine.registered_rulesets()[0].endswith("_51")
        assert engine.evaluate(case_needs(age=3, needs=["child_protection"]), ON)
    finally:
        engine.close()


def test_a_negative_only_condition_fires_once_and_stops(small_dir: Path) -> None:
    # The session state is matched too: a rule that is only a negative test would fire for ever.
    replace_line(small_dir / "housing.yaml", "      - child.age < 18\n", "")
    old = "      - household.housing_condition in [poor, dilapidated]"
    replace_line(small_dir / "housing.yaml", old, "      - household.housing_condition is unknown")
    engine = RuleEngine(load_rulebook(small_dir))
    result: list[list[Firing]] = []
    worker = threading.Thread(
        target=lambda: result.append(engine.evaluate(case_needs(age=9, needs=["housing_repair"]), ON)), daemon=True
    )
    worker.start()
    worker.join(120)  # a guard against a hang, not a speed check
    try:
        assert not worker.is_alive(), "the evaluation never ended"
        (firings,) = result
        assert [f.rule.id for f in firings] == ["housing.dilapidated_home"]
    finally:
        engine.close()


def test_in_lists_compile_to_equalities_because_the_engine_has_no_in(small_book: RuleBook) -> None:
    compiled = compile_book(small_book)
    text = json.dumps(compiled.needs)
    assert "$in" not in text
    assert '{"$or": [{"household.housing_condition": "poor"}, {"household.housing_condition": "dilapidated"}]}' in text
    with pytest.raises(durable_rules_engine.error):  # what "$in" would have done
        durable_rules_engine.create_ruleset(
            "safetynet_test_in", json.dumps({"r": {"all": [{"m": {"$in": {"x": [1, 2]}}}]}})
        )


def test_every_compiled_rule_starts_with_a_positive_type_test(small_book: RuleBook) -> None:
    compiled = compile_book(small_book)
    for definition in [*compiled.needs.values(), *compiled.screening.values()]:
        first = definition["all"][0]["m"]["$and"][0]
        assert first in ({"t": "need"}, {"t": "row"})


def test_facts_outside_the_known_fields_never_reach_the_engine(small_book: RuleBook) -> None:
    # A fact with ~300 properties is silently corrupted by the engine, and the next call crashes the process.
    engine = RuleEngine(small_book)
    try:
        (facts,) = case_needs(age=12, housing="poor", needs=["housing_repair"])
        facts["child"].update({f"p{i}": i for i in range(300)})
        facts["extra"] = {f"q{i}": [i] for i in range(300)}
        for _ in range(3):
            assert [f.rule.id for f in engine.evaluate([facts], ON)] == ["housing.dilapidated_home"]
        assert engine.sessions_left() == 0
    finally:
        engine.close()


def test_of_the_known_fields_only_those_the_rules_test_reach_the_engine(small_book: RuleBook) -> None:
    compiled = compile_book(small_book)
    assert fields_tested(compiled.needs) == {
        "child": ("age",),
        "household": ("guardian", "housing_condition"),  # guardian: also by 'is known'
        "need": ("code",),
    }
    assert fields_tested(compiled.screening) == {"child": ("age", "enrolled"), "household": ("housing_condition",)}
    (facts,) = case_needs(age=12, housing="poor", needs=["housing_repair"], district="Mueang Phitsanulok")
    (fact,) = engine_facts([facts], "1", "need", 20260301, fields=fields_tested(compiled.needs))
    assert fact == {
        "id": 0,
        "sid": "1",
        "t": "need",
        "d": 20260301,
        "child": {"age": 12},
        "household": {"housing_condition": "poor"},
        "need": {"code": "housing_repair"},
    }


def test_the_groups_that_a_case_s_needs_share_are_cleaned_once(small_book: RuleBook) -> None:
    facts = case_needs(age=12, housing="poor", needs=["housing_repair", "scholarship"])
    assert facts[0]["child"] is facts[1]["child"]  # needs_facts gives every need the same child and household
    fields = fields_tested(compile_book(small_book).needs)
    first, second = engine_facts(facts, "1", "need", 20260301, fields=fields)
    assert first["child"] is second["child"]
    assert first["household"] is second["household"]
    assert (first["id"], first["need"], second["id"], second["need"]) == (
        0, {"code": "housing_repair"}, 1, {"code": "scholarship"}
    )  # fmt: skip


def test_each_match_is_read_from_the_head_of_its_message(small_book: RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_matches('{"n3":{"m":{"id":2,"sid":"7","t":"need","child":{"age":3}}}}') == [("n3", 2)]
    assert read_matches('{"n3":{"m":{"sid":"7","id":2}}}') == [("n3", 2)]  # any other shape is read as JSON
    messages: list[str] = []

    def read_and_keep(message: str) -> list[tuple[str, int]]:
        messages.append(message)
        return read_matches(message)

    monkeypatch.setattr(engine_module, "read_matches", read_and_keep)
    engine = RuleEngine(small_book)
    try:
        facts = case_needs(age=3, guardian="none", housing="poor", needs=["child_protection", "housing_repair"])
        assert len(engine.evaluate(facts, ON)) == 3
    finally:
        engine.close()
    assert len(messages) == 4  # three rules and the sentinel
    assert all(MATCH.match(m) for m in messages)


# Deleting a session in which no action was ever started frees an invalid pointer: the process aborts
# ("free(): invalid pointer") or segfaults, at once or a little later, depending on what the freed memory held.
# In a process that has run other tests it may survive by luck, so these run in a fresh process in which
# MALLOC_PERTURB_ fills every allocation with garbage: measured 30 crashes in 30 runs without the sentinel,
# none with it.
CRASH_PRONE_ENV = {"MALLOC_PERTURB_": "165"}


def run_isolated(script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh Python that imports this safetynet, with garbage-filled allocations."""
    service = str(Path(safetynet.__file__).resolve().parents[1])
    env = {**os.environ, **CRASH_PRONE_ENV, "PYTHONPATH": service}
    return subprocess.run(
        [sys.executable, "-c", script], input=stdin, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def outcome(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {done.returncode} (negative: killed by that signal); stderr ends: {done.stderr[-500:]!r}"


RAW_SESSIONS = """
import json, sys
import durable_rules_engine as engine
sentinel = sys.argv[1] == "sentinel"
rules = {"r": {"all": [{"m": {"$and": [{"t": "x"}, {"v": 1}]}}]}, "s": {"all": [{"m": {"t": "s"}}]}}
handle = engine.create_ruleset("raw", json.dumps(rules))
for sid in map(str, range(1, 200)):
    facts = [{"id": 0, "sid": sid, "t": "x", "v": 2}] + ([{"id": 1, "sid": sid, "t": "s"}] if sentinel else [])
    state = engine.assert_facts(handle, json.dumps(facts))[1]
    started = engine.start_action_for_state(handle, state)
    message = started[1] if started else None
    while message:
        message = engine.complete_and_start_action(handle, state)
    engine.delete_state(handle, sid)
print("survived")
"""


@pytest.mark.parametrize("sentinel", [True, False])
def test_the_raw_engine_crashes_deleting_a_session_in_which_nothing_matched(sentinel: bool) -> None:
    # The trap itself, without safetynet: the same sessions, with and without a fact that always matches.
    script = RAW_SESSIONS.replace("sys.argv[1]", repr("sentinel" if sentinel else "none"))
    done = run_isolated(script)
    if sentinel:
        assert (done.returncode, done.stdout.strip()) == (0, "survived"), outcome(done)
    else:
        assert done.returncode != 0, outcome(done)
        assert "survived" not in done.stdout


ENGINE_NOTHING_MATCHES = """
import json, sys
from datetime import date
from pathlib import Path
from safetynet.rules import RuleEngine, load_rulebook
work = json.loads(sys.stdin.read())
engine = RuleEngine(load_rulebook(Path(work["rules"])))
on = date.fromisoformat(work["on"])
for _ in range(300):
    assert engine.evaluate(work["needs"], on) == []
    assert engine.screen(work["row"], on).risk_tier == "normal"
assert engine.sessions_left() == 0
engine.close()
print("survived")
"""


def test_cases_that_match_nothing_do_not_corrupt_the_engine() -> None:
    # Every session carries a sentinel fact that always matches, so each one has an action started in it.
    nothing = case_needs(age=24, guardian="parents", housing="good", needs=["housing_repair", "scholarship"])
    work = {"rules": str(SMALL), "on": ON.isoformat(), "needs": nothing, "row": row(age=3)}
    done = run_isolated(ENGINE_NOTHING_MATCHES, json.dumps(work))
    assert (done.returncode, done.stdout.strip()) == (0, "survived"), outcome(done)


ENGINE_FAILS_BEFORE_A_MATCH_STARTS = """
import json, sys
from datetime import date
from pathlib import Path
import durable_rules_engine as native
from safetynet.rules import RuleEngine, RuleEngineFailure, load_rulebook
work = json.loads(sys.stdin.read())
engine = RuleEngine(load_rulebook(Path(work["rules"])))
on = date.fromisoformat(work["on"])
real = native.start_action_for_state
failures = [0]
def fail_some(handle, state):
    if failures[0] < 3:
        failures[0] += 1
        raise native.error("error code: 999 (injected by the test)")
    return real(handle, state)
native.start_action_for_state = fail_some
for call in ("evaluate", "screen", "evaluate"):
    try:
        engine.evaluate(work["needs"], on) if call == "evaluate" else engine.screen(work["row"], on)
    except RuleEngineFailure:
        continue
    raise SystemExit(f"{call} did not fail")
for _ in range(300):
    assert [f.rule.id for f in engine.evaluate(work["needs"], on)] == ["protection.young_child"]
    assert engine.screen(work["row"], on).risk_tier == "dropped_out"
assert engine.sessions_left() == 0
assert len(engine.registered_rulesets()) == 2, engine.registered_rulesets()
engine.close()
print("survived")
"""


def test_an_engine_failure_before_any_match_starts_does_not_crash_the_process() -> None:
    # Such a session cannot be deleted (the process aborts), nor kept (1,024 at most): the engine leaves it
    # and registers the same rules again, fresh, retiring the rulesets that hold it.
    work = {
        "rules": str(SMALL),
        "on": ON.isoformat(),
        "needs": case_needs(age=3, needs=["child_protection"]),
        "row": row(age=9, enrolled="false"),
    }
    done = run_isolated(ENGINE_FAILS_BEFORE_A_MATCH_STARTS, json.dumps(work))
    assert (done.returncode, done.stdout.strip()) == (0, "survived"), outcome(done)
