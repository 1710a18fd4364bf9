"""Rule sets that would crash, hang or be refused by the engine are refused first, at the rule's place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safetynet.errors import RuleFilesInvalid, errors_only
from safetynet.rules import RuleEngine, check_rules, load_rulebook
from safetynet.rules.limits import MAX_FANOUT

from .conftest import replace_line

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
    names = ", ".join(f"Tambon {i}" for i in range(MAX_FANOUT + 1))
    path = write_rules(small_dir, [f"      - child.subdistrict in [{names}]"])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)
    assert "512 different tests meet at one point of the rule network" in problem.message
    assert "the engine hangs from 512" in problem.message


def test_a_list_just_under_the_limit_loads_and_runs(small_dir: Path) -> None:
    from .conftest import case_needs

    names = ", ".join(f"Tambon {i}" for i in range(MAX_FANOUT - 1))
    write_rules(small_dir, [f"      - child.subdistrict in [{names}]"])
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        from datetime import date

        facts = case_needs(age=9, needs=["scholarship"])
        facts[0]["child"]["subdistrict"] = "tambon 7"
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


def test_groups_nested_too_deep_are_refused(small_dir: Path) -> None:
    nested: object = "child.age < 18"
    for depth in range(9):
        nested = {"any" if depth % 2 == 0 else "all": [nested, f"child.age > {depth}"]}
    path = write_rules(small_dir, ["      - " + json.dumps(nested)])
    (problem,) = errors_only(check_rules(small_dir))
    assert (problem.path, problem.line, problem.col) == (str(path), 2, 5)
    assert "the conditions are nested 9 groups deep" in problem.message


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


def test_eight_levels_of_groups_load_and_run(small_dir: Path) -> None:
    from datetime import date

    from .conftest import case_needs

    nested: object = "child.age < 18"
    for depth in range(8):
        word = "any" if depth % 2 == 0 else "all"
        nested = {word: [nested, f"child.age > {40 + depth if word == 'any' else depth}"]}
    write_rules(small_dir, ["      - " + json.dumps(nested)])
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        fired = engine.evaluate(case_needs(age=9, needs=["scholarship"]), date(2026, 1, 1))
        assert [f.rule.id for f in fired] == ["scholarship.r0"]
    finally:
        engine.close()
