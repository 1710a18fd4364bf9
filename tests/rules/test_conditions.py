"""The condition language: three-valued logic, pushing 'not' onto leaves, reasons in words."""

from __future__ import annotations

from safetynet.rules.because import because
from safetynet.rules.conditions import All, AnyOf, Leaf, Not, held, holds, push_not

AGE_UNDER_18 = Leaf("child.age", "<", 18, "child.age < 18")
NO_GUARDIAN = Leaf("household.guardian", "==", "none", "household.guardian == none")
POOR = Leaf("household.housing_condition", "in", ("poor", "dilapidated"), "...")


def facts(**groups: dict[str, object]) -> dict[str, dict[str, object]]:
    return groups


def test_an_unknown_value_makes_a_comparison_unknown_even_under_not() -> None:
    nothing = facts(child={})
    assert holds(AGE_UNDER_18, nothing) is None
    assert holds(Not(AGE_UNDER_18), nothing) is None
    assert holds(Leaf("child.age", "unknown", None, ""), nothing) is True


def test_all_and_any_follow_three_valued_logic() -> None:
    child = facts(child={"age": 12})
    assert holds(All((AGE_UNDER_18, NO_GUARDIAN)), child) is None
    assert holds(AnyOf((AGE_UNDER_18, NO_GUARDIAN)), child) is True
    assert holds(All((Not(AGE_UNDER_18), NO_GUARDIAN)), child) is False


def test_pushing_not_gives_the_same_answers() -> None:
    cond = Not(AnyOf((AGE_UNDER_18, All((NO_GUARDIAN, Not(POOR))))))
    pushed = push_not(cond)
    assert not any(isinstance(c, Not) for c in _walk(pushed))
    for age in (None, 5, 30):
        for guardian in (None, "none", "parents"):
            for housing in (None, "poor", "good"):
                case = facts(
                    child={} if age is None else {"age": age},
                    household={k: v for k, v in (("guardian", guardian), ("housing_condition", housing)) if v},
                )
                assert holds(cond, case) == holds(pushed, case), case


def _walk(cond: object) -> list[object]:
    if isinstance(cond, (All, AnyOf)):
        return [cond, *[c for item in cond.items for c in _walk(item)]]
    if isinstance(cond, Not):
        return [cond, *_walk(cond.item)]
    return [cond]


def test_reasons_name_each_leaf_that_held_with_its_value_in_english_and_thai() -> None:
    case = facts(child={"age": 20}, household={"guardian": "parents", "housing_condition": "poor"})
    cond = push_not(All((Not(AGE_UNDER_18), POOR, Not(NO_GUARDIAN))))
    said = [because(leaf, value) for leaf, value in held(cond, case)]
    assert [s.en for s in said] == [
        "child.age is 20, at least 18",
        "household.housing_condition is poor, one of poor, dilapidated",
        "household.guardian is parents, not none",
    ]
    assert [s.th for s in said] == [
        "อายุ (ปี): 20 (ตั้งแต่ 18)",
        "สภาพที่อยู่อาศัย: ไม่ดี (เป็นหนึ่งใน ไม่ดี, ทรุดโทรม)",
        "ผู้ดูแลหลัก: พ่อแม่ (ไม่ใช่ ไม่มีผู้ดูแล)",
    ]


def test_a_yes_no_fact_a_place_and_an_unknown_one_in_thai() -> None:
    assert because(Leaf("child.has_disability", "==", True, ""), True).th == "มีความพิการ: ใช่"
    assert because(Leaf("child.district", "in", ("5203",), ""), "5203").th == (
        "อำเภอ (รหัส DOPA เช่น 5203): เกาะคา (5203) (เป็นหนึ่งใน เกาะคา (5203))"
    )
    assert because(Leaf("household.guardian", "unknown", None, ""), None) == (
        "ผู้ดูแลหลัก: ไม่ทราบค่า",
        "household.guardian is unknown",
    )


def test_text_equality_ignores_case() -> None:
    leaf = Leaf("child.district", "in", ("Ko Kha",), "")
    assert holds(leaf, facts(child={"district": "KO KHA"})) is True
    assert holds(Leaf("child.district", "==", "เกาะคา", ""), facts(child={"district": "เกาะคา"})) is True
