"""The small, valid rules folder of the rules tests (tests/fixtures/rules/small), and how to break a copy of it."""

from __future__ import annotations

from pathlib import Path

from safetynet.errors import errors_only
from safetynet.rules import check_rules

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "small"


def replace_line(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path`` (the test fails if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def error_lines(directory: Path) -> list[str]:
    return [str(p) for p in errors_only(check_rules(directory))]
