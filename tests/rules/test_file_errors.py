"""Every kind of mistake in a rule file is reported at its exact ``path:line:col`` with what to write instead.

Most are one table (``MISTAKES``): each row breaks one line of a copy of tests/fixtures/rules/small and reads
what ``check_rules`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from safetynet.errors import RuleFilesInvalid
from safetynet.rules import check_rules, load_rulebook
from tests.rules.small import SMALL, error_lines, replace_line

Broken = Callable[[str, str, str], list[str]]


def test_the_small_fixture_has_no_errors() -> None:
    assert error_lines(SMALL) == []


#: (file, a line of it, what to write there instead, the error lines ``check_rules`` then prints, the folder left
#: out). An expected line that ends in "..." is the start of a longer one. Values that do not fit their field
#: are worded in plain words with an example, never with pydantic's "String should match pattern".
MISTAKES = [
    pytest.param(
        "housing.yaml",
        "    need: housing_repair",
        "\tneed: housing_repair",
        "housing.yaml:6:1: YAML syntax: found character '\\t' that cannot start any token (indent with "
        "spaces, not tabs)",
        id="yaml_syntax_is_reported_where_it_breaks",
    ),
    pytest.param(
        "housing.yaml",
        '    reference: "test fixture"',
        '    reference: "test fixture"\n    referense: "x"',
        "housing.yaml:5:5: referense: unknown field 'referense'; did you mean 'reference'?",
        id="an_unknown_field_names_the_nearest_valid_one",
    ),
    pytest.param(
        "housing.yaml",
        "      urgent: true",
        "      urgent: yes please",
        "housing.yaml:14:15: then.urgent: 'yes please' is not true or false",
        id="a_wrong_type_is_reported_at_the_value",
    ),
    pytest.param(
        "housing.yaml",
        "  - id: housing.dilapidated_home",
        "  - id: Housing.Dilapidated Home",
        "housing.yaml:2:9: id: 'Housing.Dilapidated Home' is not a rule id: write the file name, a dot, and "
        "a short name in lower case, like housing.dilapidated_home; did you mean 'housing.dilapidated_home'?",
    ),
    pytest.param(
        "housing.yaml",
        "  - id: housing.dilapidated_home",
        "  - id: dilapidated_home",
        "housing.yaml:2:9: id: 'dilapidated_home' is not a rule id: write the file name, a dot, and a short "
        "name in lower case, like housing.dilapidated_home",
    ),
    pytest.param(
        "screening/tiers.yaml",
        "  - id: screening.tiers.not_enrolled",
        "  - id: screening.tiers.not-enrolled",
        "screening/tiers.yaml:2:9: id: 'screening.tiers.not-enrolled' is not a rule id: write the file name, "
        "a dot, and a short name in lower case, like housing.dilapidated_home; did you mean "
        "'screening.tiers.not_enrolled'?",
    ),
    pytest.param(
        "housing.yaml",
        "    need: housing_repair",
        "    need: Housing-Repair",
        "housing.yaml:6:11: need: 'Housing-Repair' is not a need code: write a code of needs.yaml: lower "
        "case letters, digits and _, like housing_repair; did you mean 'housing_repair'?",
    ),
    pytest.param(
        "needs.yaml",
        "  - code: scholarship",
        "  - code: 2scholarship",
        "needs.yaml:7:11: needs.2.code: '2scholarship' is not a need code: write a code of needs.yaml: lower "
        "case letters, digits and _, like housing_repair",
    ),
    pytest.param(
        "housing.yaml",
        "      service: housing_repair",
        "      service: Housing Repair",
        "housing.yaml:11:16: then.service: 'Housing Repair' is not a service code: write a code of "
        "services.yaml: lower case letters, digits and _, like housing_repair; did you mean 'housing_repair'?",
    ),
    pytest.param(
        "housing.yaml",
        "{kind: local_government,",
        "{kind: Local Government,",
        "housing.yaml:13:18: then.providers.0.kind: 'Local Government' is not a kind of organization: write "
        "a kind listed in docs/rules.md, in lower case, like local_government; did you mean "
        "'local_government'?",
    ),
    pytest.param(
        "housing.yaml",
        "      providers:\n        - {kind: local_government, level: subdistrict}",
        "      providers: []",
        "housing.yaml:12:18: then.providers: the list is empty: write at least one provider, like - {kind: "
        "local_government, level: subdistrict}",
    ),
    pytest.param(
        "housing.yaml",
        '    reference: "test fixture"',
        '    reference: "x"',
        "housing.yaml:4:16: reference: 'x' is too short (at least 3 characters): write where the policy "
        'comes from, like "Lampang One Team (seed 003)"',
    ),
    pytest.param(
        "housing.yaml",
        "{th: ซ่อมบ้านทรุดโทรม,",
        "{th: '',",
        "housing.yaml:3:17: title.th: the text is empty: write the label in Thai, up to 300 characters, like "
        "th: ซ่อมแซมที่อยู่อาศัย",
    ),
    pytest.param(
        "housing.yaml",
        "    need: housing_repair",
        "    need: housing_repair\n    priority: high",
        "housing.yaml:7:15: priority: 'high' is not a whole number: write a whole number from -1000 to 1000 "
        "(higher wins), like 10",
    ),
    pytest.param(
        "housing.yaml",
        "term: short, days: 1}",
        "term: short, days: 5000}",
        "housing.yaml:16:66: then.timeline.0.days: 5000 is too large (the most is 3650): write the days "
        "after the referral, a whole number from 0 to 3650, like 3",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: 20240101",
        "housing.yaml:5:11: from: 20240101 is not a day: write it as YYYY-MM-DD, like 2026-01-31",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: 2024-01-01 08:00:00",
        "housing.yaml:5:11: from: write a day without a time, like 2024-01-01",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: 2567-01-01 08:00:00",
        "housing.yaml:5:11: from: write a day without a time; 2567 looks like a Buddhist-era year (พ.ศ.): write "
        "2024-01-01",
        id="a_buddhist_era_day_with_a_time",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: 31/01/2567",
        "housing.yaml:5:11: from: '31/01/2567' is not a day: 2567 looks like a Buddhist-era year (พ.ศ.): write "
        "2024-01-31",
        id="a_thai_day_month_buddhist_year",
    ),
    pytest.param(
        "housing.yaml",
        "      service: housing_repair",
        "      service: [housing_repair]",
        "housing.yaml:11:16: then.service: ['housing_repair'] is not a service code: write a code of "
        "services.yaml: lower case letters, digits and _, like housing_repair",
    ),
    pytest.param(
        "housing.yaml",
        "    then:\n",
        "    then: repair\n    thenx:\n",
        [
            "housing.yaml:10:11: then: 'repair' is not a map: write 'name: value' lines, indented under this one",
            "housing.yaml:11:5: thenx: unknown field 'thenx'; did you mean 'then'?",
        ],
    ),
    pytest.param(
        "housing.yaml",
        "    need: housing_repair",
        "    need: housing_repiar",
        "housing.yaml:6:11: unknown need 'housing_repiar'; did you mean 'housing_repair'? (the needs are "
        "listed in needs.yaml)",
        id="an_unknown_need_code",
    ),
    pytest.param(
        "housing.yaml",
        "      service: housing_repair",
        "      service: housing_fix",
        "housing.yaml:11:16: unknown service 'housing_fix'; did you mean 'housing_repair'? (the services are "
        "listed in services.yaml)",
        id="an_unknown_service_code",
    ),
    pytest.param(
        "housing.yaml",
        "{kind: local_government,",
        "{kind: local_govt,",
        "housing.yaml:13:18: unknown organization kind 'local_govt'; did you mean 'local_government'? (the "
        "organization kinds are listed in docs/rules.md)",
        id="an_unknown_organization_kind",
    ),
    pytest.param(
        "screening/tiers.yaml",
        "suggest: [scholarship]",
        "suggest: [scholarshp]",
        "screening/tiers.yaml:11:17: unknown need 'scholarshp'; did you mean 'scholarship'? (the needs are "
        "listed in needs.yaml)",
        id="an_unknown_need_in_a_screening_suggestion",
    ),
    pytest.param(
        "screening/tiers.yaml",
        "tier: dropped_out",
        "tier: droped_out",
        "screening/tiers.yaml:10:13: then.tier: 'droped_out' is not one of: normal, at_risk, dropped_out; "
        "did you mean 'dropped_out'?",
        id="an_unknown_risk_tier",
    ),
    pytest.param(
        "protection.yaml",
        "  - id: protection.young_child",
        "  - id: protection.no_guardian",
        "protection.yaml:15:9: id 'protection.no_guardian' is already used at protection.yaml:2:5: give each "
        "rule its own id",
        id="a_duplicate_id_points_at_the_first_one",
    ),
    pytest.param(
        "housing.yaml",
        "  - id: housing.dilapidated_home",
        "  - id: housing2.dilapidated_home",
        "housing.yaml:2:9: id 'housing2.dilapidated_home' does not follow its file: ids in this file start "
        "with 'housing.'; write 'housing.dilapidated_home'",
        id="an_id_that_does_not_follow_its_file",
    ),
    pytest.param(
        "protection.yaml",
        "    until: 2026-12-31",
        "    until: 2023-12-31",
        "protection.yaml:6:12: until (2023-12-31) is before from (2024-01-01): the rule would never be in "
        "force; fix one of the two days",
        id="until_before_from",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: 2024-13-01",
        "housing.yaml:5:11: '2024-13-01' is not a valid value (month must be in 1..12): write a real day, "
        "like 2026-01-31",
        id="a_day_that_does_not_exist",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - child.agee < 18",
        "housing.yaml:8:9: unknown field 'child.agee'; did you mean 'child.age'?",
        id="a_condition_on_a_field_no_case_has",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - child.days_absent > 3",
        "housing.yaml:8:9: child.days_absent is given only in survey rows, never to need rules: use one of "
        "child.age, ...",
        id="a_need_rule_cannot_read_a_survey_only_field",
    ),
    pytest.param(
        "screening/tiers.yaml",
        "      - child.enrolled == false",
        "      - child.education_status == x",
        "screening/tiers.yaml:7:9: child.education_status is given only in cases, never to screening...",
        id="a_screening_rule_cannot_read_a_case_only_field",
    ),
    pytest.param(
        "housing.yaml",
        "[poor, dilapidated]",
        "[poor, dilapidted]",
        "housing.yaml:9:47: 'dilapidted' is not a value of household.housing_condition; did you mean "
        "'dilapidated'? (values: dilapidated, good, poor)",
        id="a_misspelt_value_points_at_the_word_inside_the_condition",
    ),
    pytest.param(
        "housing.yaml",
        "[poor, dilapidated]",
        "[poor, ทรุดโทรม]",
        "housing.yaml:9:47: 'ทรุดโทรม' is not a value of household.housing_condition; did you mean "
        "'dilapidated'? (values: dilapidated, good, poor)",
        id="a_value_written_as_the_surveys_thai_word_points_at_its_code",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - child.sex == F",
        "housing.yaml:8:22: 'F' is not a value of child.sex; did you mean 'female'? (values: female, male, other, "
        "unknown)",
        id="a_value_written_as_the_surveys_capital_letter_points_at_its_code_as_the_small_one_does",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - need.code == housing",
        "housing.yaml:8:22: 'housing' is not a value of need.code; did you mean 'housing_repair'? (values: "
        "child_protection, housing_repair, scholarship)",
        id="a_need_code_in_a_condition_is_checked_against_the_catalogue",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - child.age => 18",
        "housing.yaml:8:19: operator '=>' is not known: write '>='",
        id="an_unknown_operator_says_which_to_write",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - 'child.age < eighteen'",
        "housing.yaml:8:22: child.age is a whole number (age in years), not 'eighteen'",
        id="a_number_field_needs_a_number_even_in_quotes",
    ),
    pytest.param(
        "housing.yaml",
        "      - household.housing_condition in [poor, dilapidated]",
        "        - household.housing_condition in [poor, dilapidated]",
        "housing.yaml:8:9: 'child.age < 18 - household.housing_condition in [poor, dilapidated]' is two conditions "
        "read as one: the '- household.housing_condition' line is indented more than the line above, which joins "
        "them; start every '- ' of the list in the same column",
        id="a_condition_indented_under_the_one_above_is_not_read_as_its_value",
    ),
    pytest.param(
        "housing.yaml",
        "      - child.age < 18",
        "      - household.guardian < 3",
        "housing.yaml:8:28: '<' compares numbers, and household.guardian is not a number: use == or in [...]",
        id="ordering_a_choice_field_is_refused",
    ),
    pytest.param(
        "protection.yaml",
        "        - not: household.guardian is known",
        "        - nope: x is known",
        "protection.yaml:24:11: unknown group 'nope' (use all:, any: or not:)",
        id="an_unknown_group_word",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: &day 2024-01-01\n    until: *day",
        "housing.yaml:6:12: aliases ('*day') are not allowed: write the value out in full",
        id="yaml_aliases_are_refused",
    ),
    pytest.param(
        "housing.yaml",
        "    from: 2024-01-01",
        "    from: !!python/object/apply:os.system [x]",
        "housing.yaml:5:11: custom tag '!!python/object/apply:os.system' is not allowed: remove it and write "
        "a plain value",
        id="custom_tags_are_refused_and_nothing_is_executed",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), MISTAKES)
def test_a_mistake_is_reported_at_its_place_with_what_to_write(  # noqa: PLR0917 - the fixtures and one case
    broken: Broken, small_dir: Path, file: str, old: str, new: str, expected: str | list[str]
) -> None:
    found = [line.replace(f"{small_dir}/", "") for line in broken(file, old, new)]
    wanted = [expected] if isinstance(expected, str) else expected
    assert len(found) == len(wanted), found
    for line, want in zip(found, wanted, strict=True):
        assert line.startswith(want.removesuffix("...")) if want.endswith("...") else line == want


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


def test_a_relative_folder_that_is_not_there_says_where_it_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a command run outside the repository: the default `rules` is not here
    (problem,) = check_rules(Path("rules"))
    assert str(problem) == (
        f"rules:1:1: no such folder in {tmp_path}: give the folder that holds needs.yaml (or set SAFETYNET_RULES_DIR)"
    )
