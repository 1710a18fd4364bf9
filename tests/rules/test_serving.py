"""Evaluation: every matching rule fires, in a stable order, with the reasons in words."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from safetynet.contract.case import Case
from safetynet.contract.facts import needs_facts
from safetynet.errors import errors_only
from safetynet.rules import Firing, RuleBook, RuleEngine, check_rules, load_rulebook
from safetynet.rules.serving import BATCH, EngineClosed
from tests.rules.facts import case_needs, row
from tests.rules.small import replace_line

ON = date(2026, 3, 1)


@pytest.fixture
def engine(small_book: RuleBook) -> Iterator[RuleEngine]:
    built = RuleEngine(small_book)
    yield built
    built.close()


def ids(firings: list[Firing]) -> list[tuple[str, str]]:
    return [(f.need, f.rule.id) for f in firings]


def test_every_matching_rule_fires_highest_priority_first(engine: RuleEngine) -> None:
    facts = case_needs(age=3, guardian="none", needs=["child_protection"])
    assert ids(engine.evaluate(facts, ON)) == [
        ("child_protection", "protection.young_child"),  # priority 5
        ("child_protection", "protection.no_guardian"),  # priority 0
    ]


def test_results_follow_the_needs_in_input_order(engine: RuleEngine) -> None:
    facts = case_needs(age=12, guardian="none", housing="poor", needs=["child_protection", "housing_repair"])
    assert ids(engine.evaluate(facts, ON)) == [
        ("child_protection", "protection.no_guardian"),
        ("housing_repair", "housing.dilapidated_home"),
    ]


def test_a_case_that_no_rule_matches_gets_an_empty_result(engine: RuleEngine) -> None:
    facts = case_needs(age=20, guardian="parents", housing="good", needs=["housing_repair", "scholarship"])
    assert engine.evaluate(facts, ON) == []
    assert engine.evaluate([], ON) == []


def test_because_says_which_conditions_held_with_the_values(engine: RuleEngine) -> None:
    (firing,) = engine.evaluate(case_needs(age=12, housing="dilapidated", needs=["housing_repair"]), ON)
    assert [b.en for b in firing.because] == [
        "child.age is 12, below 18",
        "household.housing_condition is dilapidated, one of poor, dilapidated",
    ]
    assert [b.th for b in firing.because] == [
        "อายุ (ปี): 12 (น้อยกว่า 18)",
        "สภาพที่อยู่อาศัย: ทรุดโทรม (เป็นหนึ่งใน ไม่ดี, ทรุดโทรม)",
    ]


def test_an_any_whose_two_branches_hold_fires_once_and_explains_both(engine: RuleEngine) -> None:
    firings = engine.evaluate(case_needs(age=3, needs=["child_protection"]), ON)  # guardian unknown
    assert ids(firings) == [("child_protection", "protection.young_child")]
    assert [b.en for b in firings[0].because] == ["child.age is 3, below 6", "household.guardian is unknown"]


def test_a_rule_fires_only_within_its_effective_dates(engine: RuleEngine) -> None:
    facts = case_needs(age=12, guardian="none", needs=["child_protection"])
    assert ids(engine.evaluate(facts, date(2026, 12, 31))) == [("child_protection", "protection.no_guardian")]
    assert engine.evaluate(facts, date(2027, 1, 1)) == []  # until: 2026-12-31
    assert engine.evaluate(facts, date(2023, 12, 31)) == []  # from: 2024-01-01


def test_comparisons_with_an_unknown_value_are_false_even_under_not(small_dir: Path) -> None:
    new = "      - not: child.disability_registered == true"
    replace_line(small_dir / "housing.yaml", "      - child.age < 18", new)
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        unknown = case_needs(age=12, housing="poor", needs=["housing_repair"])
        registered = case_needs(
            age=12, housing="poor", needs=["housing_repair"], disability={"has_disability": True, "registered": False}
        )
        assert engine.evaluate(unknown, ON) == []
        assert ids(engine.evaluate(registered, ON)) == [("housing_repair", "housing.dilapidated_home")]
    finally:
        engine.close()


def test_needs_that_share_their_child_and_household_facts_are_judged_as_if_apart(engine: RuleEngine) -> None:
    facts = case_needs(age=3, guardian="none", housing="poor", needs=["child_protection", "housing_repair"])
    assert facts[0]["child"] is facts[1]["child"]  # needs_facts shares them; the engine cleans each once
    apart = copy.deepcopy(facts)
    assert engine.evaluate(facts, ON) == engine.evaluate(apart, ON)
    assert ids(engine.evaluate(facts, ON)) == [
        ("child_protection", "protection.young_child"),
        ("child_protection", "protection.no_guardian"),
        ("housing_repair", "housing.dilapidated_home"),
    ]
    older = {**facts[1], "child": {**facts[1]["child"], "age": 17}}
    younger = {**facts[0], "child": {**facts[0]["child"], "age": 2}}
    assert [f.because[0].en for f in engine.evaluate([younger, older, facts[1]], ON)] == [
        "child.age is 2, below 6",
        "child.age is 2, below 18",
        "child.age is 17, below 18",
        "child.age is 3, below 18",
    ]


def test_needs_facts_are_the_child_and_household_with_each_need() -> None:
    case = Case.model_validate(
        {
            "case_ref": "T-1",
            "child": {"age": 9, "education_status": "at_risk", "location": {"province": "TH-65"}},
            "needs": [{"code": "housing_repair", "urgent": True}, {"code": "scholarship"}],
        }
    )
    urgency = {"housing_repair": True, "scholarship": False}
    facts = needs_facts(case, urgency)
    assert [f["need"] for f in facts] == [
        {"code": "housing_repair", "urgent": True},
        {"code": "scholarship", "urgent": False},
    ]
    assert facts[0]["child"] is facts[1]["child"]  # built once per case
    assert facts[0]["child"] == {
        "age": 9,
        "education_status": "at_risk",
        "enrolled": True,
        "province": "TH-65",
    }
    assert "household" not in needs_facts(case, urgency)[0]  # nothing known about it


def test_a_firing_names_its_need_as_the_facts_do(engine: RuleEngine) -> None:
    (facts,) = case_needs(age=12, housing="poor", needs=["housing_repair"])
    shouted = {**facts, "need": {**facts["need"], "code": "HOUSING_REPAIR"}}
    assert [f.need for f in engine.evaluate([facts, shouted, facts], ON)] == [
        "housing_repair",
        "HOUSING_REPAIR",
        "housing_repair",
    ]


def test_places_in_conditions_are_read_as_codes_and_compared_with_the_case_s_codes(small_dir: Path) -> None:
    housing = small_dir / "housing.yaml"
    replace_line(housing, "      - child.age < 18", '      - child.district in ["อ.เกาะคา", Mae Tha]')
    (problem,) = errors_only(check_rules(small_dir))
    assert problem.message == (
        "child.district: 'Mae Tha' names 2 districts: 5102 Mae Tha (แม่ทา, TH-51), 5210 Mae Tha (แม่ทะ, TH-52); "
        "write the DOPA code of the one meant"
    )
    replace_line(housing, "Mae Tha]", "แม่ทะ]")
    engine = RuleEngine(load_rulebook(small_dir))
    try:
        facts = case_needs(age=12, housing="poor", needs=["housing_repair"], province="ลำปาง", district="KO KHA")
        (firing,) = engine.evaluate(facts, ON)
        assert firing.because[0].en == "child.district is 5203, one of 5203, 5210"
        other = case_needs(age=12, housing="poor", needs=["housing_repair"], province="TH-52", district="5201")
        assert engine.evaluate(other, ON) == []
    finally:
        engine.close()


def test_screening_takes_the_most_severe_tier_and_every_suggestion(engine: RuleEngine) -> None:
    result = engine.screen(row(age=9, enrolled="false", housing_condition="dilapidated"), ON)
    assert result.risk_tier == "dropped_out"
    assert result.suggested_needs == ("scholarship", "housing_repair")
    assert [r.id for r in result.rules] == ["screening.tiers.not_enrolled", "screening.tiers.dilapidated"]
    assert result.because == (
        "screening.tiers.not_enrolled: child.enrolled is false",
        "screening.tiers.not_enrolled: child.age is 9, at least 6",
        "screening.tiers.dilapidated: household.housing_condition is dilapidated",
    )


def test_a_row_that_no_screening_rule_matches_is_normal(engine: RuleEngine) -> None:
    result = engine.screen(row(age=9, enrolled="true"), ON)
    assert (result.risk_tier, result.suggested_needs, result.rules, result.because) == ("normal", (), (), ())


def test_screen_many_gives_the_same_answers_as_screen_in_order_across_batches(engine: RuleEngine) -> None:
    rows = [
        row(age=i % 20, enrolled=str(i % 3 == 0).lower(), housing_condition=("good", "dilapidated")[i % 2])
        for i in range(BATCH * 2 + 7)
    ]
    assert list(engine.screen_many(rows, ON)) == [engine.screen(r, ON) for r in rows]


def test_a_closed_engine_refuses_work(small_book: RuleBook) -> None:
    engine = RuleEngine(small_book)
    engine.close()
    with pytest.raises(EngineClosed):
        engine.evaluate(case_needs(age=3, needs=["child_protection"]), ON)
    assert engine.registered_rulesets() == ()


def test_the_engine_says_its_version(engine: RuleEngine, small_book: RuleBook) -> None:
    assert engine.version == small_book.version
    assert len(engine.version) >= 12
