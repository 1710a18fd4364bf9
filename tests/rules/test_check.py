"""The gap/overlap analysis: warnings that do not stop the rules from loading."""

from __future__ import annotations

from pathlib import Path

from safetynet.rules import RuleBook, check_rules, load_rulebook
from safetynet.rules.overlap import overlap
from tests.rules.books import need_rule
from tests.rules.small import SMALL, replace_line


def warnings(directory: Path) -> list[str]:
    return [str(p) for p in check_rules(directory) if p.severity == "warning"]


def test_a_need_that_no_rule_answers_is_a_warning() -> None:
    assert f"{SMALL}/needs.yaml:7:5: warning: no rule answers need 'scholarship': a case asking for it gets " \
        "'no rule'; add a rule with 'need: scholarship' to a rules file" in warnings(SMALL)


def test_two_rules_of_equal_priority_that_can_both_fire_with_different_outcomes(small_dir: Path) -> None:
    replace_line(small_dir / "protection.yaml", "    priority: 5\n", "")
    found = [w for w in warnings(small_dir) if "overlaps" in w]
    assert found == [
        f"{small_dir}/protection.yaml:15:5: warning: protection.young_child overlaps protection.no_guardian "
        f"({small_dir}/protection.yaml:2:5): both can fire for need 'child_protection' (e.g. child.age 5, "
        "household.guardian none) with different outcomes and the same priority; the planner uses "
        "protection.no_guardian (earlier in file order): set 'priority:' on the one that should win, or make the "
        "conditions exclusive"
    ]
    load_rulebook(small_dir)  # a warning does not stop loading


def test_rules_that_cannot_both_hold_do_not_overlap(small_dir: Path) -> None:
    replace_line(small_dir / "protection.yaml", "    priority: 5\n", "")
    replace_line(small_dir / "protection.yaml", "        - child.age < 6", "        - child.age >= 18")
    path = small_dir / "protection.yaml"
    replace_line(path, "        - not: household.guardian is known", "        - child.age > 20")
    assert not [w for w in warnings(small_dir) if "overlaps" in w]


def test_rules_whose_dates_never_meet_do_not_overlap(small_dir: Path) -> None:
    replace_line(small_dir / "protection.yaml", "    priority: 5\n", "")
    replace_line(
        small_dir / "protection.yaml",
        "    from: 2024-01-01\n    until: 2026-12-31",
        "    from: 2020-01-01\n    until: 2023-12-31",
    )
    assert not [w for w in warnings(small_dir) if "overlaps" in w]


def test_overlap_finds_an_example_or_proves_there_is_none(small_book: RuleBook) -> None:
    no_guardian = need_rule(small_book, "protection.no_guardian")
    young = need_rule(small_book, "protection.young_child")
    assert overlap(no_guardian.condition, young.condition) == {"child.age": 5, "household.guardian": "none"}
    housing = need_rule(small_book, "housing.dilapidated_home")
    assert overlap(housing.condition, no_guardian.condition) is not None  # different fields: both can hold


def test_a_service_that_does_not_answer_the_rules_need_is_a_warning(small_dir: Path) -> None:
    replace_line(small_dir / "housing.yaml", "      service: housing_repair", "      service: scholarship")
    expected = "service 'scholarship' does not list need 'housing_repair' in services.yaml"
    assert any(expected in w for w in warnings(small_dir))
