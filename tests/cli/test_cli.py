"""The `safetynet` command on the shipped data: each command as a user would run it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.rules import load_rulebook
from safetynet.store import Store
from tests.cli.environment import ROOT, shipped

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return shipped(tmp_path / "var")


CASE: dict[str, Any] = {
    "case_ref": "PLK-CLI-1",
    "requested_at": "2026-11-22T09:00:00+07:00",
    "child": {
        "age": 12,
        "education_status": "at_risk",
        "location": {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"},
    },
    "household": {"housing_condition": "dilapidated"},
    "needs": [{"code": "housing_repair", "urgent": True}],
}


def test_rules_check_passes_on_the_shipped_rules(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["rules", "check", str(ROOT / "rules")], env=env)
    assert result.exit_code == 0, result.output
    assert f"\n{ROOT / 'rules'}: 0 error(s), 0 warning(s)" in "\n" + result.stderr, "the folder named once"


def test_a_check_of_a_folder_named_otherwise_says_what_it_checked(env: dict[str, str], tmp_path: Path) -> None:
    draft = Path(shutil.copytree(ROOT / "rules", tmp_path / "draft"))
    result = runner.invoke(app, ["rules", "check", str(draft)], env=env)
    assert f"rules {draft}: 0 error(s)" in result.stderr


def test_rules_check_fails_on_a_broken_copy_with_path_line_col(env: dict[str, str], tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    housing = rules / "housing.yaml"
    lines = housing.read_text("utf-8").splitlines()
    number = next(i for i, t in enumerate(lines) if "    reference:" in t)
    lines[number] = lines[number].replace("reference:", "refrence:")
    housing.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["rules", "check", str(rules)], env=env)
    assert result.exit_code == 1
    assert f"{housing}:{number + 1}:5: " in result.stdout
    assert "did you mean 'reference'?" in result.stdout


def test_graph_check_passes_on_the_shipped_network(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["graph", "check", str(ROOT / "graph")], env=env)
    assert result.exit_code == 0, result.output


def test_plan_json_prints_exactly_the_api_shape(env: dict[str, str], tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), "utf-8")
    result = runner.invoke(app, ["plan", str(case), "--json"], env=env)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert set(plan) == {
        "plan_id",
        "case_ref",
        "created_at",
        "requested_by",
        "requested_at",
        "location",
        "rules_version",
        "graph_version",
        "items",
        "unmet",
        "previous_plan_id",
    }
    assert plan["items"][0]["candidates"][0]["path"][0] == "plk-cm-unit"


def test_plan_reads_yaml_and_jsonl_and_places_problems(env: dict[str, str], tmp_path: Path) -> None:
    import yaml

    as_yaml = tmp_path / "case.yaml"
    as_yaml.write_text(yaml.safe_dump(CASE, allow_unicode=True), "utf-8")
    shown = runner.invoke(app, ["plan", str(as_yaml)], env=env)
    assert shown.exit_code == 0, shown.output
    assert "URGENT housing_repair" in shown.stdout
    many = tmp_path / "cases.jsonl"
    bad = dict(CASE, child=dict(CASE["child"], age=40))
    many.write_text("\n".join(json.dumps(c) for c in (CASE, bad, CASE)) + "\n", "utf-8")
    result = runner.invoke(app, ["plan", str(many), "--json"], env=env)
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 2
    assert f"{many}:2:" in result.stderr
    assert "child.age" in result.stderr


def test_plan_places_a_place_that_names_no_single_place_and_plans_the_others(
    env: dict[str, str], tmp_path: Path
) -> None:
    """``ในเมือง`` names three subdistricts of Khon Kaen: it was told as ``file: CASE_REF: ...``; like every data-file
    error it is placed (path:line:col), with the subdistricts it may be, and the file's other cases are planned."""
    where = {"province": "ขอนแก่น", "subdistrict": "ในเมือง"}
    kk = dict(CASE, case_ref="KK-1", child=dict(CASE["child"], location=where))
    many = tmp_path / "cases.jsonl"
    many.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in (CASE, kk)) + "\n", "utf-8")
    result = runner.invoke(app, ["plan", str(many), "--json"], env=env)
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    column = many.read_text("utf-8").splitlines()[1].index('"ในเมือง"') + 1
    (said,) = result.stderr.splitlines()
    assert said.startswith(f"{many}:2:{column}: child.location.subdistrict: 'ในเมือง' names 3 subdistricts"), said
    assert "KK-1" not in said


def test_screen_writes_one_line_per_row_and_skips_bad_rows_by_line(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "case_ref,age,enrolled,days_absent,housing_condition,guardian\n"
        "R1,10,true,0,good,parents\n"
        "R2,15,false,,poor,grandparents\n"
        "R3,abc,true,3,good,parents\n"
        "R4,12,true,40,dilapidated,none\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["screen", str(survey), "--out", str(out), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2
    assert f"{survey}:4: skipped: age:" in result.stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["case_ref"] for r in rows] == ["R1", "R2", "R4"]
    shape = {"case_ref", "risk_tier", "suggested_needs", "rules", "needs", "location", "explanation", "explanation_th"}
    assert all(set(r) == shape for r in rows)
    tiers = {r["case_ref"]: r["risk_tier"] for r in rows}
    protect = next(n for n in rows[2]["needs"] if n["code"] == "child_protection")  # R4 has no guardian
    label = {"th": "การคุ้มครองเด็ก", "en": "Child protection"}
    assert protect == {"code": "child_protection", "label": label, "urgent": True}
    assert tiers["R1"] == "normal"
    assert tiers["R2"] == "dropped_out"
    assert tiers["R4"] != "normal"
    assert not (tmp_path / ".out.jsonl.partial").exists()


def test_screen_refuses_an_unknown_column_with_a_suggestion(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("case_ref,days_absnt\nR1,3\n", "utf-8")
    result = runner.invoke(app, ["screen", str(survey)], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {survey}:1: unknown column(s) 'days_absnt'")
    assert "did you mean 'days_absent'?" in result.stderr


def test_screen_refuses_a_column_given_twice_before_screening_any_row(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("case_ref,age,enrolled,enrolled\nA1,12,false,true\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["screen", str(survey), "--out", str(out), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {survey}:1: column 'enrolled' is given twice in the header (columns 3 and 4): "
        "keep one, and delete or rename the other\n"
    )
    assert not out.exists()
    assert not (tmp_path / ".out.jsonl.partial").exists()
    to_stdout = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert (to_stdout.exit_code, to_stdout.stdout) == (1, "")


def test_plan_places_a_jsonl_syntax_error_in_the_line_that_stops_early(env: dict[str, str], tmp_path: Path) -> None:
    many = tmp_path / "cases.jsonl"
    many.write_text(json.dumps(CASE) + '\n{"case_ref": "BAD", "child": {\n' + json.dumps(CASE) + "\n", "utf-8")
    result = runner.invoke(app, ["plan", str(many), "--json"], env=env)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == f"{many}:2:31: JSON syntax: Expecting property name enclosed in double quotes\n"


def test_screen_names_a_row_over_two_lines_by_the_line_where_it_starts(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text('case_ref,age,province\nR1,10,Tak\nR2,abc,"Ko\nKha"\nR3,12,Tak\n', "utf-8")
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2
    assert f"{survey}:3: skipped: age: " in result.stderr
    assert [json.loads(line)["case_ref"] for line in result.stdout.splitlines()] == ["R1", "R3"]


def test_screen_reports_a_quote_never_closed_without_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    many = "".join(f"R{n},Tak\n" for n in range(3, 20000))
    survey.write_text(f'case_ref,province\nR1,Tak\nR2,"Ko Kha\n{many}', "utf-8")
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{survey}:3: skipped: a quote opened in this row is never closed: lines 3 to " in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["case_ref"] == "R1"


def test_screen_reads_jsonl(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.jsonl"
    survey.write_text('{"case_ref": "J1", "age": 16, "enrolled": false}\n{"case_ref": \n', "utf-8")
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2
    assert json.loads(result.stdout.splitlines()[0])["risk_tier"] == "dropped_out"
    assert f"{survey}:2: skipped: not valid JSON" in result.stderr


def test_screen_skips_a_jsonl_row_with_a_key_given_twice(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.jsonl"
    survey.write_text('{"case_ref": "A1", "age": 12, "enrolled": false, "enrolled": true}\n', "utf-8")
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        f"{survey}:1: skipped: 'enrolled' is given twice in this row: keep one, and delete the other" in result.stderr
    )


def test_token_create_prints_a_token_that_the_store_knows(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["token", "create", "--role", "cm", "--organization", "plk-cm-unit"], env=env)
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip()
    with Store.open(f"sqlite:///{tmp_path / 'var' / 'safetynet.db'}") as store:
        actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    assert (actor.role, actor.organization_id) == ("cm", "plk-cm-unit")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss"], "--role: 'boss' is not one of"),
        (["--role", "cm"], "--organization: a cm token belongs to an organization"),
        (["--role", "agency", "--organization", "nowhere"], "no organization 'nowhere'"),
    ],
)
def test_token_create_refuses_bad_options(env: dict[str, str], args: list[str], message: str) -> None:
    result = runner.invoke(app, ["token", "create", *args], env=env)
    assert result.exit_code == 1
    assert message in result.stderr


def test_token_list_and_revoke(env: dict[str, str], tmp_path: Path) -> None:
    raw = runner.invoke(app, ["token", "create", "--role", "cm", "--organization", "plk-cm-unit"], env=env).stdout
    listed = runner.invoke(app, ["token", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    (line,) = listed.stdout.splitlines()
    token_id, role, organization, *_ = line.split("  ")
    assert (role, organization) == ("cm", "plk-cm-unit")
    assert line.endswith("live")
    assert raw.strip() not in listed.stdout
    revoked = runner.invoke(app, ["token", "revoke", token_id], env=env)
    assert revoked.exit_code == 0, revoked.output
    with Store.open(f"sqlite:///{tmp_path / 'var' / 'safetynet.db'}") as store:
        assert store.tokens.actor_for_token(raw.strip()) is None
    assert "revoked 20" in runner.invoke(app, ["token", "list"], env=env).stdout
    again = runner.invoke(app, ["token", "revoke", token_id], env=env)
    assert again.exit_code == 1
    assert f"no live token {token_id!r}: see `safetynet token list`" in again.stderr


@pytest.mark.parametrize("province", ["TH-52", "ลำปาง", "Lampang"])
def test_coverage_prints_a_table_for_lampang_with_every_district(env: dict[str, str], province: str) -> None:
    result = runner.invoke(app, ["coverage", "--province", province], env=env)
    assert result.exit_code == 0, result.output
    assert "5203 เกาะคา Ko Kha" in result.stdout
    assert "5213 เมืองปาน Mueang Pan" in result.stdout  # Lampang's 13 districts, each a row
    assert "  1 housing_repair: ซ่อมแซมที่อยู่อาศัย / Housing repair" in result.stdout  # the catalogue's labels


@pytest.mark.parametrize(
    ("province", "message"),
    [
        ("TH-99", "--province: no province has the code 'TH-99'; write the ISO 3166-2:TH code (TH-65)"),
        ("TH-11", "--province: no case_management unit in TH-11; known provinces: "),
    ],
)
def test_coverage_refuses_an_unknown_province_or_one_without_a_cm_unit(
    env: dict[str, str], province: str, message: str
) -> None:
    result = runner.invoke(app, ["coverage", "--province", province], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}")
    assert result.stdout == ""


def test_screen_skips_a_row_with_an_unknown_province_by_line(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("case_ref,age,province,enrolled\nR1,16,TH-52,false\nR2,16,TH-99,false\n", "utf-8")
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2, result.output
    assert [json.loads(line)["case_ref"] for line in result.stdout.splitlines()] == ["R1"]
    assert f"{survey}:3: skipped: " in result.stderr
    assert "province: no province has the code 'TH-99'; write the ISO 3166-2:TH code (TH-65)" in result.stderr


def test_screen_reads_thai_columns_yes_no_and_places(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "รหัส,อายุ,จังหวัด,อำเภอ,ตำบล,มีชื่อในสถานศึกษา,ผู้ดูแล\nR1,16,ลำปาง,อ.เกาะคา,ต.ลำปางหลวง,ไม่ใช่,ไม่มี\n", "utf-8"
    )
    result = runner.invoke(app, ["screen", str(survey), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["risk_tier"] == "dropped_out"
    assert row["location"]["district"] == {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}
    assert row["location"]["subdistrict"]["code"] == "520301"
    labels = {n["code"]: n["label"]["th"] for n in row["needs"]}
    assert labels["child_protection"] == "การคุ้มครองเด็ก"
    # why, in Thai beside the English, line for line, one line per screening rule (as a plan item says it)
    assert len(row["explanation_th"]) == len(row["explanation"]) == len(row["rules"])
    said = dict(zip(row["rules"], zip(row["explanation_th"], row["explanation"], strict=True), strict=True))
    th, en = said["screening.three_tiers.out_of_school_youth"]
    assert en.startswith("screening.three_tiers.out_of_school_youth (")
    assert "child.enrolled is false" in en
    assert "มีชื่ออยู่ในสถานศึกษา: ไม่ใช่" in th
    assert "child." not in th


def test_graph_export_writes_graphml(env: dict[str, str], tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "net.graphml"
    assert runner.invoke(app, ["graph", "export", "--out", str(out)], env=env).exit_code == 0
    assert "plk-cm-unit" in nx.read_graphml(out)


def test_screen_of_the_readme_survey_screens_every_row(env: dict[str, str]) -> None:
    survey = ROOT / "docs" / "examples" / "survey.csv"
    assert f"safetynet screen {survey.relative_to(ROOT)}" in (ROOT / "README.md").read_text("utf-8")
    result = runner.invoke(app, ["screen", str(survey)], env=env)
    assert result.exit_code == 0, result.output
    with survey.open(encoding="utf-8", newline="") as handle:
        given = list(csv.DictReader(handle))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["case_ref"] for r in rows] == [g["case_ref"] for g in given]
    book = load_rulebook(ROOT / "rules")
    screening_ids = {s.id for s in book.screening}
    for row in rows:
        assert row["risk_tier"] in ("normal", "at_risk", "dropped_out")
        assert set(row["suggested_needs"]) <= set(book.needs), row
        assert set(row["rules"]) <= screening_ids, row
        assert bool(row["rules"]) == (row["risk_tier"] != "normal" or bool(row["suggested_needs"])), row
    tiers = {r["case_ref"]: r["risk_tier"] for r in rows}
    assert tiers["LPG-S-001"] == "normal"  # enrolled, 2 days absent, a good home, with parents
    assert tiers["LPG-S-002"] == "dropped_out"  # 16 and not enrolled
    assert tiers["LPG-S-003"] == "at_risk"  # 30 days absent, a dilapidated home


MOMENTS = ["9999-12-31T23:00:00+07:00", "0001-01-01T00:00:00+14:00", "1900-01-01T00:00:00+07:00"]


@pytest.mark.parametrize("moment", MOMENTS)
def test_plan_refuses_requested_at_outside_2000_to_2100_by_place(
    env: dict[str, str], tmp_path: Path, moment: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE | {"requested_at": moment}, indent=2), "utf-8")
    line = next(i for i, t in enumerate(case.read_text("utf-8").splitlines(), 1) if '"requested_at"' in t)
    result = runner.invoke(app, ["plan", str(case)], env=env)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{case}:{line}:" in result.stderr
    assert f"requested_at: {moment} is out of range: give a date and time in the years 2000-2100" in result.stderr
    assert result.stdout == ""


def broken_copy(source: Path, target: Path, file: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of rules/ or graph/ with one mistake; returns the broken file and the mistake's line."""
    shutil.copytree(source, target)
    broken = target / file
    lines = broken.read_text("utf-8").splitlines()
    number = next(i for i, t in enumerate(lines) if old in t)
    lines[number] = lines[number].replace(old, new)
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    return broken, number + 1


COMMANDS = {
    "plan": lambda tmp: ["plan", str(write_case(tmp))],
    "screen": lambda tmp: ["screen", str(ROOT / "docs" / "examples" / "survey.csv")],
    "coverage": lambda tmp: ["coverage", "--province", "TH-52"],
    "graph export": lambda tmp: ["graph", "export", "--out", str(tmp / "net.graphml")],
    "token create": lambda tmp: ["token", "create", "--role", "cm", "--organization", "plk-cm-unit"],
    "serve": lambda tmp: ["serve", "--port", "9"],  # refused before anything listens
}


def write_case(tmp: Path) -> Path:
    case = tmp / "case.json"
    case.write_text(json.dumps(CASE), "utf-8")
    return case


@pytest.mark.parametrize("command", ["plan", "screen", "serve"])
def test_commands_on_broken_rules_print_each_problem_and_exit_1_without_a_traceback(
    env: dict[str, str], tmp_path: Path, command: str
) -> None:
    broken, line = broken_copy(ROOT / "rules", tmp_path / "rules", "housing.yaml", "    reference:", "    refrence:")
    result = runner.invoke(app, COMMANDS[command](tmp_path), env=env | {"SAFETYNET_RULES_DIR": str(tmp_path / "rules")})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{broken}:{line}:5: " in result.stderr
    assert f"error: cannot {command}: the rule files have errors (see above)" in result.stderr
    assert "`safetynet rules check`" in result.stderr
    assert not (tmp_path / "net.graphml").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_commands_on_a_broken_network_print_each_problem_and_exit_1_without_a_traceback(
    env: dict[str, str], tmp_path: Path, command: str
) -> None:
    broken, line = broken_copy(
        ROOT / "graph", tmp_path / "graph", "organizations/lampang.yaml", "kind: core_team", "kind: core_teem"
    )
    result = runner.invoke(app, COMMANDS[command](tmp_path), env=env | {"SAFETYNET_GRAPH_DIR": str(tmp_path / "graph")})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{broken}:{line}:" in result.stderr
    assert "the partner network files have errors (see above)" in result.stderr
    assert "`safetynet graph check`" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "net.graphml").exists()


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("2026-13-01", "--on: '2026-13-01' is not a date: give YYYY-MM-DD, e.g. 2026-11-22"),
        ("22/11/2026", "--on: '22/11/2026' is not a date: give YYYY-MM-DD"),
        ("1999-12-31", "--on: 1999-12-31 is out of range: give a date in the years 2000-2100"),
        ("2101-01-01", "--on: 2101-01-01 is out of range"),
        ("2569-11-22", "--on: 2569-11-22 is out of range (2569 looks like a Buddhist-era year (พ.ศ.): write 2026-11"),
    ],
)
def test_screen_refuses_a_bad_on_date_with_a_clear_message(env: dict[str, str], on: str, message: str) -> None:
    result = runner.invoke(app, ["screen", str(ROOT / "docs" / "examples" / "survey.csv"), "--on", on], env=env)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert message in result.stderr
    assert result.stdout == ""


def test_screen_skips_rows_that_are_not_utf8_by_line_and_goes_on(env: dict[str, str], tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"  # a Thai Excel export: the Windows Thai code page, not UTF-8
    survey.write_bytes(
        "case_ref,age,province,enrolled\nR1,10,Yala,true\nR2,15,ลำปาง,false\nR3,16,Yala,false\n".encode("cp874")
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["screen", str(survey), "--out", str(out), "--on", "2026-11-22"], env=env)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{survey}:3: skipped: not UTF-8 text from column 7 " in result.stderr
    assert "save the file as UTF-8 (in Excel: Save As, then 'CSV UTF-8 (Comma delimited)')" in result.stderr
    assert [json.loads(line)["case_ref"] for line in out.read_text("utf-8").splitlines()] == ["R1", "R3"]


def test_plan_reports_a_jsonl_line_that_is_not_utf8_and_plans_the_others(env: dict[str, str], tmp_path: Path) -> None:
    thai = dict(
        CASE, case_ref="PLK-CLI-2", child=dict(CASE["child"], location={"province": "TH-65", "district": "เมือง"})
    )
    many = tmp_path / "cases.jsonl"
    many.write_bytes(
        json.dumps(CASE).encode()
        + b"\n"
        + json.dumps(thai, ensure_ascii=False).encode("cp874")
        + b"\n"
        + json.dumps(CASE).encode()
        + b"\n"
    )
    result = runner.invoke(app, ["plan", str(many), "--json"], env=env)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert len(result.stdout.splitlines()) == 2
    assert f"{many}:2:" in result.stderr
    assert "save the file as UTF-8" in result.stderr


DATABASE_COMMANDS = {
    "create a token": ["token", "create", "--role", "admin"],
    "list the tokens": ["token", "list"],
    "revoke the token": ["token", "revoke", "tok_0000"],
    "serve": ["serve", "--port", "9"],  # refused before anything listens
}


@pytest.fixture
def closed_port() -> int:
    from tests.cli.test_serve import free_port

    return free_port()  # nothing listens there


@pytest.mark.parametrize("doing", list(DATABASE_COMMANDS))
def test_commands_on_an_unreachable_database_print_one_line_and_exit_1(
    env: dict[str, str], closed_port: int, doing: str
) -> None:
    url = f"postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:{closed_port}/test"
    result = runner.invoke(app, DATABASE_COMMANDS[doing], env=env | {"SAFETYNET_DATABASE_URL": url})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    (line,) = result.stderr.splitlines()
    masked = f"postgresql+psycopg://postgres:***@127.0.0.1:{closed_port}/test"
    assert line.startswith(f"error: cannot {doing}: cannot open the database {masked}: ")
    assert line.endswith("Check that the PostgreSQL server is running there and that SAFETYNET_DATABASE_URL is right")
    assert "s3cret-pw" not in result.output
    assert result.stdout == ""


def test_a_default_database_that_cannot_be_created_says_which_folder(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", "utf-8")
    var = tmp_path / "a-file" / "var"
    result = runner.invoke(app, ["token", "list"], env=env | {"SAFETYNET_VAR_DIR": str(var)})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines() == [
        f"error: cannot list the tokens: cannot create the database folder {var}: Not a directory "
        f"(database sqlite:///{var}/safetynet.db). Check that SAFETYNET_VAR_DIR can be written, "
        "or set SAFETYNET_DATABASE_URL"
    ]


def test_token_list_on_an_unreachable_database_prints_no_traceback_in_a_real_process(
    env: dict[str, str], closed_port: int
) -> None:
    url = f"postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:{closed_port}/test"
    done = subprocess.run(
        [sys.executable, "-m", "safetynet", "token", "list"],
        env=os.environ | env | {"SAFETYNET_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: cannot list the tokens: cannot open the database postgresql+psycopg://postgres:***@")
    assert "Traceback" not in done.stderr
