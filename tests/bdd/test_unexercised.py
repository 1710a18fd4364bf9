"""The advice given when a rule fired in no scenario or a need was asked for in none: for every shipped rule and
need, it names the right feature file, and each step it suggests is a step of the catalogue, in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safetynet.rules import Rule, RuleBook, ScreeningRule, load_rulebook
from tests.bdd.catalogue import matching
from tests.bdd.unexercised import feature_of, need_advice, needs_message, rule_advice, rules_message

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"Given": "given", "When": "when", "Then": "then", "กำหนดให้": "given", "เมื่อ": "when", "ดังนั้น": "then"}
AND = ("And", "และ")


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rulebook(ROOT / "rules")


def _all_rules(book: RuleBook) -> list[Rule | ScreeningRule]:
    return [*book.rules, *book.screening]


def _suggested_steps(lines: list[str]) -> list[tuple[str, str]]:
    """(kind, text) of each suggested step line ("      Then the plan explains ..."), And taking the last kind."""
    found, kind = [], ""
    for line in lines:
        if not line.startswith("      "):
            continue
        keyword, text = line.strip().split(" ", 1)
        kind = kind if keyword in AND else KINDS[keyword]
        found.append((kind, text.strip()))
    return found


def test_every_suggested_step_is_a_step_of_the_catalogue(book: RuleBook) -> None:
    long_ago = date(2000, 1, 1)  # before every rule is in force: the advice adds a date step too
    lines = [line for r in _all_rules(book) for line in rule_advice(r, long_ago)]
    lines += [line for code in book.needs for line in need_advice(book, code)]
    steps = _suggested_steps(lines)
    assert len(steps) > 3 * (len(book.rules) + len(book.screening))
    wrong = [f"{kind} {text}" for kind, text in steps if len(matching(kind, text)) != 1]
    assert wrong == []


def test_the_advice_names_the_rules_feature_file_which_exists(book: RuleBook) -> None:
    for rule in _all_rules(book):
        assert (ROOT / feature_of(rule.id)).is_file(), rule.id
    assert feature_of("screening.three_tiers.frequent_absence") == "features/screening/three_tiers.feature"


def test_the_messages_say_what_to_write_in_english_and_thai(book: RuleBook) -> None:
    message = rules_message(book, ["housing.poor_home"], date(2026, 6, 15))
    assert message.startswith("1 rule(s) of rules/ fired in no scenario")
    assert "- housing.poor_home (rules/housing.yaml:" in message
    assert "answers housing_repair when: child.age < 18 and household.housing_condition == poor" in message
    assert "      Then the plan explains housing_repair with rule housing.poor_home" in message
    assert "      ดังนั้น แผนอธิบาย housing_repair ด้วยกฎ housing.poor_home" in message
    assert "not in force" not in message
    assert "      Given the date is 2024-01-01" in rules_message(book, ["housing.poor_home"], date(2000, 1, 1))
    message = needs_message(book, ["job_placement"])
    assert "- job_placement (จัดหางานและทุนประกอบอาชีพ / Job placement)" in message
    assert "features/employment.feature" in message
    assert "      กำหนดให้ เด็กต้องการจัดหางานและทุนประกอบอาชีพ" in message


def test_the_guide_shows_the_failure_as_it_is(book: RuleBook) -> None:
    guide = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    head = rules_message(book, ["housing.poor_home"], date(2026, 6, 15)).splitlines()[:2]
    missing = [line for line in head if line not in guide]
    assert missing == [], "docs/scenarios.md shows another message than tests/bdd/unexercised.py writes"
