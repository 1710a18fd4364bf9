"""Every file in rules/ is valid; the demo rules answer every need and cite the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safetynet.contract.facts import Facts
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.errors import errors_only
from safetynet.rules import RuleEngine, check_rules, load_rulebook
from safetynet.rules.conditions import All
from tests.rules.books import need_rule

RULES = Path(__file__).resolve().parents[1] / "rules"
CONTRACT_NEEDS = {
    "housing_repair", "disability_allowance_registration", "vocational_training", "return_to_school",
    "non_formal_education", "early_childhood_education", "scholarship", "medical_treatment",
    "child_protection", "learning_supplies", "job_placement",
}
SERVICES = {
    "housing_repair", "disability_registration", "vocational_training", "school_enrolment",
    "monastic_school_placement", "welfare_school_placement", "non_formal_enrolment", "early_childhood_enrolment",
    "scholarship", "medical_care", "child_protection", "learning_supplies", "job_placement",
}


def test_the_shipped_rules_have_no_errors() -> None:
    problems = check_rules(RULES)
    for warning in problems:
        print(warning)  # listed with -s: the gap/overlap analysis of the shipped rules
    assert errors_only(problems) == []


def test_every_contract_need_is_in_the_catalogue_and_answered_by_a_rule() -> None:
    book = load_rulebook(RULES)
    assert set(book.needs) >= CONTRACT_NEEDS
    assert {r.need for r in book.rules} >= CONTRACT_NEEDS
    assert set(book.services) == SERVICES


def test_every_rule_cites_a_seed_or_is_a_baseline_and_uses_known_provider_kinds() -> None:
    book = load_rulebook(RULES)
    for rule in [*book.rules, *book.screening]:
        assert "seed 00" in rule.reference or rule.id.endswith(".baseline"), rule.id
        assert "The from date" in rule.reference or rule.id.startswith("screening."), rule.id
    for rule in book.rules:
        assert {p.kind for p in rule.outcome.providers} <= set(ORGANIZATION_KINDS), rule.id


def test_every_need_has_one_baseline_rule_of_the_lowest_priority_that_says_so() -> None:
    book = load_rulebook(RULES)
    for need in book.needs:
        rules = book.rules_for(need)
        (baseline,) = [r for r in rules if r.id.endswith(".baseline")]
        assert baseline.condition == All(()), f"{baseline.id}: a baseline has no condition"
        assert baseline.title.en.startswith("Baseline: "), baseline.id
        assert baseline.title.th.startswith("พื้นฐาน: "), baseline.id
        assert baseline.priority < min(r.priority for r in rules if r is not baseline), baseline.id
        assert baseline.in_force(date(2024, 1, 1))
        assert baseline.until is None
        assert book.services[baseline.outcome.service].needs, baseline.id
        assert need in book.services[baseline.outcome.service].needs, baseline.id


def test_the_shipped_rules_answer_every_need_for_any_child() -> None:
    book = load_rulebook(RULES)
    engine = RuleEngine(book)
    on = date(2026, 1, 15)
    statuses = ("in_school", "at_risk", "dropped_out", "never_enrolled")
    guardians = (None, "parents", "grandparents", "relatives", "none")
    try:
        facts: list[Facts] = [
            {
                "child": {"age": age, "education_status": status},
                "household": {"guardian": guardian} if guardian else {},
                "need": {"code": need, "urgent": False},
            }
            for need in sorted(book.needs)
            for age in range(0, 26, 3)
            for status in statuses
            for guardian in guardians
        ]
        answered = {f.need for f in engine.evaluate(facts, on)}
        assert answered == set(book.needs)
        unanswered = []
        for one in facts:
            if not engine.evaluate([one], on):
                unanswered.append(one)
        assert unanswered == []
    finally:
        engine.close()


def test_the_demo_rules_say_what_the_seeds_say() -> None:
    book = load_rulebook(RULES)
    engine = RuleEngine(book)
    on = date(2026, 1, 15)
    try:
        def fired(need: str, household: dict[str, str] | None = None, **child: object) -> list[str]:
            facts: Facts = {"child": child, "household": household or {}, "need": {"code": need, "urgent": False}}
            return [f.rule.id for f in engine.evaluate([facts], on) if not f.rule.id.endswith(".baseline")]

        assert fired("early_childhood_education", age=4, education_status="never_enrolled") == [
            "early_childhood.never_enrolled"
        ]
        assert fired("non_formal_education", age=17, education_status="dropped_out") == [
            "nonformal.out_of_school_youth"
        ]
        assert fired("child_protection", age=10, household={"guardian": "none"}) == ["protection.no_guardian"]
        assert need_rule(book, "protection.no_guardian").outcome.urgent is True
        assert fired("return_to_school", age=14, sex="male", education_status="dropped_out")[0] == (
            "education.monastic_school"
        )
        assert fired("scholarship", age=12, province="TH-40", education_status="in_school")[0] == (
            "scholarship.khon_kaen_ten_baht_fund"
        )
        tier = engine.screen({"child": {"age": 16, "enrolled": False}}, on)
        assert tier.risk_tier == "dropped_out"
        assert set(tier.suggested_needs) >= {"non_formal_education", "vocational_training"}
    finally:
        engine.close()


def test_eef_s_income_test_is_per_member_of_the_household() -> None:
    engine = RuleEngine(load_rulebook(RULES))
    on = date(2026, 1, 15)
    try:
        def eef(**household: int) -> bool:
            facts: Facts = {
                "child": {"age": 12, "education_status": "in_school", "province": "TH-65"},
                "household": household,
                "need": {"code": "scholarship", "urgent": False},
            }
            return "scholarship.equitable_education_fund" in [f.rule.id for f in engine.evaluate([facts], on)]

        assert eef(income_monthly=9000, members=3, income_per_member=3000)
        assert not eef(income_monthly=9003, members=3, income_per_member=3001)
        assert eef(income_monthly=3000)  # members unknown: 3,000 in all is at most 3,000 each
        assert not eef(income_monthly=4000)
    finally:
        engine.close()
