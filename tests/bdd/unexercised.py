"""What to write when a rule fired in no scenario or a need code was asked for in none.

The failure messages of ``tests/bdd/test_after_features.py``, in English and Thai, for the policy writer who
added the rule or the domain expert who writes its scenario: which rule or need, where it is written, when it
fires, which feature file to add to, and the steps that prove it (taken from the step catalogue).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from safetynet.rules import Rule, RuleBook, ScreeningRule
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf
from tests.rules.books import rule_named

ROOT = Path(__file__).resolve().parents[2]


def condition_text(cond: Condition) -> str:
    """A condition as the policy writer wrote it: ``child.age < 18 and household.housing_condition == poor``."""
    if isinstance(cond, Leaf):
        return cond.text
    if isinstance(cond, All):
        return " and ".join(_grouped(item) for item in cond.items)
    if isinstance(cond, AnyOf):
        return " or ".join(_grouped(item) for item in cond.items)
    return f"not ({condition_text(cond.item)})"


def _grouped(cond: Condition) -> str:
    return condition_text(cond) if isinstance(cond, Leaf) else f"({condition_text(cond)})"


def feature_of(rule_id: str) -> str:
    """The feature of a rule's file: ``housing.poor_home`` -> ``features/housing.feature``."""
    return "features/" + "/".join(rule_id.split(".")[:-1]) + ".feature"


def _shown(path: str) -> str:
    return path.removeprefix(f"{ROOT}{os.sep}")


def _where(rule: Rule | ScreeningRule) -> str:
    return _shown(str(rule.source))


def _date_hint(rule: Rule | ScreeningRule, today: date) -> list[str]:
    if rule.in_force(today):
        return []
    day = rule.effective_from.isoformat()
    return [
        f"  It is not in force on {today}, the scenarios' day unless they say otherwise: add",
        f"      Given the date is {day}",
        f"  กฎนี้ไม่มีผลในวันที่ {today} ซึ่งเป็นวันที่ของเหตุการณ์ถ้าไม่ได้บอกวันที่ไว้: เพิ่ม",
        f"      กำหนดให้ วันนี้คือวันที่ {day}",
    ]


def rule_advice(rule: Rule | ScreeningRule, today: date) -> list[str]:
    """What to write so that ``rule`` fires in a scenario."""
    feature, when = feature_of(rule.id), condition_text(rule.condition) or "always"
    if isinstance(rule, Rule):
        return [
            f"- {rule.id} ({_where(rule)}) answers {rule.need} when: {when}",
            f"  Write a scenario in {feature} whose child meets this and needs {rule.need}, ending with:",
            f"      Then the plan explains {rule.need} with rule {rule.id}",
            f"  เขียนเหตุการณ์ใน {feature} ที่เด็กตรงตามเงื่อนไขนี้และต้องการ {rule.need} แล้วจบด้วย:",
            f"      ดังนั้น แผนอธิบาย {rule.need} ด้วยกฎ {rule.id}",
            *_date_hint(rule, today),
        ]
    return [
        f"- {rule.id} ({_where(rule)}) puts a survey row in tier {rule.tier} when: {when}",
        f"  Write a scenario in {feature} with a survey row R1 that meets this, ending with:",
        "      When the rows are screened",
        f"      Then the screening explains row R1 with rule {rule.id}",
        f"  เขียนเหตุการณ์ใน {feature} ที่มีข้อมูลแบบสำรวจแถว R1 ตรงตามเงื่อนไขนี้ แล้วจบด้วย:",
        "      เมื่อ คัดกรองข้อมูลแบบสำรวจ",
        f"      ดังนั้น การคัดกรองแถว R1 ใช้กฎ {rule.id}",
        *_date_hint(rule, today),
    ]


def rules_message(book: RuleBook, rule_ids: list[str], today: date) -> str:
    folder = _shown(book.directory)
    head = [
        f"{len(rule_ids)} rule(s) of {folder}/ fired in no scenario: every rule needs a scenario that makes it fire "
        "(docs/scenarios.md, 'Rules that no scenario exercises').",
        f"กฎ {len(rule_ids)} ข้อใน {folder}/ ไม่ทำงานในเหตุการณ์ใดเลย: ทุกกฎต้องมีเหตุการณ์ที่ทำให้กฎนั้นทำงาน",
    ]
    return "\n".join([*head, *(line for rule_id in rule_ids for line in rule_advice(rule_named(book, rule_id), today))])


def need_advice(book: RuleBook, code: str) -> list[str]:
    """What to write so that a scenario asks the service for the need ``code``."""
    need = book.needs[code]
    rules = book.rules_for(code)
    feature = feature_of(rules[0].id) if rules else "features/"
    answered = ", ".join(f"{r.id} ({_where(r)})" for r in rules) or "none yet"
    return [
        f"- {code} ({need.label.th} / {need.label.en}); the rules that answer it: {answered}",
        f"  Write a scenario in {feature} in which the child needs it and the CM asks for a plan:",
        f"      Given the child needs {code}",
        "      When the CM asks for a plan",
        f"  เขียนเหตุการณ์ใน {feature} ที่เด็กต้องการสิ่งนี้ และ CM ขอแผนความช่วยเหลือ:",
        f"      กำหนดให้ เด็กต้องการ{need.label.th}",
        "      เมื่อ CM ขอแผนความช่วยเหลือ",
    ]


def needs_message(book: RuleBook, codes: list[str]) -> str:
    needs = f"{_shown(book.directory)}/needs.yaml"
    head = [
        f"{len(codes)} need code(s) of {needs} were asked for by no scenario: no case that the scenarios sent to "
        "POST /v1/plans (and the service accepted) had them.",
        f"ความต้องการ {len(codes)} รหัสใน {needs} ไม่มีเหตุการณ์ใดขอเลย: "
        "ไม่มีเคสใดที่เหตุการณ์ส่งไปยัง POST /v1/plans (และระบบรับไว้) มีความต้องการนี้",
    ]
    return "\n".join([*head, *(line for code in codes for line in need_advice(book, code))])
