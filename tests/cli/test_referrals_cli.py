"""`safetynet stats` and `safetynet referrals list`: the operator's view, with no child facts printed."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.contract.referral import Action
from safetynet.store import Store
from tests.cli.test_cli import env
from tests.referrals.samples import NOW, stored_plan
from tests.shipped import RULES
from tests.store.referral_steps import act, send

runner = CliRunner()
__all__ = ["env"]


@pytest.fixture
def referrals(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Three referrals in Phitsanulok, made in November 2026 (long overdue by now): one done and helped, one
    declined for lack of capacity, one never acknowledged."""
    with Store.open(f"sqlite:///{tmp_path / 'var' / 'safetynet.db'}") as store:
        cm = store.tokens.actor_for_token(store.tokens.create_token("cm", "plk-cm-unit"))
        city = store.tokens.actor_for_token(store.tokens.create_token("agency", "plk-city-municipality"))
        assert cm is not None
        assert city is not None
        for n in (1, 2):
            store.save_plan(stored_plan(f"pln_{n}", f"PLK-CLI-{n}"), cm)
        helped = send(store, cm, "pln_1").referral_id
        later = NOW + timedelta(hours=2)
        steps: list[tuple[Action, dict[str, str]]] = [
            ("acknowledge", {}), ("accept", {}), ("done", {"outcome": "helped"})
        ]  # fmt: skip
        for action, body in steps:
            act(store, city, helped, action, later, **body)
        declined = send(store, cm, "pln_2").referral_id
        act(store, city, declined, "decline", later, reason="no_capacity")
        waiting = send(store, cm, "pln_2", "disability_allowance_registration").referral_id
    return {"helped": helped, "declined": declined, "waiting": waiting}


def test_referrals_list_overdue_shows_those_never_acknowledged(env: dict[str, str], referrals: dict[str, str]) -> None:
    result = runner.invoke(app, ["referrals", "list", "--overdue", "--province", "TH-65"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(referrals["waiting"])
    assert "OVERDUE" in lines[0]
    assert "plk-sdhso-office" in lines[0]
    assert "Mueang" not in result.stdout, "no child facts"
    every = runner.invoke(app, ["referrals", "list", "--json"], env=env)
    rows = [json.loads(line) for line in every.stdout.splitlines()]
    assert {r["referral_id"] for r in rows} == set(referrals.values())
    assert {r["referral_id"]: r["status"] for r in rows}[referrals["declined"]] == "declined"
    elsewhere = runner.invoke(app, ["referrals", "list", "--province", "TH-52"], env=env)
    assert elsewhere.stdout == ""
    bad = runner.invoke(app, ["referrals", "list", "--province", "TH-99"], env=env)
    assert bad.exit_code == 1
    assert "--province" in bad.output


def test_stats_counts_the_24_hour_promise(env: dict[str, str], referrals: dict[str, str]) -> None:
    result = runner.invoke(app, ["stats", "--province", "TH-65", "--json"], env=env)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["plans"] == 2
    assert figures["referrals"]["sent"] == 3
    assert figures["referrals"]["acknowledged_in_time"] == 1
    assert figures["referrals"]["declined"] == {"no_capacity": 1}
    assert figures["referrals"]["done_helped"] == 1
    assert figures["referrals"]["overdue_now"] == 1
    assert figures["median_hours_to_acknowledge"] == 2.0
    text = runner.invoke(app, ["stats", "--province", "TH-65"], env=env)
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == "TH-65: 2 plans, 3 referrals"
    need_line = next(line for line in text.stdout.splitlines() if line.startswith("need housing_repair "))
    assert need_line.endswith("  ซ่อมแซมที่อยู่อาศัย / Housing repair"), "each need named as the rules name it"
    assert "declined by reason: no_capacity 1" in text.stdout
    wrong = runner.invoke(app, ["stats", "--since", "2569-01-01"], env=env)
    assert wrong.exit_code == 1
    assert "Buddhist" in wrong.output


@pytest.mark.parametrize("province", ["พิษณุโลก", "จ.พิษณุโลก", "Phitsanulok", "65"])
def test_province_by_its_thai_or_english_name_or_dopa_code_as_coverage_takes_it(
    env: dict[str, str], referrals: dict[str, str], province: str
) -> None:
    listed = runner.invoke(app, ["referrals", "list", "--overdue", "--province", province], env=env)
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0].startswith(referrals["waiting"])
    counted = runner.invoke(app, ["stats", "--province", province, "--json"], env=env)
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.stdout)["province"] == "TH-65"


def test_an_unknown_province_says_what_to_write(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["stats", "--province", "พิษณุโลค"], env=env)
    assert result.exit_code == 1
    assert "--province" in result.output
    assert "closest: Phitsanulok (TH-65)" in result.output


def test_a_need_not_in_the_catalogue_says_so_instead_of_listing_nothing(
    env: dict[str, str], referrals: dict[str, str]
) -> None:
    misspelt = runner.invoke(app, ["referrals", "list", "--need", "housing_repiar"], env=env)
    assert misspelt.exit_code == 1
    assert "--need" in misspelt.output
    assert "housing_repair" in misspelt.output, "the needs there are"
    known = runner.invoke(app, ["referrals", "list", "--need", "disability_allowance_registration"], env=env)
    assert known.exit_code == 0, known.output
    assert known.stdout.splitlines()[0].startswith(referrals["waiting"])


DISABILITY = {"th": "ลงทะเบียนคนพิการและเบี้ยความพิการ", "en": "Disability registration and allowance"}


def test_the_list_names_each_need_in_thai_and_english_as_the_rules_do(
    env: dict[str, str], referrals: dict[str, str]
) -> None:
    """As ``whatif`` and ``coverage`` name them: "Thai / English", after the columns that keep their places."""
    text = runner.invoke(app, ["referrals", "list", "--need", "disability_allowance_registration"], env=env)
    assert text.exit_code == 0, text.output
    (line,) = text.stdout.splitlines()
    assert line.startswith(referrals["waiting"])
    assert line.endswith("OVERDUE  ลงทะเบียนคนพิการและเบี้ยความพิการ / Disability registration and allowance")
    every = runner.invoke(app, ["referrals", "list", "--json"], env=env)
    rows = {row["referral_id"]: row for row in map(json.loads, every.stdout.splitlines())}
    assert rows[referrals["waiting"]]["need_label"] == DISABILITY
    assert rows[referrals["helped"]]["need_label"] == {"th": "ซ่อมแซมที่อยู่อาศัย", "en": "Housing repair"}
    listed = runner.invoke(app, ["referrals", "list"], env=env).stdout.splitlines()
    done = next(line for line in listed if line.startswith(referrals["helped"]))
    assert done.endswith("ซ่อมแซมที่อยู่อาศัย / Housing repair"), "a label in its place when not overdue too"


def test_needs_the_rules_no_longer_have_or_rules_that_do_not_load_are_named_by_their_codes(
    env: dict[str, str], referrals: dict[str, str], tmp_path: Path
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    needs = rules / "needs.yaml"
    needs.write_text(needs.read_text(encoding="utf-8").replace("code: housing_repair", "code: home_repair"), "utf-8")
    housing = rules / "housing.yaml"
    housing.write_text(housing.read_text(encoding="utf-8").replace("need: housing_repair", "need: home_repair"))
    for path in (rules / "services.yaml", rules / "screening" / "household.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("[housing_repair]", "[home_repair]"), "utf-8")
    edited = env | {"SAFETYNET_RULES_DIR": str(rules)}
    assert runner.invoke(app, ["rules", "check", str(rules)], env=edited).exit_code == 0
    listed = runner.invoke(app, ["referrals", "list", "--json"], env=edited)
    by_id = {row["referral_id"]: row["need_label"] for row in map(json.loads, listed.stdout.splitlines())}
    assert by_id[referrals["helped"]] == {"th": "housing_repair", "en": "housing_repair"}
    assert by_id[referrals["waiting"]] == DISABILITY
    needs.write_text("needs: [\n", "utf-8")  # being edited: the overdue are listed all the same
    broken = runner.invoke(app, ["referrals", "list", "--overdue"], env=edited)
    assert broken.exit_code == 0, broken.output
    (line,) = broken.stdout.splitlines()
    assert line.endswith("OVERDUE  disability_allowance_registration / disability_allowance_registration")
    assert "warning: the rules in" in broken.stderr
    assert "needs are named by their codes" in broken.stderr
    misspelt = runner.invoke(app, ["referrals", "list", "--need", "housing_repair"], env=edited)
    assert misspelt.exit_code == 1, "--need is checked against the catalogue: it must load"
