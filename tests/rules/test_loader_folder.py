"""Nothing in rules/ passes unnoticed: a rule file where the loader does not look is an error, not ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safetynet.errors import RuleFilesInvalid
from safetynet.rules import check_rules, load_rulebook
from tests.rules.small import SMALL

NOT_READ = "this file is not read: rule files go directly in rules/ or in rules/screening/; move it there"


def lines(directory: Path) -> list[str]:
    return [str(p) for p in check_rules(directory)]


def test_a_rule_file_in_another_folder_is_an_error(small_dir: Path) -> None:
    (small_dir / "provinces").mkdir()
    shutil.copy(SMALL / "housing.yaml", small_dir / "provinces" / "lampang.yaml")
    assert f"{small_dir}/provinces/lampang.yaml:1:1: {NOT_READ}" in lines(small_dir)
    with pytest.raises(RuleFilesInvalid):
        load_rulebook(small_dir)


def test_a_rule_file_deeper_in_screening_is_an_error(small_dir: Path) -> None:
    (small_dir / "screening" / "old" / "2024").mkdir(parents=True)
    (small_dir / "screening" / "old" / "2024" / "tiers.json").write_text("{}", encoding="utf-8")
    assert f"{small_dir}/screening/old/2024/tiers.json:1:1: {NOT_READ}" in lines(small_dir)


def test_other_things_are_warnings_and_the_rules_still_load(small_dir: Path) -> None:
    (small_dir / "archive").mkdir()
    (small_dir / "archive" / "notes.txt").write_text("old ideas", encoding="utf-8")
    (small_dir / "housing.yaml.bak").write_text("x", encoding="utf-8")
    (small_dir / "screening" / "draft.docx").write_bytes(b"PK")
    found = [line for line in lines(small_dir) if "is not read" in line]
    assert found == [
        f"{small_dir}/archive:1:1: warning: this folder is not read: rule files go directly in rules/ or in "
        "rules/screening/",
        f"{small_dir}/housing.yaml.bak:1:1: warning: this file is not read: rule files end in .yaml, .yml, .json",
        f"{small_dir}/screening/draft.docx:1:1: warning: this file is not read: rule files end in .yaml, .yml, .json",
    ]
    assert load_rulebook(small_dir).rules


def test_hidden_files_and_markdown_notes_are_left_alone(small_dir: Path) -> None:
    (small_dir / ".git").mkdir()
    (small_dir / ".git" / "config.yaml").write_text("x: 1", encoding="utf-8")
    (small_dir / ".housing.yaml.swp").write_bytes(b"\0")
    (small_dir / "README.md").write_text("# Rules of Lampang", encoding="utf-8")
    (small_dir / "screening" / "README.md").write_text("# Screening", encoding="utf-8")
    assert [line for line in lines(small_dir) if "is not read" in line] == []


def test_a_catalogue_given_twice_is_an_error(small_dir: Path) -> None:
    shutil.copy(small_dir / "needs.yaml", small_dir / "needs.yml")
    assert f"{small_dir}/needs.yml:1:1: needs is already given by needs.yaml: keep one of the two files" in lines(
        small_dir
    )
