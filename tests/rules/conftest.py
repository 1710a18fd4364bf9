"""Fixtures for the rules tests: a small, valid rules folder to copy and break one line at a time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from safetynet.errors import errors_only
from safetynet.rules import RuleBook, check_rules, load_rulebook

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "small"


@pytest.fixture
def small_dir(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/rules/small."""
    target = tmp_path / "rules"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture
def small_book() -> RuleBook:
    return load_rulebook(SMALL)


def replace_line(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path`` (the test fails if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def error_lines(directory: Path) -> list[str]:
    return [str(p) for p in errors_only(check_rules(directory))]


@pytest.fixture
def broken(small_dir: Path) -> Callable[[str, str, str], list[str]]:
    """Break one line of a file of the small folder; return the error lines that ``check_rules`` prints."""

    def run(file: str, old: str, new: str) -> list[str]:
        replace_line(small_dir / file, old, new)
        return error_lines(small_dir)

    return run
