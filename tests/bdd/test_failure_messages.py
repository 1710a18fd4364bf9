"""A broken rule makes the related scenarios fail, and the failure says, in the expert's words, what was
expected and what the plan gave.

The rules are copied to a temporary folder and one rule is changed, as a policy writer might by mistake.
In-process tests drive the same step functions on a service built over the broken copy; one end-to-end test
runs ``features/housing.feature`` in a child pytest with ``SAFETYNET_RULES_DIR`` pointing at the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import build_runtime
from safetynet.settings import Settings
from tests.bdd.rule_coverage import RuleCoverage
from tests.bdd.steps.case_steps import a_child, home, lives_in, needs_one
from tests.bdd.steps.plan_rules import explains_with, meets_every_need
from tests.bdd.steps.plan_steps import asks_for_plan, first_candidate, suggests
from tests.bdd.world import Service, World

ROOT = Path(__file__).resolve().parents[2]
HOUSING = "rules/housing.yaml"


def broken_rules(tmp: Path, old: str, new: str) -> Path:
    """A copy of rules/ with ``old`` replaced by ``new`` once in rules/housing.yaml."""
    copy = tmp / "rules"
    shutil.copytree(ROOT / "rules", copy)
    path = copy / "housing.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{HOUSING} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def broken_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The service over rules where housing.dilapidated_home no longer asks the local government."""
    tmp = tmp_path_factory.mktemp("broken")
    rules = broken_rules(tmp, "        - {kind: local_government, level: subdistrict}\n", "")
    settings = Settings(database_url="", rules_dir=rules, graph_dir=ROOT / "graph", var_dir=tmp)
    runtime = build_runtime(settings)
    try:
        yield Service(runtime, TestClient(create_app(settings, runtime=runtime)), RuleCoverage())
    finally:
        runtime.close()


def _phitsanulok_girl(world: World) -> World:
    world.where = "features/housing.feature:12: Then ..."
    a_child(world, age="12", who="girl", province="Phitsanulok")
    lives_in(world, district="Mueang Phitsanulok", subdistrict="Nai Mueang")
    home(world, condition="dilapidated")
    needs_one(world, need="housing_repair", urgency=None)
    asks_for_plan(world, org="plk-cm-unit")
    return world


def test_a_missing_provider_is_told_with_what_the_plan_gave_instead(broken_service: Service) -> None:
    world = _phitsanulok_girl(World(broken_service))
    with pytest.raises(pytest.fail.Exception) as failed:
        suggests(world, org="เทศบาลนครพิษณุโลก", need="housing_repair")
    message = str(failed.value)
    assert message.startswith("features/housing.feature:12: Then ...\n")
    assert "Expected the plan to suggest Phitsanulok City Municipality (plk-city-municipality) for housing_repair" in (
        message
    )
    assert "but it gave:\n  1. Phitsanulok Provincial Office of Social Development and Human Security" in message
    assert "(plk-sdhso-office), province, 6 h: plk-cm-unit → plk-sdhso-office" in message
    assert "rules that fired: housing.dilapidated_home" in message
    assert "case: age 12; female; in_school; Phitsanulok / Mueang Phitsanulok / Nai Mueang" in message


def test_a_thai_scenario_is_told_in_thai(broken_service: Service) -> None:
    world = _phitsanulok_girl(World(broken_service, language="th"))
    with pytest.raises(pytest.fail.Exception) as failed:
        first_candidate(world, need="ซ่อมแซมที่อยู่อาศัย", org="เทศบาลนครพิษณุโลก")
    message = str(failed.value)
    assert "คาดว่า เทศบาลนครพิษณุโลก (plk-city-municipality) จะเป็นหน่วยงานแรกสำหรับ housing_repair แต่แผนเสนอ:" in message
    assert "1. สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดพิษณุโลก (plk-sdhso-office)" in message
    assert "กฎที่ทำงาน: housing.dilapidated_home" in message


def test_an_unmet_need_is_told_with_its_reason_and_escalation_never_none(broken_service: Service) -> None:
    world = _phitsanulok_girl(World(broken_service, language="th"))
    needs_one(world, need="job_placement", urgency=None)  # the employment office takes no one under 15
    asks_for_plan(world, org="plk-cm-unit")
    with pytest.raises(pytest.fail.Exception) as failed:
        meets_every_need(world)
    message = str(failed.value)
    assert "คาดว่าแผนจะตอบสนองทุกความต้องการ แต่ยังมีความต้องการที่ไม่ได้รับการตอบสนอง:" in message
    assert "  - job_placement: no_partner (no partner can take this child for job_placement (nearest: 1. " in message
    assert "takes ages 15 and over (the child is 12)" in message
    assert "; ส่งเรื่องต่อให้ plk-core-team" in message
    assert "None" not in message


def test_the_same_steps_pass_on_the_shipped_rules(bdd_service: Service) -> None:
    world = _phitsanulok_girl(World(bdd_service))
    suggests(world, org="เทศบาลนครพิษณุโลก", need="housing_repair")
    explains_with(world, need="housing_repair", rule="housing.dilapidated_home")


def test_a_changed_age_limit_fails_the_housing_feature_with_readable_messages(tmp_path: Path) -> None:
    rules = broken_rules(tmp_path, "child.age < 18\n      - household.housing_condition == dilapidated", (
        "child.age < 12\n      - household.housing_condition == dilapidated"
    ))
    env = {
        **os.environ,
        "SAFETYNET_RULES_DIR": str(rules),
        "SAFETYNET_UNEXERCISED_RULES_FILE": str(tmp_path / "unexercised.txt"),
    }
    command = [sys.executable, "-m", "pytest", "tests/bdd/test_features.py", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [*command, "-k", "features/housing.feature"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    step = "features/housing.feature:15: Then the plan explains housing_repair with rule housing.dilapidated_home"
    assert step in out
    assert (
        "Expected rule housing.dilapidated_home to fire for housing_repair, but rules that fired: housing.baseline"
        in out
    )
    assert f"- housing.dilapidated_home ({rules}{os.sep}housing.yaml:" in out
    assert "): child.age < 12, household.housing_condition == dilapidated" in out
    assert "case: age 12; female; at_risk; Phitsanulok / Mueang Phitsanulok / Nai Mueang; household housing_" in out
    assert "Traceback" not in out
    # the 12- and 17-year-olds fail; poor home, good home, and the ages 0 and 18 still pass
    assert "2 failed, 4 passed" in out, out
