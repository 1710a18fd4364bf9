"""Rules that can never fire are warned of; the overlap's example is a child that exists; a misspelt place in a
condition gets the closest names; a rule whose service no partner gives is warned of (with the network's codes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safetynet.rules import Offered, check_rules, load_rulebook
from safetynet.rules.conditions import Leaf
from safetynet.rules.witness import witness
from tests.rules.small import error_lines, replace_line

DAY = date(2026, 12, 6)


def _add_rule(directory: Path, name: str, when: str, *, until: str = "", service: str = "child_protection") -> None:
    """Append a protection rule with these conditions (YAML lines under ``when:``, indented 6) to the small folder."""
    text = (
        f"  - id: protection.{name}\n"
        "    title: {th: ทดสอบ, en: Test}\n"
        '    reference: "test fixture"\n'
        "    from: 2024-01-01\n"
        + (f"    until: {until}\n" if until else "")
        + "    need: child_protection\n    when:\n"
        + when
        + f"    then:\n      service: {service}\n      providers:\n        - {{kind: child_shelter, level: province}}\n"
    )
    with (directory / "protection.yaml").open("a", encoding="utf-8") as out:
        out.write(text)


def _warnings(directory: Path, about: str, **kwargs: object) -> list[str]:
    found = check_rules(directory, day=DAY, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in found if p.severity == "warning" and about in p.message]


def test_numbers_that_cannot_meet_never_fire(small_dir: Path) -> None:
    _add_rule(small_dir, "never", "      - child.age < 6\n      - child.age > 12\n")
    assert _warnings(small_dir, "never fire") == [
        f"{small_dir}/protection.yaml:34:5: warning: protection.never can never fire: no child has 'child.age < 6' "
        "and 'child.age > 12'; plans never use it: correct the conditions (a district or subdistrict of the rule's "
        "province, numbers that can meet), or remove the rule"
    ]
    load_rulebook(small_dir)  # a warning: the rules still load


def test_an_age_no_case_has_never_fires(small_dir: Path) -> None:
    _add_rule(small_dir, "adult", "      - child.age > 30\n")  # a case's age is at most 25
    assert len(_warnings(small_dir, "protection.adult can never fire")) == 1


def test_a_district_of_another_province_never_fires(small_dir: Path) -> None:
    _add_rule(small_dir, "elsewhere", "      - child.province == ขอนแก่น\n      - child.district == เกาะคา\n")
    (found,) = _warnings(small_dir, "never fire")
    assert "no child has 'child.province == ขอนแก่น' and 'child.district == เกาะคา'" in found


def test_alternatives_that_all_fail_never_fire_and_one_that_holds_does(small_dir: Path) -> None:
    when = "      - any:\n          - child.age > 40\n          - child.subdistrict == 400101\n"
    _add_rule(small_dir, "none", when + "      - child.district == 5203\n")
    (found,) = _warnings(small_dir, "never fire")
    assert "protection.none can never fire: none of its 2 alternatives can hold (the first: no child has " \
        "'child.age > 40')" in found
    replace_line(small_dir / "protection.yaml", "      - child.district == 5203", "      - child.district == 4001")
    assert _warnings(small_dir, "never fire") == []  # the subdistrict 400101 lies in Mueang Khon Kaen (4001)


def test_a_rule_past_its_until_is_warned_of_at_the_until(small_dir: Path) -> None:
    _add_rule(small_dir, "old", "      - child.age < 18\n", until="2025-06-30")
    assert _warnings(small_dir, "expired") == [
        f"{small_dir}/protection.yaml:33:5: warning: protection.old expired: its last day in force ('until') was "
        "2025-06-30: plans no longer use it; renew it (a later 'until') or remove it"
    ]
    assert _warnings(small_dir, "protection.no_guardian expired") == []  # until 2026-12-31: still in force
    assert len(check_rules(small_dir, day=date(2027, 1, 1))) > len(check_rules(small_dir, day=DAY))


def test_the_overlap_example_is_a_child_that_exists(small_dir: Path) -> None:
    replace_line(small_dir / "protection.yaml", "    priority: 5\n", "")
    replace_line(small_dir / "protection.yaml", "        - child.age < 6", "        - child.district == 5203")
    replace_line(small_dir / "protection.yaml", "      - child.age < 18", "      - child.province == TH-40")
    # Ko Kha (5203) lies in Lampang: no child is in Khon Kaen and Ko Kha; before, the example was that child
    assert not [w for w in _warnings(small_dir, "overlaps") if "5203" in w]
    replace_line(small_dir / "protection.yaml", "        - child.district == 5203", "        - child.district == 4001")
    (found,) = _warnings(small_dir, "overlaps")
    assert "(e.g. child.province TH-40, child.district 4001, household.guardian none)" in found


def test_a_witness_keeps_to_the_places_and_bounds_of_a_case() -> None:
    province, district = Leaf("child.province", "!=", "TH-52", ""), Leaf("child.district", "==", "5203", "")
    assert witness([province, district]) is None
    assert witness([district]) == {"child.district": "5203"}
    assert witness([Leaf("child.age", ">", 25, "")]) is None
    unknown = Leaf("child.age", "unknown", None, "")
    assert witness([unknown]) is None  # every case gives an age
    assert witness([unknown], "survey") == {"child.age": None}  # a survey row may not


def test_a_misspelt_district_gets_the_closest_names_as_the_network_files_do(small_dir: Path) -> None:
    replace_line(small_dir / "protection.yaml", "      - child.age < 18", "      - child.district == อ.เมืองขอนแกน")
    (line,) = error_lines(small_dir)
    assert line.endswith(
        "child.district: no district in the country is named 'อ.เมืองขอนแกน'; closest: Mueang Khon Kaen "
        "(เมืองขอนแก่น, 4001), Mueang Nan (เมืองน่าน, 5501), Mueang Sakon Nakhon (เมืองสกลนคร, 4701), Mueang Nakhon "
        "Phanom (เมืองนครพนม, 4801), Mueang Pan (เมืองปาน, 5213); write one of them, or its DOPA code (4 digits, "
        "e.g. 5203)"
    )


def test_a_rule_whose_service_no_partner_gives_is_warned_of(small_dir: Path) -> None:
    offered = Offered("graph/", {"housing_repair"})
    assert _warnings(small_dir, "no organization", offered=offered) == [
        f"{small_dir}/protection.yaml:{line}:16: warning: protection.{rule}: no organization in graph/ gives service "
        "'child_protection': a need this rule answers falls back to the need's other rules, or goes unmet; add the "
        "service to the partners that give it in graph/, and see which districts it reaches with 'safetynet "
        f"coverage --province P --rules {small_dir}'"
        for line, rule in ((12, "no_guardian"), (26, "young_child"))
    ]
    every = Offered("graph/", {"child_protection", "housing_repair"})
    assert _warnings(small_dir, "no organization", offered=every) == []
    assert _warnings(small_dir, "no organization") == []  # no network given: nothing to say
