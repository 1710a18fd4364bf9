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


def case_needs(
    *,
    age: int,
    needs: list[str],
    guardian: str | None = None,
    housing: str | None = None,
    status: str = "in_school",
    province: str = "TH-65",
    district: str | None = None,
    disability: dict[str, bool] | None = None,
) -> list[dict[str, dict[str, object]]]:
    """The facts of a real ``Case`` (as the planner makes them: ``needs_facts``), one dict per need."""
    from safetynet.contract.case import Case
    from safetynet.contract.facts import needs_facts

    household = {k: v for k, v in {"guardian": guardian, "housing_condition": housing}.items() if v is not None}
    location = {"province": province, **({"district": district} if district else {})}
    child: dict[str, object] = {"age": age, "education_status": status, "location": location}
    if disability is not None:
        child["disability"] = disability
    case = Case.model_validate(
        {"case_ref": "T-1", "child": child, "household": household, "needs": [{"code": c} for c in needs]}
    )
    return needs_facts(case, {n.code: bool(n.urgent) for n in case.needs})


def row(**values: object) -> dict[str, dict[str, object]]:
    """The facts of a real ``SurveyRow``."""
    from safetynet.contract.case import SurveyRow
    from safetynet.contract.facts import survey_facts

    return survey_facts(SurveyRow.model_validate({"case_ref": "R-1", **values}))
