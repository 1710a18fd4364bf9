"""Every file in rules/ is valid; the demo rules answer every need and cite the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.errors import errors_only
from safetynet.rules import RuleEngine, check_rules, load_rulebook
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


def test_every_rule_cites_a_seed_and_uses_known_provider_kinds() -> None:
    book = load_rulebook(RULES)
    for rule in [*book.rules, *book.screening]:
        assert "seed 00" in rule.reference, rule.id
    for rule in book.rules:
        assert {p.kind for p in rule.outcome.providers} <= set(ORGANIZATION_KINDS), rule.id


def test_the_demo_rules_say_what_the_seeds_say() -> None:
    book = load_rulebook(RULES)
    engine = RuleEngine(book)
    on = date(2026, 1, 15)
    try:
        def fired(need: str, **child: object) -> list[str]:
            household = child.pop("household", {})
            facts = {"child": child, "household": household, "need": {"code": need, "urgent": False}}
            return [f.rule.id for f in engine.evaluate([facts], on)]

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
        assert fired("scholarship", age=12, province="th-40", education_status="in_school")[0] == (
            "scholarship.khon_kaen_ten_baht_fund"
        )
        tier = engine.screen({"child": {"age": 16, "enrolled": False}}, on)
        assert tier.risk_tier == "dropped_out"
        assert set(tier.suggested_needs) >= {"non_formal_education", "vocational_training"}
    finally:
        engine.close()
