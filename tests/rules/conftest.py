"""Fixtures of the rules tests: a fresh copy of the small rules folder, its rule book, and a way to break it.

Helpers the tests import are in ``tests/rules/small.py`` (the folder) and ``tests/rules/facts.py`` (facts)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from safetynet.rules import RuleBook, load_rulebook
from tests.rules.small import SMALL, error_lines, replace_line


@pytest.fixture
def small_dir(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/rules/small."""
    target = tmp_path / "rules"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture
def small_book() -> RuleBook:
    return load_rulebook(SMALL)


@pytest.fixture
def broken(small_dir: Path) -> Callable[[str, str, str], list[str]]:
    """Break one line of a file of the small folder; return the error lines that ``check_rules`` prints."""

    def run(file: str, old: str, new: str) -> list[str]:
        replace_line(small_dir / file, old, new)
        return error_lines(small_dir)

    return run
