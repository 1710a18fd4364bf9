"""The JSON Schema of the files in ``rules/``, for editors (completion and checks as you type).

``python -m safetynet.rules.schema`` prints it; ``python -m safetynet.rules.schema docs/rule-file.schema.json``
writes it. A test checks that the published file is the one these models generate. In VS Code (YAML
extension), add to a rule file's first line::

    # yaml-language-server: $schema=../docs/rule-file.schema.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from safetynet.contract.facts import FIELDS
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.rules.files import NeedsFile, RuleFile, ScreeningFile, ServicesFile

SCHEMA_ID = "https://safetynet.example/rule-file.schema.json"
_FILES: tuple[type[BaseModel], ...] = (RuleFile, ScreeningFile, NeedsFile, ServicesFile)


def _condition_schema() -> dict[str, Any]:
    fields = "|".join(name.replace(".", r"\.") for name in FIELDS)
    leaf = {
        "type": "string",
        "description": "<field> <op> <value>: ops < <= > >= == != 'in [a, b]' 'not in [a, b]' "
        "'is known' 'is unknown'; e.g. 'child.age < 18'",
        "pattern": rf"^\s*({fields})\s*(<=|>=|==|!=|<|>|not\s+in\s|in\s|is\s+known|is\s+unknown)",
    }
    ref = {"$ref": "#/$defs/Condition"}
    return {
        "description": "a condition sentence, a list (all of), or a group all: / any: / not:",
        "anyOf": [
            leaf,
            {"type": "array", "items": ref},
            {
                "type": "object",
                "properties": {"all": {"type": "array", "items": ref}},
                "required": ["all"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"any": {"type": "array", "items": ref, "minItems": 1}},
                "required": ["any"],
                "additionalProperties": False,
            },
            {"type": "object", "properties": {"not": ref}, "required": ["not"], "additionalProperties": False},
        ],
    }


def _patch(node: Any) -> None:
    """Point every rule's ``when`` at the Condition definition and list the organization kinds."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            if "when" in props:
                props["when"] = {"$ref": "#/$defs/Condition", "default": []}
            if "kind" in props and "level" in props:
                props["kind"] = {**props["kind"], "enum": sorted(ORGANIZATION_KINDS)}
        for value in node.values():
            _patch(value)
    elif isinstance(node, list):
        for value in node:
            _patch(value)


def rule_file_schema() -> dict[str, Any]:
    _, top = models_json_schema([(m, "validation") for m in _FILES], ref_template="#/$defs/{model}")
    defs: dict[str, Any] = top.get("$defs", {})
    defs["Condition"] = _condition_schema()
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "safetynet rule file",
        "description": "rules/needs.yaml, rules/services.yaml, rules/<topic>.yaml or rules/screening/<name>.yaml",
        "anyOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in _FILES],
        "$defs": dict(sorted(defs.items())),
    }
    _patch(schema)
    return schema


def render() -> str:
    return json.dumps(rule_file_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
