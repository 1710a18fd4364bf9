"""``safetynet plan`` as text: Thai first, each line of why in Thai with its English below it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.cli.render import plan_text
from safetynet.contract.plan import Plan, Unmet
from tests.cli.environment import shipped
from tests.cli.test_cli import CASE

runner = CliRunner()


def planned(tmp_path: Path) -> Plan:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), "utf-8")
    result = runner.invoke(app, ["plan", str(case), "--json"], env=shipped(tmp_path / "var"))
    assert result.exit_code == 0, result.output
    return Plan.model_validate_json(result.stdout)


def test_each_line_of_why_is_said_in_thai_then_in_english_below_it(tmp_path: Path) -> None:
    plan = planned(tmp_path)
    item = plan.items[0]
    assert item.explanation_th is not None
    lines = plan_text(plan).splitlines()
    for th, en in zip(item.explanation_th, item.explanation, strict=True):
        at = lines.index(f"  เหตุผล: {th}")
        assert (
            lines[at + 1] == f"    why: {en}"
        )  # the English text starts where the Thai does (เหตุผล: 5 columns; รายละเอียด: 9)
    assert "อายุ (ปี): 12 (น้อยกว่า 18)" in item.explanation_th[0]
    assert lines[0].startswith("แผน / plan ")
    assert any(line.startswith("* เร่งด่วน / URGENT housing_repair (ซ่อมแซมที่อยู่อาศัย") for line in lines)


def test_an_unmet_need_says_its_detail_in_thai_then_in_english(tmp_path: Path) -> None:
    unmet = Unmet(
        need="scholarship",
        reason="no_partner",
        escalate_to="plk-core-team",
        detail="no partner can take this child for scholarship",
        detail_th="ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการทุนการศึกษา",
    )
    text = plan_text(planned(tmp_path).model_copy(update={"unmet": [unmet]}))
    assert (
        "- ยังไม่มีผู้ช่วย / unmet scholarship: ไม่มีหน่วยงานที่รับได้ / no_partner; "
        "ส่งเรื่องต่อให้ / escalate to plk-core-team\n"
        "  รายละเอียด: ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการทุนการศึกษา\n"
        "     detail: no partner can take this child for scholarship"
    ) in text


def test_a_plan_stored_before_plans_spoke_thai_prints_its_english_alone(tmp_path: Path) -> None:
    plan = planned(tmp_path)
    old = plan.model_copy(update={"items": [i.model_copy(update={"explanation_th": None}) for i in plan.items]})
    lines = plan_text(old).splitlines()
    assert f"  why: {plan.items[0].explanation[0]}" in lines
    assert not any("เหตุผล:" in line for line in lines)


def test_a_timeline_step_says_its_term_in_thai_then_its_code(tmp_path: Path) -> None:
    plan = planned(tmp_path)
    lines = plan_text(plan).splitlines()
    steps = [step for item in plan.items for step in item.timeline]
    assert {step.term for step in steps} == {"short", "long"}, "the shipped rules give both terms"
    for step in steps:
        term = {"short": "ระยะสั้น / short", "long": "ระยะยาว / long"}[step.term]
        assert f"  [{term}] {step.due.isoformat()}  {step.label.th} / {step.label.en}" in lines
