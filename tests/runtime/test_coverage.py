"""Coverage counts what a plan would count: for each service, only partners of the kinds (and levels) that the rules
in force suggesting it ask for. Checked on the shipped rules and network with one service added whose rule asks for
a foundation while only a company gives it: a hole in every district, for the API's function, ``safetynet coverage``
with the draft folders, and the plan alike."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.contract.case import Case
from safetynet.network import coverage
from safetynet.planning.ruleparts import providers_asked
from safetynet.rules import load_rulebook
from safetynet.runtime.build import build_runtime
from safetynet.runtime.coverage import province_coverage
from safetynet.settings import Settings
from tests.shipped import GRAPH, RULES

runner = CliRunner()
AT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
SERVICE = "psychosocial_counselling"

NEED = """\
  - code: psychosocial_support
    label: {th: การดูแลด้านจิตใจและสังคม, en: Psychosocial support}
    urgent: false
"""
CATALOGUE = f"""\
  - code: {SERVICE}
    label: {{th: การให้คำปรึกษาด้านจิตสังคม, en: Psychosocial counselling}}
    needs: [psychosocial_support]
"""
RULE = f"""\
rules:
  - id: counselling.every_child
    title: {{th: ส่งต่อการให้คำปรึกษาด้านจิตสังคม, en: Refer for psychosocial counselling}}
    reference: "test: a rule asking for one kind"
    from: FROM
    need: psychosocial_support
    then:
      service: {SERVICE}
      providers:
        - {{kind: foundation, level: province}}
      timeline:
        - step: {{th: CM นัดหมายผู้ให้คำปรึกษา, en: CM books a counsellor}}
          term: short
          days: 2
"""
ORGANIZATION = f"""\
organizations:
  - id: plk-counselling-company
    name: {{th: บริษัทให้คำปรึกษาพิษณุโลก, en: Phitsanulok Counselling Company}}
    kind: company
    province: TH-65
    service_area: province
    services:
      - code: {SERVICE}
mous:
  - id: plk-cm-counselling
    parties: [plk-cm-unit, plk-counselling-company]
    services: [{SERVICE}]
    signed: 2025-01-01
    hours: 6
    reference: "test: the only partner of the new service, of a kind no rule asks for"
"""


def drafts(tmp_path: Path, starts: str = "2024-01-01") -> tuple[Path, Path]:
    """The shipped rules/ and graph/, with a need and service whose rule (in force from ``starts``) asks for a
    foundation, and a company, the only partner giving it, bound to Phitsanulok's CM unit."""
    rules, graph = tmp_path / "rules", tmp_path / "graph"
    shutil.copytree(RULES, rules)
    shutil.copytree(GRAPH, graph)
    for name, added in (("needs.yaml", NEED), ("services.yaml", CATALOGUE)):
        with (rules / name).open("a", encoding="utf-8") as file:
            file.write(added)
    (rules / "counselling.yaml").write_text(RULE.replace("FROM", starts), encoding="utf-8")
    (graph / "organizations" / "counselling.yaml").write_text(ORGANIZATION, encoding="utf-8")
    return rules, graph


def test_a_partner_of_a_kind_no_rule_asks_for_leaves_a_hole_where_the_plan_finds_nobody(tmp_path: Path) -> None:
    rules, graph = drafts(tmp_path)
    runtime = build_runtime(Settings(rules_dir=rules, graph_dir=graph), with_store=False)
    try:
        table = province_coverage(runtime.network, runtime.engine.book, "TH-65", AT)
        assert {d for s, d in table.holes if s == SERVICE} == {d.code for d in table.districts}
        assert table.kinds[SERVICE] == ("foundation",)
        assert table.as_dict()["rows"][-1]["kinds"] == ["foundation"]
        anyone = coverage(runtime.network, "TH-65", AT, (SERVICE,))  # every kind: the company, in every district
        assert {anyone.count(SERVICE, d.code) for d in anyone.districts} == {1}
        child = {"age": 13, "education_status": "in_school", "location": {"province": "TH-65", "district": "6501"}}
        case = {"case_ref": "PLK-KIND-1", "child": child, "needs": [{"code": "psychosocial_support"}]}
        plan = runtime.planner.plan(Case.model_validate(case), now=AT)
        assert [(u.need, u.reason) for u in plan.unmet] == [("psychosocial_support", "no_partner")]
    finally:
        runtime.close()


def test_safetynet_coverage_counts_the_kinds_of_the_draft_rules(tmp_path: Path) -> None:
    rules, graph = drafts(tmp_path)
    env = {"SAFETYNET_VAR_DIR": str(tmp_path / "var")}
    args = ["coverage", "--province", "TH-65", "--rules", str(rules), "--graph", str(graph)]
    shown = runner.invoke(app, [*args, "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    (row,) = [row for row in data["rows"] if row["service"] == SERVICE]
    assert row["kinds"] == ["foundation"]
    assert [cell["partners"] for cell in row["cells"]] == [0] * 9
    every = {cell["district_code"] for cell in row["cells"]}
    assert {hole["district"] for hole in data["holes"] if hole["service"] == SERVICE} == every
    text = runner.invoke(app, args, env=env)
    assert text.exit_code == 0, text.output
    assert f"{SERVICE}: การให้คำปรึกษาด้านจิตสังคม / Psychosocial counselling (ประเภท / kinds: foundation)" in text.stdout


def test_a_rule_not_yet_in_force_asks_for_no_kind(tmp_path: Path) -> None:
    rules, graph = drafts(tmp_path, starts="2030-01-01")
    runtime = build_runtime(Settings(rules_dir=rules, graph_dir=graph), with_store=False)
    try:
        table = province_coverage(runtime.network, runtime.engine.book, "TH-65", AT, (SERVICE,))
        assert table.kinds[SERVICE] == ()
        assert len(table.holes) == 9
        assert "(ไม่มีกฎที่ใช้อยู่เสนอบริการนี้ / no rule in force suggests it)" in table.to_text()
        later = province_coverage(runtime.network, runtime.engine.book, "TH-65", date(2030, 1, 1), (SERVICE,))
        assert later.kinds[SERVICE] == ("foundation",)
    finally:
        runtime.close()


def test_the_providers_asked_are_the_union_of_the_rules_in_force_and_any_kind_when_one_names_none() -> None:
    book = load_rulebook(RULES)
    asked = providers_asked(book.rules, date(2026, 11, 22))
    assert set(asked) == set(book.services)
    assert asked["learning_supplies"] == (
        ("company", "national"),
        ("foundation", "national"),
        ("foundation", "province"),
        ("local_government", "subdistrict"),
        ("provincial_administration", "province"),
    )
    first = next(rule for rule in book.rules if rule.outcome.service == "learning_supplies")
    unrestricted = replace(first, outcome=replace(first.outcome, providers=()))
    assert providers_asked([*book.rules, unrestricted], date(2026, 11, 22))["learning_supplies"] == ()
