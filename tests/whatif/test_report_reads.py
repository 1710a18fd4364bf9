"""What a policy writer or coordinator reads in ``safetynet whatif``: cases no plan could be made for are skipped
and named (as ``safetynet plan`` names them), not counted; the table says why a child loses a service, names
each need in Thai and English, and says when no case was tried at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.whatif.conftest import DILAPIDATED, KO_KHA, Run, case, edit, remove_mou, write_cases


def drop_org(path: Path, org_id: str) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["organizations"] = [o for o in data["organizations"] if o["id"] != org_id]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_case_no_side_can_plan_is_skipped_and_named_not_counted(run: Run, tmp_path: Path) -> None:
    stranger = case("RB-1", 9, ["housing_repair"], **DILAPIDATED) | {"requested_by": "plk-cm-unti"}
    misspelt = case("UN-1", 9, ["housing_repiar"], **DILAPIDATED)
    cases = write_cases(tmp_path / "c.jsonl", [case("OK-1", 9, ["housing_repair"], **DILAPIDATED), stranger, misspelt])
    result = run("whatif", str(cases), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["cases"], report["skipped"]) == (1, 2)
    assert set(report["needs"]) == {"housing_repair"}
    assert report["needs"]["housing_repair"]["cases"] == 1
    assert "RB-1: skipped: requested_by: no organization with id 'plk-cm-unti'" in result.stderr
    assert "UN-1: skipped: unknown need code(s): housing_repiar" in result.stderr


def test_a_case_only_the_draft_cannot_plan_is_a_loss_not_a_skip(run: Run, tmp_path: Path, draft_graph: Path) -> None:
    """A draft network without the organization a case was requested by: the child loses the service."""
    named = case("RB-2", 9, ["housing_repair"], **DILAPIDATED) | {"requested_by": "plk-city-municipality"}
    remove_mou(draft_graph, "plk-cm-city-municipality")
    drop_org(draft_graph / "organizations" / "phitsanulok.yaml", "plk-city-municipality")
    result = run("whatif", "--graph", str(draft_graph), str(write_cases(tmp_path / "c.jsonl", [named])), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["cases"], report["skipped"]) == (1, 0)
    assert report["needs"]["housing_repair"]["served_to_unmet"] == 1
    assert report["examples"][0]["after"]["status"] == "not_planned"


def test_the_table_says_why_a_child_loses_a_service(run: Run, small: dict[str, Path], tmp_path: Path) -> None:
    draft = Path(shutil.copytree(small["graph"], tmp_path / "draft-graph"))
    remove_mou(draft, "cm-kokha")
    cases = write_cases(tmp_path / "c.jsonl", [case("K-1", 9, ["housing_repair"], where=KO_KHA, **DILAPIDATED)])
    result = run("whatif", "--graph", str(draft), str(cases))
    assert result.exit_code == 0, result.output
    assert "ได้รับบริการ → ไม่ได้รับ / served → unmet  1  K-1 (no_path)" in result.stdout


def test_an_unmet_reason_that_changes_says_from_what_to_what(
    run: Run, small: dict[str, Path], tmp_path: Path
) -> None:
    draft = Path(shutil.copytree(small["rules"], tmp_path / "draft-rules"))
    edit(draft / "plan.yaml", "when: [child.age <= 17]", "when: [child.age <= 5]")  # school: no rule from 6 on
    cases = write_cases(tmp_path / "c.jsonl", [case("S-1", 10, ["return_to_school"], where=KO_KHA)])
    result = run("whatif", "--rules", str(draft), str(cases))
    assert result.exit_code == 0, result.output
    assert "เหตุผลที่ไม่ได้รับเปลี่ยน / unmet reason changed  1  S-1 (no_path → no_rule)" in result.stdout


def test_each_need_is_named_in_thai_and_english(run: Run, tmp_path: Path, draft_rules: Path) -> None:
    edit(draft_rules / "housing.yaml", "child.age < 18", "child.age < 12")
    cases = write_cases(tmp_path / "c.jsonl", [case("H-15", 15, ["housing_repair"], **DILAPIDATED)])
    result = run("whatif", "--rules", str(draft_rules), str(cases))
    assert result.exit_code == 0, result.output
    assert "housing_repair ซ่อมแซมที่อยู่อาศัย / Housing repair  1" in result.stdout  # the table of needs
    assert "\n  housing_repair ซ่อมแซมที่อยู่อาศัย / Housing repair\n" in result.stdout  # the head of its changes


def test_no_case_tried_is_said_not_reported_as_no_change(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    result = run("whatif", str(empty))
    assert result.exit_code == 0, result.output
    assert "ไม่มีเคสให้ลอง / no case was tried" in result.stdout
    assert "no change" not in result.stdout


def test_a_draft_network_with_a_new_service_says_to_give_the_draft_rules(
    run: Run, tmp_path: Path, draft_rules: Path, draft_graph: Path
) -> None:
    """The network's service codes are the rules' catalogue: a draft that offers a new one is checked against the
    draft rules that add it, and the way out says so (`graph check` of that pair, not of the network alone)."""
    grant = "  - code: housing_grant\n    label: {th: ทุนซ่อมบ้าน, en: Housing grant}\n    needs: [housing_repair]\n"
    edit(draft_rules / "services.yaml", "services:\n", "services:\n" + grant)
    edit(draft_graph / "mous" / "phitsanulok.yaml", "services: [housing_repair, disability_registration,",
         "services: [housing_grant, housing_repair, disability_registration,")  # fmt: skip
    cases = str(write_cases(tmp_path / "c.jsonl", [case("H-9", 9, ["housing_repair"], **DILAPIDATED)]))
    alone = run("whatif", "--graph", str(draft_graph), cases)
    assert alone.exit_code == 1
    assert "'housing_grant' is not a service code" in alone.stdout
    assert "its service codes are those of" in alone.stderr
    assert "give the draft rules that add a service with --rules" in alone.stderr
    edit(draft_graph / "mous" / "phitsanulok.yaml", "parties: [plk-cm-unit, plk-city-municipality]",
         "parties: [plk-cm-unit, plk-city-municipalty]")  # fmt: skip
    paired = run("whatif", "--rules", str(draft_rules), "--graph", str(draft_graph), cases)
    assert paired.exit_code == 1
    assert f"`safetynet graph check {draft_graph} --rules {draft_rules}`" in paired.stderr
    assert "housing_grant" not in paired.stdout  # checked against the draft rules, which add it
