"""``safetynet whatif``: what a draft rule or network does to cases, as a policy writer or coordinator runs it."""

from __future__ import annotations

import json
from pathlib import Path

from safetynet.errors import Problem
from safetynet.rules import read_rulebook
from safetynet.whatif import checked_rules
from tests.opened import files_opened
from tests.whatif.conftest import (
    DILAPIDATED,
    KO_KHA,
    MUEANG,
    ROOT,
    Run,
    case,
    drop_rule,
    edit,
    remove_mou,
    write_cases,
)


def housing_cases(tmp_path: Path) -> Path:
    """Children of every age around the limits, in dilapidated or poor homes, and a case without housing needs."""
    cases = [case(f"H-{age:02d}", age, ["housing_repair"], **DILAPIDATED) for age in (5, 11, 12, 15, 17, 19)]
    cases.append(case("P-15", 15, ["housing_repair"], housing_condition="poor"))
    cases.append(case("S-10", 10, ["scholarship", "learning_supplies"], income_monthly=2000))
    return write_cases(tmp_path / "cases.jsonl", cases)


def under_12(draft_rules: Path) -> Path:
    """housing.dilapidated_home for children under 12 only (it says under 18)."""
    edit(draft_rules / "housing.yaml", "child.age < 18", "child.age < 12")
    return draft_rules


def without_baseline(draft_rules: Path) -> Path:
    """No housing.baseline: a child no other housing rule covers is left without housing repair."""
    drop_rule(draft_rules / "housing.yaml", "housing.baseline")
    return draft_rules


def test_a_tightened_rule_reports_exactly_the_cases_it_affects(run: Run, tmp_path: Path, draft_rules: Path) -> None:
    result = run(
        "whatif", "--rules", str(under_12(draft_rules)), str(housing_cases(tmp_path)), "--json", "--examples", "20"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cases"] == 8
    assert report["changed"] == 3
    housing = report["needs"]["housing_repair"]
    # the baseline still refers the children of 12 and over, no longer urgently (within 7 days, not 24 hours)
    assert (housing["urgency_changed"], housing["deadline_changed"]) == (3, 3)
    assert (housing["cases"], housing["served_before"], housing["served_after"]) == (7, 7, 7)
    others = {(need, kind): n for need, counts in report["needs"].items() for kind, n in counts.items()}
    for kept in ("cases", "served_before", "served_after"):
        others = {k: n for k, n in others.items() if k[1] != kept}
    changed = {("housing_repair", "urgency_changed"): 3, ("housing_repair", "deadline_changed"): 3}
    assert {k: n for k, n in others.items() if n} == changed
    stopped = {"started": 0, "stopped": 3, "examples": {"started": [], "stopped": ["H-12", "H-15", "H-17"]}}
    assert report["rules"] == {"housing.dilapidated_home": stopped}
    slower = [e for e in report["examples"] if e["kind"] == "deadline_changed"]
    assert sorted(e["case_ref"] for e in slower) == ["H-12", "H-15", "H-17"]
    assert all(e["before"]["deadline_hours"] == 24 and e["after"]["deadline_hours"] == 168 for e in slower)
    assert all(e["after"]["rules"] == ["housing.baseline"] for e in slower)
    assert slower[0]["before"]["rules"] == ["housing.dilapidated_home", "housing.baseline"]


def test_a_tightened_rule_without_the_baseline_leaves_children_unmet(
    run: Run, tmp_path: Path, draft_rules: Path
) -> None:
    draft = without_baseline(under_12(draft_rules))
    result = run("whatif", "--rules", str(draft), str(housing_cases(tmp_path)), "--json", "--examples", "20")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    housing = report["needs"]["housing_repair"]
    assert (housing["served_to_unmet"], housing["served_before"], housing["served_after"]) == (4, 7, 3)
    lost = [e for e in report["examples"] if e["kind"] == "served_to_unmet"]
    assert sorted(e["case_ref"] for e in lost) == ["H-12", "H-15", "H-17", "H-19"]  # H-19: the baseline's only
    assert all(e["before"]["status"] == "served" and e["after"]["status"] == "no_rule" for e in lost)


def test_the_table_names_the_change_in_thai_and_english(run: Run, tmp_path: Path, draft_rules: Path) -> None:
    cases = str(housing_cases(tmp_path))
    result = run("whatif", "--rules", str(under_12(draft_rules)), cases)
    assert result.exit_code == 0, result.output
    assert "ความเร่งด่วนเปลี่ยน / urgency changed  3  H-12, H-15, H-17" in result.stdout
    assert "housing_repair ซ่อมแซมที่อยู่อาศัย" in result.stdout
    assert "housing.dilapidated_home  0" in result.stdout  # starts firing 0, stops firing 3
    lost = run("whatif", "--rules", str(without_baseline(draft_rules)), cases)
    assert "ได้รับบริการ → ไม่ได้รับ / served → unmet  4  H-12 (no_rule), H-15 (no_rule), H-17 (no_rule)" in lost.stdout


def test_identical_data_reports_no_change(run: Run, tmp_path: Path, draft_rules: Path, draft_graph: Path) -> None:
    cases = housing_cases(tmp_path)
    result = run("whatif", "--rules", str(draft_rules), "--graph", str(draft_graph), str(cases), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["cases"], report["changed"], report["rules"], report["examples"]) == (8, 0, {}, [])
    assert report["rules_version"]["before"] == report["rules_version"]["after"]  # the same files, the same hash
    text = run("whatif", "--rules", str(draft_rules), str(cases), "--fail-on-loss")
    assert text.exit_code == 0
    assert "ไม่มีการเปลี่ยนแปลง / no change" in text.stdout


def test_removing_one_mou_reports_the_cases_that_lose_their_path(
    run: Run, small: dict[str, Path], tmp_path: Path
) -> None:
    draft = Path(str(small["graph"]) + "-draft")
    draft.mkdir()
    for path in small["graph"].iterdir():
        (draft / path.name).write_text(path.read_text("utf-8"), "utf-8")
    remove_mou(draft, "cm-kokha")
    cases = [case(f"K-{n}", 9 + n, ["housing_repair"], where=KO_KHA, **DILAPIDATED) for n in range(3)]
    cases += [case(f"M-{n}", 9 + n, ["housing_repair"], where=MUEANG, **DILAPIDATED) for n in range(2)]
    cases.append(case("S-1", 10, ["return_to_school"], where=KO_KHA))
    result = run("whatif", "--graph", str(draft), str(write_cases(tmp_path / "c.jsonl", cases)), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changed"] == 3
    assert report["needs"]["housing_repair"]["served_to_unmet"] == 3
    assert sorted(e["case_ref"] for e in report["examples"]) == ["K-0", "K-1", "K-2"]
    assert {e["after"]["status"] for e in report["examples"]} == {"no_path"}
    assert report["rules"] == {}  # the same rules fire: only the network changed
    assert report["graph_version"]["before"] != report["graph_version"]["after"]


def test_fail_on_loss_exits_1_only_when_a_case_loses_a_service(run: Run, tmp_path: Path, draft_rules: Path) -> None:
    cases = str(housing_cases(tmp_path))
    loosened = Path(str(draft_rules) + "-loose")
    loosened.mkdir()
    for path in draft_rules.rglob("*"):
        target = loosened / path.relative_to(draft_rules)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    edit(loosened / "housing.yaml", "child.age < 18", "child.age < 21")  # H-19: urgent repair, not the baseline
    gained = run("whatif", "--rules", str(loosened), cases, "--fail-on-loss", "--json")
    assert gained.exit_code == 0, gained.output
    assert json.loads(gained.stdout)["needs"]["housing_repair"]["urgency_changed"] == 1
    slower = run("whatif", "--rules", str(under_12(draft_rules)), cases, "--fail-on-loss")
    assert slower.exit_code == 0, slower.output  # the baseline still serves them: later, but no loss
    lost = run("whatif", "--rules", str(without_baseline(draft_rules)), cases, "--fail-on-loss")
    assert lost.exit_code == 1
    assert "4 need(s) of the cases lose their service" in lost.stderr
    assert run("whatif", "--rules", str(draft_rules), cases).exit_code == 0  # without --fail-on-loss: 0


def test_a_broken_draft_is_reported_as_rules_check_does_and_nothing_runs(
    run: Run, tmp_path: Path, draft_rules: Path
) -> None:
    edit(draft_rules / "housing.yaml", "child.age < 18", "child.agee < 18")  # in the first rule
    edit(draft_rules / "housing.yaml", "housing_condition == poor", "housing_condition == pooor")  # the second
    checked = run("rules", "check", str(draft_rules))
    assert checked.exit_code == 1
    result = run("whatif", "--rules", str(draft_rules), str(housing_cases(tmp_path)), "--json")
    assert result.exit_code == 1
    assert result.stdout == checked.stdout  # every problem, each `path:line:col: message`, and no report
    lines = result.stdout.splitlines()
    assert len([line for line in lines if "housing.yaml:" in line and "warning" not in line]) >= 2
    assert f"fix the draft in {draft_rules}" in result.stderr


def test_a_broken_draft_network_is_reported_as_graph_check_does(run: Run, tmp_path: Path, draft_graph: Path) -> None:
    edit(draft_graph / "mous" / "phitsanulok.yaml", "parties: [plk-cm-unit, plk-city-municipality]",
         "parties: [plk-cm-unit, plk-city-municipalty]")  # fmt: skip
    checked = run("graph", "check", str(draft_graph))
    assert checked.exit_code == 1
    result = run("whatif", "--graph", str(draft_graph), str(housing_cases(tmp_path)))
    assert result.exit_code == 1
    assert result.stdout == checked.stdout
    assert "phitsanulok.yaml:" in result.stdout


def test_a_draft_that_only_warns_runs_and_says_what_the_checks_say(
    run: Run, tmp_path: Path, draft_rules: Path, draft_graph: Path
) -> None:
    edit(draft_rules / "services.yaml", "services:\n", "services:\n  - code: night_shelter\n"
         "    label: {th: ที่พักฉุกเฉิน, en: Night shelter}\n    needs: [child_protection]\n")  # fmt: skip
    rules_said = [line for line in run("rules", "check", str(draft_rules)).stdout.splitlines() if "warning" in line]
    graph_said = [line for line in run("graph", "check", str(draft_graph)).stdout.splitlines() if "warning" in line]
    assert any("night_shelter" in line for line in rules_said)
    assert graph_said  # the shipped network's expired MOUs
    result = run("whatif", "--rules", str(draft_rules), "--graph", str(draft_graph), str(housing_cases(tmp_path)))
    assert result.exit_code == 0
    for line in rules_said + graph_said:
        assert line in result.stderr.splitlines()


def test_a_draft_is_checked_and_loaded_from_one_reading_of_its_folder(draft_rules: Path) -> None:
    """``checked_rules`` (a what-if's draft, ``rules diff``, a dry-run reload) gives the book it checked: each file
    is opened as often as one reading of the folder opens it, not read again to load what was checked."""
    edit(draft_rules / "services.yaml", "services:\n", "services:\n  - code: night_shelter\n"
         "    label: {th: ที่พักฉุกเฉิน, en: Night shelter}\n    needs: [child_protection]\n")  # fmt: skip
    with files_opened(draft_rules) as once:
        read_rulebook(draft_rules)
    warned: list[Problem] = []
    with files_opened(draft_rules) as opened:
        book = checked_rules(draft_rules, warned.append)
    assert opened == once
    assert book.rules
    assert [p.message for p in warned] == ["no rule suggests service 'night_shelter'"]  # still told


def test_survey_rows_are_screened_on_each_side_then_planned(run: Run, tmp_path: Path, draft_rules: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "case_ref,age,province,district,subdistrict,enrolled,housing_condition,guardian\n"
        "R-1,14,TH-65,Mueang Phitsanulok,Nai Mueang,true,dilapidated,parents\n"
        "R-2,9,TH-65,Mueang Phitsanulok,Nai Mueang,true,dilapidated,parents\n"
        "R-3,14,TH-65,Mueang Phitsanulok,Nai Mueang,true,good,parents\n"
        "R-4,10,,,,true,dilapidated,parents\n",
        "utf-8",
    )
    # the draft stops suggesting housing repair on screening for children of 12 and over
    edit(draft_rules / "screening" / "household.yaml", "child.age < 18", "child.age < 12")
    result = run("whatif", "--rules", str(draft_rules), str(survey), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cases"] == 2  # R-3 is suggested nothing on either side; R-4 has no province (skipped, said)
    assert report["skipped"] == 1
    assert "R-4: skipped: province not given" in result.stderr
    assert report["needs"]["housing_repair"]["served_to_unmet"] == 1
    (lost,) = report["examples"]
    assert (lost["case_ref"], lost["after"]["status"]) == ("R-1", "not_suggested")


def test_an_unknown_file_or_no_input_is_refused(run: Run) -> None:
    result = run("whatif")
    assert result.exit_code == 1
    assert "give a FILE of cases or survey rows, or --stored" in result.stderr
    both = run("whatif", str(ROOT / "docs" / "examples" / "plk-case.json"), "--stored")
    assert both.exit_code == 1


def test_a_case_whose_place_names_no_place_is_skipped_naming_the_closest(run: Run, tmp_path: Path) -> None:
    misspelt = {"province": "พิษณุโลก", "district": "Mueang Phitsanulk"}
    thai = {"province": "พิษณุโลก", "district": "เมืองพิษณุโลก", "subdistrict": "ในเมือง"}
    cases = [
        case("OK-1", 9, ["housing_repair"], **DILAPIDATED),
        case("TH-1", 9, ["housing_repair"], where=thai, **DILAPIDATED),  # the same place, in Thai
        case("BAD-1", 9, ["housing_repair"], where=misspelt, **DILAPIDATED),
    ]
    path = write_cases(tmp_path / "c.jsonl", cases)
    result = run("whatif", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["cases"], report["skipped"]) == (2, 1)
    assert report["needs"]["housing_repair"]["served_before"] == 2
    # placed where the district is written, as `safetynet plan` and every data-file error place it (it said
    # "c.jsonl: BAD-1: skipped: ...", which names no line)
    column = path.read_text("utf-8").splitlines()[2].index('"Mueang Phitsanulk"') + 1
    assert f"{path}:3:{column}: child.location.district: no district 'Mueang Phitsanulk'" in result.stderr
    assert "closest: Mueang Phitsanulok (เมืองพิษณุโลก, 6501)" in result.stderr


def test_a_rule_that_stops_firing_names_its_cases_even_when_the_plan_stays_the_same(
    run: Run, tmp_path: Path, draft_rules: Path
) -> None:
    urgent = case("U-15", 15, ["housing_repair"], **DILAPIDATED)
    urgent["needs"] = [{"code": "housing_repair", "urgent": True}]  # the baseline then plans it alike
    cases = write_cases(tmp_path / "urgent.jsonl", [urgent])
    result = run("whatif", "--rules", str(under_12(draft_rules)), str(cases), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changed"] == 1
    assert report["examples"] == []  # no kind of change of the plan: the rules that fired are the only difference
    assert report["rules"]["housing.dilapidated_home"]["examples"] == {"started": [], "stopped": ["U-15"]}
    table = run("whatif", "--rules", str(draft_rules), str(cases))
    assert "U-15 (-)" in table.stdout
