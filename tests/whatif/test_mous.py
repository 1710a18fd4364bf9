"""``safetynet coverage --province P --suggest-mous``: on a hand-made network, the known best MOU comes first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.network.records import mou, org, write_network
from tests.whatif.conftest import DILAPIDATED, KO_KHA, MUEANG, Run, case, edit, remove_mou, small_rules, write_cases
from tests.whatif.conftest import ROOT as REPO


@pytest.fixture
def lampang(tmp_path: Path, env: dict[str, str]) -> Path:
    """Housing repair in Ko Kha and school in Ko Kha: no MOU reaches them. Housing repair in Mueang Lampang: an
    MOU of 30 hours with the CM unit, past the 24-hour deadline of an urgent need."""
    organizations = [
        org("cm", "case_management", district="Mueang Lampang"),
        org("core", "core_team", district="Mueang Lampang"),
        org("lg-kokha", "local_government", district="Ko Kha", area="district", services=["housing_repair"]),
        org("lg-mueang", "local_government", district="Mueang Lampang", area="district", services=["housing_repair"]),
        org("school-kokha", "school", district="Ko Kha", area="district", services=["school_enrolment"]),
        org("lg-other", "local_government", province="TH-65", area="province", services=["housing_repair"]),
    ]
    mous = [mou("cm-core", ["cm", "core"], 2), mou("cm-mueang", ["cm", "lg-mueang"], 30, ["housing_repair"])]
    graph = write_network(tmp_path / "graph", organizations, mous)
    env.update(SAFETYNET_RULES_DIR=str(small_rules(tmp_path / "rules")), SAFETYNET_GRAPH_DIR=str(graph))
    cases = [case(f"K-{n}", 8 + n, ["housing_repair"], where=KO_KHA, **DILAPIDATED) for n in range(3)]
    cases += [case(f"M-{n}", 8 + n, ["housing_repair"], where=MUEANG, **DILAPIDATED) for n in range(2)]
    cases.append(case("S-0", 12, ["return_to_school"], where=KO_KHA))
    cases.append(case("X-0", 12, ["housing_repair"], where={"province": "TH-65"}, **DILAPIDATED))  # not Lampang
    return write_cases(tmp_path / "cases.jsonl", cases)


def test_the_mou_that_helps_most_cases_comes_first(run: Run, lampang: Path) -> None:
    result = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(lampang), "--mou-hours", "6",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["province"], found["cases"], found["mou_hours"]) == ("TH-52", 6, 6.0)
    ranked = [tuple(p["organization_id"] for p in s["parties"]) for s in found["suggestions"]]
    # the CM unit's own MOU with Ko Kha's local government reaches 3 children (6 h each); through the core team
    # it reaches the same 3, 2 hours later; the core team with Mueang's saves 2 x 22 hours for 2 children
    assert ranked[:3] == [("cm", "lg-kokha"), ("core", "lg-kokha"), ("core", "lg-mueang")]
    best = found["suggestions"][0]
    assert best | {"parties": None} == {
        "rank": 1,
        "parties": None,
        "services": ["housing_repair"],
        "cases_helped": 3,
        "needs_helped": 3,
        "newly_reached": 3,
        "hours_saved": 0,
        "case_refs": ["K-0", "K-1", "K-2"],
        "alternative_to": None,
    }
    assert found["suggestions"][1]["alternative_to"] == 1  # the core team's way to the same three children
    third = found["suggestions"][2]
    assert (third["case_refs"], third["hours_saved"], third["newly_reached"]) == (["M-0", "M-1"], 44, 0)
    assert ("cm", "lg-mueang") not in ranked  # an MOU for housing repair binds them already
    assert {("cm", "school-kokha"), ("core", "school-kokha")} <= set(ranked)


def test_the_suggestions_read_in_thai_and_english(run: Run, lampang: Path) -> None:
    result = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(lampang), "--mou-hours", "6")
    assert result.exit_code == 0, result.output
    assert "MOU ที่ควรลงนามต่อไป / Which MOU next: TH-52" in result.stdout
    assert "1. cm (หน่วยงาน cm) ↔ lg-kokha (หน่วยงาน lg-kokha)" in result.stdout
    assert "cases gaining a candidate within the deadline: 3" in result.stdout
    assert "หรือแทนข้อ 1: เคสเดียวกันผ่านอีกหน่วยงาน / instead of #1: the same cases through another party" in result.stdout


def test_a_new_mou_too_slow_for_the_deadline_is_not_suggested(run: Run, lampang: Path) -> None:
    result = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(lampang), "--mou-hours", "30",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    ranked = [tuple(p["organization_id"] for p in s["parties"]) for s in json.loads(result.stdout)["suggestions"]]
    assert ranked == [("cm", "school-kokha"), ("core", "school-kokha")]  # 7 days for school; 24 h for housing


def test_cases_left_out_are_named_not_silently_dropped(run: Run, lampang: Path, tmp_path: Path) -> None:
    result = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(lampang), "--mou-hours", "6")
    assert result.exit_code == 0, result.output
    assert "1 case(s) of other provinces left out (X-0)" in result.stderr  # TH-65's, in a Lampang what-if
    other = [case("X-1", 12, ["housing_repair"], where={"province": "TH-65"})]
    elsewhere = write_cases(tmp_path / "elsewhere.jsonl", other)
    none = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(elsewhere))
    assert none.exit_code == 0, none.output
    assert "ไม่มีเคสของ TH-52 ให้ดู / no case of TH-52 to look at" in none.stdout
    assert "no new MOU would help" not in none.stdout
    stranger = case("RB-1", 9, ["housing_repair"], where=KO_KHA, **DILAPIDATED) | {"requested_by": "cm-typo"}
    refused = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases",
                  str(write_cases(tmp_path / "refused.jsonl", [stranger])))  # fmt: skip
    assert "RB-1: skipped: requested_by: no organization with id 'cm-typo'" in refused.stderr


def test_options_that_would_be_ignored_are_refused(run: Run, lampang: Path) -> None:
    """--since filters stored plans: with --cases it would be ignored; the --suggest-mous options without it too."""
    since = run("coverage", "--province", "TH-52", "--suggest-mous", "--cases", str(lampang), "--since", "2026-11-01")
    assert since.exit_code == 1
    assert "--since goes with the stored plans, not --cases" in since.stderr
    for extra in (["--cases", str(lampang)], ["--since", "2026-11-01"], ["--mou-hours", "6"], ["--top", "2"]):
        alone = run("coverage", "--province", "TH-52", *extra)
        assert alone.exit_code == 1, extra
        assert "go with --suggest-mous" in alone.stderr


def test_a_province_without_a_cm_unit_is_refused_as_coverage_refuses_it(run: Run, lampang: Path) -> None:
    result = run("coverage", "--province", "TH-65", "--suggest-mous", "--cases", str(lampang))
    assert result.exit_code == 1
    assert "--province: no case_management unit in TH-65; known provinces: TH-52" in result.stderr


def test_coverage_of_a_draft_network_and_rules_shows_its_partners_and_a_new_service_s_holes(
    run: Run, draft_rules: Path, draft_graph: Path
) -> None:
    """A coordinator's draft closes a hole, and a policy writer's new service that no partner gives yet is a hole in
    every district: both seen before they go live (coverage read only graph/ and rules/, the live folders)."""
    edit(draft_rules / "services.yaml", "services:\n", "services:\n  - code: local_grant\n"
         "    label: {th: ทุนท้องถิ่น, en: Local grant}\n    needs: [scholarship]\n")  # fmt: skip
    remove_mou(draft_graph, "plk-cm-city-municipality")

    def table(*drafts: str) -> Any:
        result = run("coverage", "--province", "พิษณุโลก", "--json", *drafts)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def city(found: Any) -> list[str]:  # who gives a housing repair to one subdistrict of Mueang Phitsanulok
        cells = next(r["cells"] for r in found["rows"] if r["service"] == "housing_repair")
        return list(next(c["subdistrict_only"] for c in cells if c["district_code"] == "6501"))

    live, draft = table(), table("--graph", str(draft_graph), "--rules", str(draft_rules))
    assert city(live) == ["plk-city-municipality"]
    assert city(draft) == []  # its MOU removed: no longer reached
    everywhere = {f"65{n:02d}" for n in range(1, 10)}  # Phitsanulok's nine districts
    assert {h["district"] for h in draft["holes"] if h["service"] == "local_grant"} == everywhere
    assert not any(h["service"] == "local_grant" for h in live["holes"])


def test_the_mous_suggested_bring_in_only_kinds_that_coverage_counts_and_fill_its_holes(run: Run) -> None:
    """Both read the kinds the rules ask for (``--suggest-mous`` routes each case as a plan does, coverage counts the
    union of the rules in force): in Nakhon Ratchasima every provider suggested is of a kind the coverage table counts
    for its service, and the learning-supplies MOU fills a service that the table shows as a hole."""
    cases = str(REPO / "docs" / "examples" / "nma-cases.jsonl")
    suggested = run("coverage", "--province", "TH-30", "--suggest-mous", "--cases", cases, "--json")
    assert suggested.exit_code == 0, suggested.output
    table = run("coverage", "--province", "TH-30", "--json")
    assert table.exit_code == 0, table.output
    kinds = {row["service"]: row["kinds"] for row in json.loads(table.stdout)["rows"]}
    holes = {hole["service"] for hole in json.loads(table.stdout)["holes"]}
    suggestions = json.loads(suggested.stdout)["suggestions"]
    assert suggestions
    for suggestion in suggestions:
        provider = suggestion["parties"][1]
        assert all(provider["kind"] in kinds[service] for service in suggestion["services"]), suggestion
    assert any(
        "learning_supplies" in s["services"] and s["parties"][1]["organization_id"] == "th-kfc-foundation"
        for s in suggestions
    )
    assert "learning_supplies" in holes
