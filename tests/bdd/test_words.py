"""The scenario vocabulary (Thai and English words → codes) and the unexercised-rules report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from safetynet.rules import load_rulebook
from tests.bdd import words
from tests.bdd.rule_coverage import RuleCoverage, unexercised

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "rules" / "small"


def test_the_test_layer_keeps_no_list_of_places() -> None:
    """Scenarios' places go to the service as written, through the gazetteer like everyone's."""
    assert not hasattr(words, "PLACES")
    assert not hasattr(words, "PROVINCES")
    assert not hasattr(words, "place")


def test_survey_columns_and_values_are_the_products_own() -> None:
    from safetynet.datafiles.surveyrow import THAI_COLUMNS, THAI_VALUES

    assert words.HEADINGS.items() >= THAI_COLUMNS.items()
    assert words.VALUES["guardian"] == THAI_VALUES["guardian"]


def test_values_in_thai_or_as_codes() -> None:
    assert words.value("housing_condition", "ทรุดโทรม") == "dilapidated"
    assert words.value("tier", "dropped_out") == "dropped_out"
    assert words.yes_no("ใช่") is True
    assert words.yes_no("No") is False
    with pytest.raises(words.UnknownWord, match="write one of: good, poor, dilapidated"):
        words.value("housing_condition", "broken")


def test_a_buddhist_era_date_is_read_as_the_same_day() -> None:
    assert words.moment("2569-06-15", "10:30") == datetime(2026, 6, 15, 10, 30, tzinfo=words.THAILAND)
    with pytest.raises(words.UnknownWord, match="YYYY-MM-DD"):
        words.moment("15/06/2026", None)


def test_lists_split_on_commas_and_and() -> None:
    assert words.split_list("a, b และ c") == ["a", "b", "c"]
    assert words.split_list("a and b") == ["a", "b"]
    assert words.split_list("วัสดุอุปกรณ์การเรียนและของใช้จำเป็น") == ["วัสดุอุปกรณ์การเรียนและของใช้จำเป็น"]


def test_table_headings_in_thai_and_unknown_columns() -> None:
    rows = words.table_rows([["รหัส", "age"], ["R1", "12"]], ("case_ref", "age"))
    assert rows == [{"case_ref": "R1", "age": "12"}]
    with pytest.raises(words.UnknownWord, match="unknown column 'agee'; did you mean 'age'"):
        words.table_rows([["agee"], ["12"]], ("case_ref", "age"))


def test_the_report_lists_the_rules_that_never_fired() -> None:
    book = load_rulebook(SMALL)
    missing = unexercised(book, ["housing.dilapidated_home", "screening.tiers.dilapidated"])
    assert [rule_id for rule_id, _ in missing] == [
        "protection.no_guardian",
        "protection.young_child",
        "screening.tiers.not_enrolled",
    ]
    assert missing[0][1].startswith("tests/fixtures/rules/small/protection.yaml:")
    coverage = RuleCoverage(book=book)
    coverage.record_plan({"items": [{"rules": [{"id": "housing.dilapidated_home"}]}]})
    assert coverage.fired == set(), "a plan made outside a scenario (another test driving the steps) is not counted"
    coverage.pytest_bdd_before_scenario()
    coverage.record_plan({"items": [{"rules": [{"id": "protection.no_guardian"}]}]})
    assert coverage.lines() == [], "nothing is reported before a scenario ran"
    coverage.pytest_bdd_after_scenario()
    lines = coverage.lines()
    assert lines[0].startswith("safetynet: 4 of 5 rules exercised by no scenario (1 scenarios ran;")
    assert lines[1].startswith("  housing.dilapidated_home  (tests/fixtures/rules/small/housing.yaml:")
