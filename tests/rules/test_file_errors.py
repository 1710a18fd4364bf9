"""Every kind of mistake in a rule file is reported at its exact ``path:line:col`` with what to write instead.

Each test breaks one line of a copy of tests/fixtures/rules/small and reads what ``check_rules`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from safetynet.errors import RuleFilesInvalid
from safetynet.rules import check_rules, load_rulebook

from .conftest import SMALL, error_lines, replace_line

Broken = Callable[[str, str, str], list[str]]


def test_the_small_fixture_has_no_errors() -> None:
    assert error_lines(SMALL) == []


def test_yaml_syntax_is_reported_where_it_breaks(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "    need: housing_repair", "\tneed: housing_repair") == [
        f"{small_dir}/housing.yaml:6:1: YAML syntax: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)"
    ]


def test_an_unknown_field_names_the_nearest_valid_one(broken: Broken, small_dir: Path) -> None:
    lines = broken("housing.yaml", '    reference: "test fixture"', '    reference: "test fixture"\n    referense: "x"')
    assert lines == [f"{small_dir}/housing.yaml:5:5: referense: unknown field 'referense'; did you mean 'reference'?"]


def test_a_wrong_type_is_reported_at_the_value(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      urgent: true", "      urgent: yes please") == [
        f"{small_dir}/housing.yaml:14:15: then.urgent: 'yes please' is not true or false"
    ]


# Values that do not fit their field: plain words and an example, never pydantic's "String should match pattern".
@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "housing.yaml",
            "  - id: housing.dilapidated_home",
            "  - id: Housing.Dilapidated Home",
            "housing.yaml:2:9: id: 'Housing.Dilapidated Home' is not a rule id: write the file name, a dot, and a "
            "short name in lower case, like housing.dilapidated_home; did you mean 'housing.dilapidated_home'?",
        ),
        (
            "housing.yaml",
            "  - id: housing.dilapidated_home",
            "  - id: dilapidated_home",
            "housing.yaml:2:9: id: 'dilapidated_home' is not a rule id: write the file name, a dot, and a short name "
            "in lower case, like housing.dilapidated_home",
        ),
        (
            "screening/tiers.yaml",
            "  - id: screening.tiers.not_enrolled",
            "  - id: screening.tiers.not-enrolled",
            "screening/tiers.yaml:2:9: id: 'screening.tiers.not-enrolled' is not a rule id: write the file name, a "
            "dot, and a short name in lower case, like housing.dilapidated_home; did you mean "
            "'screening.tiers.not_enrolled'?",
        ),
        (
            "housing.yaml",
            "    need: housing_repair",
            "    need: Housing-Repair",
            "housing.yaml:6:11: need: 'Housing-Repair' is not a need code: write a code of needs.yaml: lower case "
            "letters, digits and _, like housing_repair; did you mean 'housing_repair'?",
        ),
        (
            "needs.yaml",
            "  - code: scholarship",
            "  - code: 2scholarship",
            "needs.yaml:7:11: needs.2.code: '2scholarship' is not a need code: write a code of needs.yaml: lower "
            "case letters, digits and _, like housing_repair",
        ),
        (
            "housing.yaml",
            "      service: housing_repair",
            "      service: Housing Repair",
            "housing.yaml:11:16: then.service: 'Housing Repair' is not a service code: write a code of "
            "services.yaml: lower case letters, digits and _, like housing_repair; did you mean 'housing_repair'?",
        ),
        (
            "housing.yaml",
            "{kind: local_government,",
            "{kind: Local Government,",
            "housing.yaml:13:18: then.providers.0.kind: 'Local Government' is not a kind of organization: write a "
            "kind listed in docs/rules.md, in lower case, like local_government; did you mean 'local_government'?",
        ),
        (
            "housing.yaml",
            "      providers:\n        - {kind: local_government, level: subdistrict}",
            "      providers: []",
            "housing.yaml:12:18: then.providers: the list is empty: write at least one provider, like "
            "- {kind: local_government, level: subdistrict}",
        ),
        (
            "housing.yaml",
            '    reference: "test fixture"',
            '    reference: "x"',
            "housing.yaml:4:16: reference: 'x' is too short (at least 3 characters): write where the policy comes "
            'from, like "Lampang One Team (seed 003)"',
        ),
        (
            "housing.yaml",
            "{th: ซ่อมบ้านทรุดโทรม,",
            "{th: '',",
            "housing.yaml:3:17: title.th: the text is empty: write the label in Thai, up to 300 characters, "
            "like th: ซ่อมแซมที่อยู่อาศัย",
        ),
        (
            "housing.yaml",
            "    need: housing_repair",
            "    need: housing_repair\n    priority: high",
            "housing.yaml:7:15: priority: 'high' is not a whole number: write a whole number from -1000 to 1000 "
            "(higher wins), like 10",
        ),
        (
            "housing.yaml",
            "term: short, days: 1}",
            "term: short, days: 5000}",
            "housing.yaml:16:66: then.timeline.0.days: 5000 is too large (the most is 3650): write the days after "
            "the referral, a whole number from 0 to 3650, like 3",
        ),
        (
            "housing.yaml",
            "    from: 2024-01-01",
            "    from: 20240101",
            "housing.yaml:5:11: from: 20240101 is not a day: write it as YYYY-MM-DD, like 2026-01-31",
        ),
        (
            "housing.yaml",
            "    from: 2024-01-01",
            "    from: 2024-01-01 08:00:00",
            "housing.yaml:5:11: from: write a day without a time, like 2024-01-01",
        ),
        (
            "housing.yaml",
            "      service: housing_repair",
            "      service: [housing_repair]",
            "housing.yaml:11:16: then.service: ['housing_repair'] is not a service code: write a code of "
            "services.yaml: lower case letters, digits and _, like housing_repair",
        ),
        (
            "housing.yaml",
            "    then:\n",
            "    then: repair\n    thenx:\n",
            "housing.yaml:10:11: then: 'repair' is not a map: write 'name: value' lines, indented under this one",
        ),
    ],
)
def test_a_value_that_does_not_fit_says_how_to_write_it(  # noqa: PLR0917 - the fixtures and one case
    broken: Broken, small_dir: Path, file: str, old: str, new: str, expected: str
) -> None:
    assert f"{small_dir}/{expected}" in broken(file, old, new)


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "housing.yaml",
            "rules: []\n",
            "housing.yaml:1:8: rules: the list is empty: write at least one rule under 'rules:', each starting "
            "with '- id: ...'",
        ),
        (
            "screening/tiers.yaml",
            "rules:\n",
            "screening/tiers.yaml:1:7: rules: an empty value is not a list: write at least one rule under "
            "'rules:', each starting with '- id: ...'",
        ),
        (
            "needs.yaml",
            "needs: []\n",
            "needs.yaml:1:8: needs: the list is empty: write at least one need under 'needs:', each starting with "
            "'- code: ...'",
        ),
        (
            "services.yaml",
            "services: []\n",
            "services.yaml:1:11: services: the list is empty: write at least one service under 'services:', each "
            "starting with '- code: ...'",
        ),
    ],
)
def test_an_empty_list_says_what_goes_in_it(small_dir: Path, file: str, text: str, expected: str) -> None:
    (small_dir / file).write_text(text, encoding="utf-8")
    assert f"{small_dir}/{expected}" in error_lines(small_dir)


def test_an_unknown_need_code(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "    need: housing_repair", "    need: housing_repiar") == [
        f"{small_dir}/housing.yaml:6:11: unknown need 'housing_repiar'; did you mean 'housing_repair'? "
        "(the needs are listed in needs.yaml)"
    ]


def test_an_unknown_service_code(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      service: housing_repair", "      service: housing_fix") == [
        f"{small_dir}/housing.yaml:11:16: unknown service 'housing_fix'; did you mean 'housing_repair'? "
        "(the services are listed in services.yaml)"
    ]


def test_an_unknown_organization_kind(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "{kind: local_government,", "{kind: local_govt,") == [
        f"{small_dir}/housing.yaml:13:18: unknown organization kind 'local_govt'; did you mean 'local_government'? "
        "(the organization kinds are listed in docs/rules.md)"
    ]


def test_an_unknown_need_in_a_screening_suggestion(broken: Broken, small_dir: Path) -> None:
    assert broken("screening/tiers.yaml", "suggest: [scholarship]", "suggest: [scholarshp]") == [
        f"{small_dir}/screening/tiers.yaml:11:17: unknown need 'scholarshp'; did you mean 'scholarship'? "
        "(the needs are listed in needs.yaml)"
    ]


def test_an_unknown_risk_tier(broken: Broken, small_dir: Path) -> None:
    assert broken("screening/tiers.yaml", "tier: dropped_out", "tier: droped_out") == [
        f"{small_dir}/screening/tiers.yaml:10:13: then.tier: 'droped_out' is not one of: normal, at_risk, "
        "dropped_out; did you mean 'dropped_out'?"
    ]


def test_a_duplicate_id_points_at_the_first_one(broken: Broken, small_dir: Path) -> None:
    assert broken("protection.yaml", "  - id: protection.young_child", "  - id: protection.no_guardian") == [
        f"{small_dir}/protection.yaml:15:9: id 'protection.no_guardian' is already used at "
        f"{small_dir}/protection.yaml:2:5: give each rule its own id"
    ]


def test_an_id_that_does_not_follow_its_file(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "  - id: housing.dilapidated_home", "  - id: housing2.dilapidated_home") == [
        f"{small_dir}/housing.yaml:2:9: id 'housing2.dilapidated_home' does not follow its file: ids in this "
        "file start with 'housing.'; write 'housing.dilapidated_home'"
    ]


def test_until_before_from(broken: Broken, small_dir: Path) -> None:
    assert broken("protection.yaml", "    until: 2026-12-31", "    until: 2023-12-31") == [
        f"{small_dir}/protection.yaml:6:12: until (2023-12-31) is before from (2024-01-01): the rule would "
        "never be in force; fix one of the two days"
    ]


def test_a_day_that_does_not_exist(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "    from: 2024-01-01", "    from: 2024-13-01") == [
        f"{small_dir}/housing.yaml:5:11: '2024-13-01' is not a valid value (month must be in 1..12): write a real day, "
        "like 2026-01-31"
    ]


def test_a_condition_on_a_field_no_case_has(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      - child.age < 18", "      - child.agee < 18") == [
        f"{small_dir}/housing.yaml:8:9: unknown field 'child.agee'; did you mean 'child.age'?"
    ]


def test_a_need_rule_cannot_read_a_survey_only_field(broken: Broken, small_dir: Path) -> None:
    (line,) = broken("housing.yaml", "      - child.age < 18", "      - child.days_absent > 3")
    assert line.startswith(
        f"{small_dir}/housing.yaml:8:9: child.days_absent is given only in survey rows, never to need rules: "
        "use one of child.age, "
    )


def test_a_screening_rule_cannot_read_a_case_only_field(broken: Broken, small_dir: Path) -> None:
    (line,) = broken("screening/tiers.yaml", "      - child.enrolled == false", "      - child.education_status == x")
    assert line.startswith(
        f"{small_dir}/screening/tiers.yaml:7:9: child.education_status is given only in cases, never to screening"
    )


def test_a_misspelt_value_points_at_the_word_inside_the_condition(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "[poor, dilapidated]", "[poor, dilapidted]") == [
        f"{small_dir}/housing.yaml:9:47: 'dilapidted' is not a value of household.housing_condition; did you "
        "mean 'dilapidated'? (values: dilapidated, good, poor)"
    ]


def test_a_need_code_in_a_condition_is_checked_against_the_catalogue(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      - child.age < 18", "      - need.code == housing") == [
        f"{small_dir}/housing.yaml:8:22: 'housing' is not a value of need.code; did you mean 'housing_repair'? "
        "(values: child_protection, housing_repair, scholarship)"
    ]


def test_an_unknown_operator_says_which_to_write(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      - child.age < 18", "      - child.age => 18") == [
        f"{small_dir}/housing.yaml:8:19: operator '=>' is not known: write '>='"
    ]


def test_a_number_field_needs_a_number_even_in_quotes(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      - child.age < 18", "      - 'child.age < eighteen'") == [
        f"{small_dir}/housing.yaml:8:22: child.age is a whole number (age in years), not 'eighteen'"
    ]


def test_ordering_a_choice_field_is_refused(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "      - child.age < 18", "      - household.guardian < 3") == [
        f"{small_dir}/housing.yaml:8:28: '<' compares numbers, and household.guardian is not a number: "
        "use == or in [...]"
    ]


def test_an_unknown_group_word(broken: Broken, small_dir: Path) -> None:
    assert broken("protection.yaml", "        - not: household.guardian is known", "        - nope: x is known") == [
        f"{small_dir}/protection.yaml:24:11: unknown group 'nope' (use all:, any: or not:)"
    ]


def test_yaml_aliases_are_refused(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "    from: 2024-01-01", "    from: &day 2024-01-01\n    until: *day") == [
        f"{small_dir}/housing.yaml:6:12: aliases ('*day') are not allowed: write the value out in full"
    ]


def test_custom_tags_are_refused_and_nothing_is_executed(broken: Broken, small_dir: Path) -> None:
    assert broken("housing.yaml", "    from: 2024-01-01", "    from: !!python/object/apply:os.system [x]") == [
        f"{small_dir}/housing.yaml:5:11: custom tag '!!python/object/apply:os.system' is not allowed: remove it "
        "and write a plain value"
    ]


def test_files_over_one_mebibyte_are_refused(small_dir: Path) -> None:
    path = small_dir / "housing.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" * (1 << 20) + "\n", encoding="utf-8")
    (line,) = error_lines(small_dir)
    assert line.startswith(f"{path}:1:1: file is ")
    assert "the limit is 1,048,576 bytes (1 MiB): split it into smaller files" in line


def test_a_missing_catalogue(small_dir: Path) -> None:
    (small_dir / "services.yaml").unlink()
    assert f"{small_dir}/services.yaml:1:1: services.yaml is missing: every rules folder has one" in error_lines(
        small_dir
    )


def test_one_bad_rule_does_not_hide_the_errors_of_others(small_dir: Path) -> None:
    replace_line(small_dir / "housing.yaml", "    need: housing_repair", "    need: housing_repiar")
    replace_line(small_dir / "protection.yaml", "    until: 2026-12-31", "    until: 2023-12-31")
    lines = error_lines(small_dir)
    assert [line.split(": ")[0] for line in lines] == [
        f"{small_dir}/housing.yaml:6:11",
        f"{small_dir}/protection.yaml:6:12",
    ]


def test_load_rulebook_raises_with_every_problem(small_dir: Path) -> None:
    replace_line(small_dir / "housing.yaml", "    need: housing_repair", "    need: housing_repiar")
    with pytest.raises(RuleFilesInvalid) as caught:
        load_rulebook(small_dir)
    assert [p.line for p in caught.value.problems if p.severity == "error"] == [6]


def test_check_rules_never_raises_for_a_missing_folder(tmp_path: Path) -> None:
    (problem,) = check_rules(tmp_path / "nowhere")
    assert problem.message.startswith("no such folder")
