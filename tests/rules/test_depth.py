"""A condition (or any value of a rule file) nested too deeply is a located error, never a crash: `rules check`
prints ``path:line:col`` and a reload answers 422 while the previous rules keep serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from safetynet.api.app import create_app
from safetynet.cli.main import app as cli
from safetynet.datafiles.marks import MAX_DEPTH
from safetynet.rules import check_rules
from safetynet.rules.parse import MAX_CONDITION_DEPTH
from safetynet.runtime.build import build_runtime
from tests.api.client import ROOT, bearer, shipped_settings

RULE = """rules:
  - id: deep.deep
    title: {{th: ลึก, en: Deep}}
    reference: a test
    from: 2024-01-01
    need: housing_repair
    when: {when}
    then:
      service: housing_repair
      providers: [{{kind: local_government, level: subdistrict}}]
"""


def nested_nots(depth: int) -> str:
    return "{not: " * depth + "child.age < 18" + "}" * depth


def block_nots(depth: int) -> str:
    lines = [""]
    for level in range(depth):
        lines.append("  " * (level + 3) + "not:")
    lines.append("  " * (depth + 3) + "child.age < 18")
    return "\n".join(lines)


def rules_with(tmp_path: Path, when: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "deep.yaml").write_text(RULE.format(when=when), "utf-8")
    return rules


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (nested_nots(1000), ""),  # the attack: 1,000 deep, one line
        (block_nots(70), f"nested more than {MAX_DEPTH} levels deep"),
        (nested_nots(MAX_CONDITION_DEPTH + 1), f"conditions nest at most {MAX_CONDITION_DEPTH} groups deep"),
    ],
)
def test_a_deep_condition_is_a_located_error_in_rules_check(tmp_path: Path, when: str, message: str) -> None:
    rules = rules_with(tmp_path, when)
    problems = [str(p) for p in check_rules(rules) if p.severity == "error"]
    assert problems, "a condition nested too deeply was accepted"
    assert all(p.startswith(f"{rules}/deep.yaml:") for p in problems), problems
    assert any(message in p for p in problems), problems
    done = CliRunner().invoke(cli, ["rules", "check", str(rules)])
    assert done.exit_code == 1
    assert "Traceback" not in done.output
    assert f"{rules}/deep.yaml:" in done.output


def test_a_condition_at_the_depth_limit_is_read(tmp_path: Path) -> None:
    rules = rules_with(tmp_path, nested_nots(MAX_CONDITION_DEPTH))
    assert not [str(p) for p in check_rules(rules) if p.severity == "error"]


@pytest.mark.parametrize("when", [nested_nots(1000), block_nots(70)])
def test_a_reload_of_a_deep_condition_answers_422_and_keeps_the_rules(tmp_path: Path, when: str) -> None:
    rules = rules_with(tmp_path, "[child.age < 18]")
    (rules / "deep.yaml").unlink()
    runtime = build_runtime(shipped_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", rules))
    try:
        token = runtime.require_store().tokens.create_token("admin", None)
        client = TestClient(create_app(runtime.settings, runtime=runtime))
        before = runtime.engine.version
        (rules / "deep.yaml").write_text(RULE.format(when=when), "utf-8")
        answer = client.post("/v1/rules/reload", headers=bearer(token))
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "invalid_rules"
        assert answer.json()["error"]["details"][0]["path"].endswith("deep.yaml")
        assert runtime.engine.version == before
    finally:
        runtime.close()
