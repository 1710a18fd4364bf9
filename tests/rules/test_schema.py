"""The published JSON Schema is the one the rule-file models generate, and it accepts the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

from safetynet.rules.schema import render, rule_file_schema

ROOT = Path(__file__).resolve().parents[2]


def test_the_published_schema_is_the_generated_one() -> None:
    published = (ROOT / "docs" / "rule-file.schema.json").read_text(encoding="utf-8")
    assert published == render(), "run: .venv/bin/python -m safetynet.rules.schema docs/rule-file.schema.json"


def test_the_schema_describes_conditions_and_organization_kinds() -> None:
    schema = rule_file_schema()
    text = json.dumps(schema)
    assert '"when": {"$ref": "#/$defs/Condition"' in text
    assert "child_development_centre" in text
    assert schema["$defs"]["NeedRuleSpec"]["required"] == ["id", "title", "reference", "from", "need", "then"]
