"""docs/whatif.md's worked examples are what the commands print (versions and today's date aside)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.whatif.conftest import ROOT, Run, edit, remove_mou

GUIDE = (ROOT / "docs" / "whatif.md").read_text(encoding="utf-8")
CASES = str(ROOT / "docs" / "examples" / "whatif-cases.jsonl")


def blocks() -> list[str]:
    """The guide's fenced blocks without an info string (``sh``, ``json`` ... are not output)."""
    found: list[str] = []
    lines: list[str] | None = None
    plain = False
    for line in GUIDE.splitlines():
        if line.startswith("```"):
            if lines is None:
                lines, plain = [], line == "```"
            else:
                if plain:
                    found.append("\n".join(lines))
                lines = None
        elif lines is not None:
            lines.append(line)
    return found


def shown(first_line: str) -> str:
    """The guide's output block that starts with ``first_line``."""
    for block in blocks():
        if block.startswith(first_line):
            return block
    raise AssertionError(f"docs/whatif.md has no output block starting {first_line!r}")


def same(text: str) -> str:
    text = re.sub(r"\b[0-9a-f]{16}\b", "<version>", text)
    return re.sub(r" on \d{4}-\d{2}-\d{2},", " on <today>,", text).strip()


def test_the_draft_rules_example(run: Run, draft_rules: Path) -> None:
    edit(draft_rules / "housing.yaml", "child.age < 18", "child.age < 12")
    result = run("whatif", "--rules", str(draft_rules), CASES)
    assert result.exit_code == 0, result.output
    assert same(result.stdout) == same(shown("เคส / cases: 3   เปลี่ยนแปลง / changed: 1"))
    diff = run("rules", "diff", str(ROOT / "rules"), str(draft_rules))
    assert same(diff.stdout) == same(shown("กฎ / rules: "))


def test_the_draft_network_example(run: Run, draft_graph: Path) -> None:
    remove_mou(draft_graph, "plk-cm-city-municipality")
    result = run("whatif", "--graph", str(draft_graph), CASES)
    assert result.exit_code == 0, result.output
    assert same(result.stdout) == same(shown("เคส / cases: 3   เปลี่ยนแปลง / changed: 3"))


def test_the_next_mou_example(run: Run) -> None:
    cases = str(ROOT / "docs" / "examples" / "nma-cases.jsonl")
    result = run("coverage", "--province", "TH-30", "--suggest-mous", "--cases", cases, "--top", "2")
    assert result.exit_code == 0, result.output
    assert same(result.stdout) == same(shown("MOU ที่ควรลงนามต่อไป / Which MOU next"))
