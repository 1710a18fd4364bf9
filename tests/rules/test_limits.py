"""Rule sets that would crash, hang or be refused by the engine are refused first, at the rule's place."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import date
from pathlib import Path

import durable_rules_engine as native
import pytest

from safetynet.errors import Place, RuleFilesInvalid, errors_only
from safetynet.places import districts, provinces, subdistricts
from safetynet.rules import RuleBook, RuleEngine, check_rules, limits, load_rulebook
from safetynet.rules.conditions import Leaf
from safetynet.rules.limits import MAX_FANOUT
from tests.rules.facts import case_needs
from tests.rules.small import SMALL, replace_line

ON = date(2026, 1, 1)
# Places in conditions are codes (rules/placevalue.py): long lists are made of real DOPA codes.
DISTRICTS = [d.code for p in provinces() for d in districts(p.code)]
SUBDISTRICTS = [s.code for code in DISTRICTS for s in subdistricts(code)]

HEADER = "rules:\n"
RULE = """  - id: scholarship.r{i}
    title: {{th: ทุน, en: Grant}}
    reference: "test"
    from: 2024-01-01
    need: scholarship
    when:
{when}
    then:
      service: scholarship
      providers:
        - {{kind: funder, level: province}}
"""


def write_rules(directory: Path, whens: list[str]) -> Path:
    body = "".join(RULE.format(i=i, when=w) for i, w in enumerate(whens))
    (directory / "scholarship.yaml").write_text(HEADER + body, encoding="utf-8")
    return directory / "scholarship.yaml"


def test_a_long_in_list_that_would_hang_the_engine_is_refused(small_dir: Path) -> None:
    names = ", ".join(SUBDISTRICTS[: MAX_FANOUT + 1])
    path = write_rules(small_dir, [f"      - child.subdistrict in [{names}]"])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)
    assert "512 different tests meet at one point of the rule network" in problem.message
    assert "the engine hangs from 512" in problem.message


def test_a_list_just_under_the_limit_loads_and_runs(small_dir: Path) -> None:
    names = ", ".join(SUBDISTRICTS[: MAX_FANOUT - 1])
    write_rules(small_dir, [f"      - child.subdistrict in [{names}]"])
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        from datetime import date

        facts = case_needs(age=9, needs=["scholarship"])
        facts[0]["child"]["subdistrict"] = SUBDISTRICTS[7]
        assert [f.rule.id for f in engine.evaluate(facts, date(2026, 1, 1))] == ["scholarship.r0"]
    finally:
        engine.close()


def test_too_many_alternatives_for_one_need_are_refused(small_dir: Path) -> None:
    path = write_rules(small_dir, [f"      - child.age >= {i % 5}" for i in range(65)])
    (problem,) = errors_only(check_rules(small_dir))
    assert problem.path == str(path)
    assert problem.message.startswith("up to 65 alternatives of the rules for need 'scholarship' can hold at once")
    with pytest.raises(RuleFilesInvalid):
        RuleEngine(load_rulebook(small_dir))


def test_sixty_four_alternatives_are_fine(small_dir: Path) -> None:
    write_rules(small_dir, [f"      - child.age >= {i % 5}" for i in range(64)])
    assert errors_only(check_rules(small_dir)) == []


def test_a_rule_set_over_the_limits_is_refused_on_reload_and_the_old_rules_keep_serving(small_dir: Path) -> None:
    engine = RuleEngine(load_rulebook(small_dir))
    version = engine.version
    replace_line(small_dir / "housing.yaml", "      - child.age < 18", "      - child.age < 17")
    write_rules(small_dir, [f"      - child.age >= {i % 5}" for i in range(65)])
    with pytest.raises(RuleFilesInvalid):
        engine.reload(load_rulebook(small_dir))
    assert engine.version == version
    assert len(engine.registered_rulesets()) == 2
    engine.close()


# --- how many rules: one rule of a file is one rule for the engine, which adds one of its own ---------------


def test_long_in_lists_do_not_count_as_rules(small_dir: Path) -> None:
    # 20 rules with 7,400 'in' values in all are 20 rules for the engine (21 with its own).
    whens = []
    for r in range(20):
        names = ", ".join(SUBDISTRICTS[r * 370 : (r + 1) * 370])
        whens.append(f"      - child.district == {DISTRICTS[r]}\n      - child.subdistrict in [{names}]")
    write_rules(small_dir, whens)
    assert errors_only(check_rules(small_dir)) == []
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        facts = case_needs(age=9, needs=["scholarship"])
        facts[0]["child"] |= {"district": DISTRICTS[7], "subdistrict": SUBDISTRICTS[7 * 370 + 369]}
        assert [f.rule.id for f in engine.evaluate(facts, ON)] == ["scholarship.r7"]
    finally:
        engine.close()


def test_the_rule_past_the_limit_is_named_in_its_own_file(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With room for 3 need rules: housing.yaml has 1, protection.yaml 2, scholarship.yaml brings 2 more.
    monkeypatch.setattr(limits, "MAX_RULES", 3 + limits.ENGINE_RULES)
    path = write_rules(small_dir, ["      - child.age < 18", "      - child.age < 12"])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)  # scholarship.r0, not the first rule
    assert problem.message.startswith("this is need rule number 4 of 5 (in file order); the engine takes at most 3")
    assert "merging rules that have the same outcome into one" in problem.message
    with pytest.raises(RuleFilesInvalid):
        RuleEngine(load_rulebook(small_dir))


def test_need_and_screening_rules_are_counted_apart(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_RULES", 1 + limits.ENGINE_RULES)  # 3 need and 2 screening rules here
    found = [(Path(p.path).name, p.line, p.message.split(";")[0]) for p in errors_only(check_rules(small_dir))]
    assert found == [
        ("protection.yaml", 2, "this is need rule number 2 of 3 (in file order)"),
        ("tiers.yaml", 12, "this is screening rule number 2 of 2 (in file order)"),
    ]


def numbered_book(count: int) -> RuleBook:
    """``count`` need rules, 64 per need (the most one need may have), each ``child.age == i % 64``."""
    small = load_rulebook(SMALL)
    rules = tuple(
        dataclasses.replace(
            small.rules[0],
            id=f"r{i}",
            need=f"need{i // 64}",
            condition=Leaf("child.age", "==", i % 64, f"child.age == {i % 64}"),
            source=Place("rules/numbered.yaml", i + 2, 5),
        )
        for i in range(count)
    )
    return dataclasses.replace(small, rules=rules)


def test_the_engine_takes_4095_rules_of_a_kind_and_its_own_and_refuses_one_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = RuleEngine(numbered_book(4095))
    try:
        facts = case_needs(age=5, needs=["housing_repair"])
        facts[0]["need"]["code"] = "need63"
        assert [f.rule.id for f in engine.evaluate(facts, ON)] == [f"r{63 * 64 + 5}"]
    finally:
        engine.close()
    one_more = numbered_book(4096)
    (problem,) = limits.limit_problems(one_more)
    assert (problem.path, problem.line) == ("rules/numbered.yaml", 4097)  # r4095, the 4,096th
    assert "the engine takes at most 4,095 need rules" in problem.message
    monkeypatch.setattr(limits, "MAX_RULES", limits.MAX_RULES + 1)  # let it through: the engine refuses it
    with pytest.raises(native.error, match="error code: 106"):
        RuleEngine(one_more)
    # The raw engine alone: 4,096 named rules are taken, 4,097 refused.
    named = {f"r{i}": {"all": [{"m": {"$and": [{"a": i // 64}, {"b": i % 64}]}}]} for i in range(4097)}
    last = named.pop("r4096")
    native.delete_ruleset(native.create_ruleset("safetynet_test_4096", json.dumps(named)))
    named["r4096"] = last
    with pytest.raises(native.error, match="error code: 106"):
        native.create_ruleset("safetynet_test_4097", json.dumps(named))


# --- groups in one rule: the engine keeps 2 places per and/or group for 31 places ----------------------------


def any_of_alls(count: int) -> str:
    """``any:`` of ``count`` two-condition ``all:`` groups: 1 + count groups."""
    groups = [{"all": [f"child.age == {k}", f"household.members > {k}"]} for k in range(count)]
    return "      - " + json.dumps({"any": groups})


def test_a_rule_with_more_than_fourteen_groups_is_refused(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_rules(small_dir, [any_of_alls(14)])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)
    assert problem.message.startswith("the conditions make 15 groups")
    assert "the engine takes at most 14 in one rule: split the rule into two rules" in problem.message
    monkeypatch.setattr(limits, "MAX_GROUPS", 99)  # let it through: the engine refuses it
    with pytest.raises(native.error, match="error code: 113"):
        RuleEngine(load_rulebook(small_dir))


def test_fourteen_groups_load_and_run(small_dir: Path) -> None:
    write_rules(small_dir, [any_of_alls(13)])
    assert errors_only(check_rules(small_dir)) == []
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        facts = case_needs(age=12, needs=["scholarship"])
        assert engine.evaluate(facts, ON) == []  # no household.members
        facts[0]["household"] = {"members": 13}  # age 12 and more than 12 members: the last 'all' holds
        assert [f.rule.id for f in engine.evaluate(facts, ON)] == ["scholarship.r0"]
    finally:
        engine.close()


def nested(depth: int) -> str:
    """``depth`` groups, each inside the next, 'any' and 'all' in turn."""
    condition: object = "child.age < 18"
    for level in range(depth):
        word = "any" if level % 2 == 0 else "all"
        condition = {word: [condition, f"child.age > {40 + level if word == 'any' else level}"]}
    return "      - " + json.dumps(condition)


def test_groups_nested_fourteen_deep_load_and_run_and_fifteen_are_refused(small_dir: Path) -> None:
    # Only the number of groups counts, not how deep they are nested.
    path = write_rules(small_dir, [nested(15)])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)
    assert problem.message.startswith("the conditions make 15 groups")
    write_rules(small_dir, [nested(14)])
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        fired = engine.evaluate(case_needs(age=14, needs=["scholarship"]), ON)
        assert [f.rule.id for f in fired] == ["scholarship.r0"]
        assert engine.evaluate(case_needs(age=9, needs=["scholarship"]), ON) == []  # not above 13
    finally:
        engine.close()


# --- one point of the rule network: tests after an 'in' list belong to their own rule ------------------------


def test_tests_after_an_in_list_are_not_shared_between_rules(small_dir: Path) -> None:
    # Two rules share 'child.district in [...]', then each tests 300 subdistricts: the engine puts each rule's
    # 300 below a point of its own, so no point has more than 300 tests (a lookup that finds none ends).
    whens = []
    for r in range(2):
        names = ", ".join(SUBDISTRICTS[r * 300 : (r + 1) * 300])
        whens.append(f"      - child.district in [9001, 9011]\n      - child.subdistrict in [{names}]")
    write_rules(small_dir, whens)
    assert errors_only(check_rules(small_dir)) == []
    engine = RuleEngine(load_rulebook(small_dir))
    result: list[object] = []
    facts = case_needs(age=9, needs=["scholarship"])
    facts[0]["child"] |= {"district": "9001", "subdistrict": "999999"}
    worker = threading.Thread(target=lambda: result.append(engine.evaluate(facts, ON)), daemon=True)
    worker.start()
    worker.join(60)  # a guard against a hang, not a speed check
    try:
        assert not worker.is_alive(), "the evaluation never ended"
        assert result == [[]]
        facts[0]["child"]["subdistrict"] = SUBDISTRICTS[599]
        assert [f.rule.id for f in engine.evaluate(facts, ON)] == ["scholarship.r1"]
    finally:
        if not worker.is_alive():  # a hung evaluation holds the engine's lock
            engine.close()
