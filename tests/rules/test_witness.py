"""``rules/witness.py`` restates which facts every case gives (a need rule never sees them unknown): the contract's
case is the source of truth, and this test ties the two together."""

from __future__ import annotations

from safetynet.contract.case import Case
from safetynet.contract.facts import needs_facts
from safetynet.rules.witness import ALWAYS_GIVEN


def test_the_facts_never_unknown_to_a_need_rule_are_those_of_the_least_case() -> None:
    least = Case.model_validate(
        {
            "case_ref": "R-1",
            "child": {"age": 10, "education_status": "in_school", "location": {"province": "TH-52"}},
            "needs": [{"code": "housing_repair"}],
        }
    )
    facts = needs_facts(least, {"housing_repair": False})[0]
    assert {f"{group}.{name}" for group, values in facts.items() for name in values} == ALWAYS_GIVEN["case"]
