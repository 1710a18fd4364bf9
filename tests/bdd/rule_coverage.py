"""A pytest plugin that records what the scenarios really did: which rules fired, which needs they asked for.

Every plan and every screening a scenario makes reports the rules that fired, and every case the API accepted
reports the need codes it asked for (recorded only while a scenario runs, not when another test drives the
steps). At the end of the session the rules of the rule book that never fired are printed in the terminal
summary and written to ``var/unexercised-rules.txt`` (or ``SAFETYNET_UNEXERCISED_RULES_FILE``), and
``tests/bdd/test_after_features.py``, run after every scenario, fails when a rule never fired or a need code
was never asked for. Registered by ``tests/bdd/conftest.py``.
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
    return [(r.id, str(r.source).removeprefix(f"{ROOT}{os.sep}")) for r in rules if r.id not in seen]


@dataclass
class RuleCoverage:
    book: RuleBook | None = None
    fired: set[str] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)  # need codes of the cases the API accepted
    scenarios: int = 0  # scenarios that ran to their end (passed, failed or xfailed)
    running: bool = False

    def record(self, rule_ids: Iterable[str]) -> None:
        if self.running:
            self.fired.update(rule_ids)

    def record_needs(self, codes: Iterable[str]) -> None:
        if self.running:
            self.asked.update(codes)

    def needs_never_asked(self) -> list[str]:
        """The need codes of the rule book that no scenario asked the service for, in needs.yaml's order."""
        return [code for code in (self.book.needs if self.book else ()) if code not in self.asked]

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

    def pytest_bdd_before_scenario(self) -> None:
        self.running = True

    def pytest_bdd_after_scenario(self) -> None:
        self.running = False
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
