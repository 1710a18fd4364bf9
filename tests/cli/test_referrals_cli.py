"""`safetynet stats` and `safetynet referrals list`: the operator's view, with no child facts printed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.contract.referral import Action
from safetynet.store import Store
from tests.cli.test_cli import env
from tests.referrals.samples import NOW, stored_plan
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
    assert lines[0].endswith("OVERDUE")
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
    assert "need housing_repair" in text.stdout
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
