"""A policy writer adds a service to rules/services.yaml and a coordinator a partner that gives it: both checks
pass and plans route to it, with no Python edited (the services catalogue is the data, never a copy in code)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from safetynet.cli.main import app
from tests.shipped import GRAPH, RULES

runner = CliRunner()

NEED = """\
  - code: psychosocial_support
    label: {th: การดูแลด้านจิตใจและสังคม, en: Psychosocial support}
    urgent: false
"""
SERVICE = """\
  - code: psychosocial_counselling
    label: {th: การให้คำปรึกษาด้านจิตสังคม, en: Psychosocial counselling}
    needs: [psychosocial_support]
"""
RULE = """\
rules:
  - id: counselling.every_child
    title: {th: ส่งต่อการให้คำปรึกษาด้านจิตสังคม, en: Refer for psychosocial counselling}
    reference: "test: a service added to the catalogue"
    from: 2024-01-01
    need: psychosocial_support
    then:
      service: psychosocial_counselling
      providers:
        - {kind: foundation, level: province}
      timeline:
        - step: {th: CM นัดหมายผู้ให้คำปรึกษา, en: CM books a counsellor}
          term: short
          days: 2
"""
ORGANIZATION = """\
organizations:
  - id: plk-counselling-foundation
    name: {th: มูลนิธิให้คำปรึกษาพิษณุโลก, en: Phitsanulok Counselling Foundation}
    kind: foundation
    province: TH-65
    service_area: province
    services:
      - code: psychosocial_counselling
mous:
  - id: plk-cm-counselling
    parties: [plk-cm-unit, plk-counselling-foundation]
    services: [psychosocial_counselling]
    signed: 2025-01-01
    hours: 6
    reference: "test: a partner of the new service"
"""
CASE = {
    "case_ref": "PLK-NEW-1",
    "requested_at": "2026-11-22T09:00:00+07:00",
    "child": {"age": 13, "education_status": "in_school", "location": {"province": "TH-65"}},
    "needs": [{"code": "psychosocial_support"}],
}


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped rules/ and graph/, with the new need, service, rule, partner and MOU added."""
    rules, graph = tmp_path / "rules", tmp_path / "graph"
    shutil.copytree(RULES, rules)
    shutil.copytree(GRAPH, graph)
    for name, added in (("needs.yaml", NEED), ("services.yaml", SERVICE)):
        with (rules / name).open("a", encoding="utf-8") as file:
            file.write(added)
    (rules / "counselling.yaml").write_text(RULE, encoding="utf-8")
    (graph / "organizations" / "counselling.yaml").write_text(ORGANIZATION, encoding="utf-8")
    return rules, graph


def test_a_service_added_to_the_catalogue_is_checked_and_routed_without_code(tmp_path: Path) -> None:
    rules, graph = copies(tmp_path)
    env = {"SAFETYNET_RULES_DIR": str(rules), "SAFETYNET_GRAPH_DIR": str(graph), "SAFETYNET_VAR_DIR": str(tmp_path)}

    checked = runner.invoke(app, ["rules", "check", str(rules)], env=env)
    assert checked.exit_code == 0, checked.output
    assert "psychosocial" not in checked.stdout  # not even a warning about it
    checked = runner.invoke(app, ["graph", "check", str(graph), "--rules", str(rules)], env=env)
    assert checked.exit_code == 0, checked.output
    assert "psychosocial_counselling" not in checked.stdout

    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    planned = runner.invoke(app, ["plan", str(case), "--json"], env=env)
    assert planned.exit_code == 0, planned.output
    (item,) = json.loads(planned.stdout)["items"]
    assert (item["service"], item["rules"][0]["id"]) == ("psychosocial_counselling", "counselling.every_child")
    first = item["candidates"][0]
    assert (first["organization_id"], first["path"]) == (
        "plk-counselling-foundation",
        ["plk-cm-unit", "plk-counselling-foundation"],
    )


def test_graph_check_refuses_the_new_service_against_a_catalogue_without_it(tmp_path: Path) -> None:
    _, graph = copies(tmp_path)
    checked = runner.invoke(app, ["graph", "check", str(graph), "--rules", str(RULES)])
    assert checked.exit_code == 1
    assert f"{graph}/organizations/counselling.yaml:8:15: 'psychosocial_counselling' is not a service code" in (
        checked.stdout
    )


def test_graph_check_says_when_the_rules_folder_cannot_give_the_catalogue(tmp_path: Path) -> None:
    checked = runner.invoke(app, ["graph", "check", str(GRAPH), "--rules", str(tmp_path / "nowhere")])
    assert checked.exit_code == 1
    assert f"{tmp_path}/nowhere:1:1: no such folder" in checked.stderr
    assert (
        f"error: cannot check the network: the network's service codes are those of {tmp_path}/nowhere/services.yaml"
        in checked.stderr
    )
    assert "or give another with --rules" in checked.stderr
    assert checked.stdout == ""
