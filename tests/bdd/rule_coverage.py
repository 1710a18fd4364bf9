"""A pytest plugin that says which rules no scenario exercises.

Every plan and every screening a scenario makes reports the rules that fired; at the end of the session
the rules of the rule book that never fired are printed in the terminal summary and written to
``var/unexercised-rules.txt`` (or ``SAFETYNET_UNEXERCISED_RULES_FILE``). A policy writer who adds a rule
sees here that no scenario covers it yet. Registered by ``tests/bdd/conftest.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetynet.rules import Rule, RuleBook, ScreeningRule

PLUGIN_NAME = "safetynet-rule-coverage"
ROOT = Path(__file__).resolve().parents[2]


def report_path() -> Path:
    return Path(os.environ.get("SAFETYNET_UNEXERCISED_RULES_FILE") or ROOT / "var" / "unexercised-rules.txt")


def unexercised(book: RuleBook, fired: Iterable[str]) -> list[tuple[str, str]]:
    """(rule id, where it is written) for each need or screening rule of ``book`` not in ``fired``."""
    seen = set(fired)
    rules: list[Rule | ScreeningRule] = [*book.rules, *book.screening]
    return [(r.id, r.source.removeprefix(f"{ROOT}{os.sep}")) for r in rules if r.id not in seen]


@dataclass
class RuleCoverage:
    book: RuleBook | None = None
    fired: set[str] = field(default_factory=set)
    scenarios: int = 0

    def record(self, rule_ids: Iterable[str]) -> None:
        self.fired.update(rule_ids)

    def record_plan(self, plan: dict[str, Any]) -> None:
        self.record(rule["id"] for item in plan.get("items", ()) for rule in item.get("rules", ()))

    def lines(self) -> list[str]:
        if self.book is None or not self.scenarios:
            return []
        missing = unexercised(self.book, self.fired)
        total = len(self.book.rules) + len(self.book.screening)
        head = (
            f"safetynet: {len(missing)} of {total} rules exercised by no scenario "
            f"({self.scenarios} scenarios ran; rules {self.book.version})"
        )
        return [head, *(f"  {rule_id}  ({source})" for rule_id, source in missing)]

    # --- pytest hooks ---------------------------------------------------------------------------

    def pytest_bdd_after_scenario(self) -> None:
        self.scenarios += 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        lines = self.lines()
        if not lines:
            return
        path = report_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            lines[0] += f"; written to {path}"
        except OSError as exc:
            lines[0] += f"; could not write {path}: {exc.strerror}"
        terminalreporter.write_sep("-", "rules no scenario exercises")
        for line in lines:
            terminalreporter.write_line(line)
