"""The features in ``features/`` run against the real service: the shipped rules and network (or the folders
named by ``SAFETYNET_RULES_DIR`` / ``SAFETYNET_GRAPH_DIR``, so a policy writer can try a draft), a real
rule engine and a temporary SQLite store, through the FastAPI test client. Built once per session.

Hooks here give each scenario its language (Thai or English messages), tell failure messages where the
step is, turn ``@data_gap_*`` tags into strict xfails, let ``-k`` select a feature by its file name,
register the plugin that records which rules fired and which needs were asked for, and run the tests that
check it (``tests/bdd/test_after_features.py``) after every scenario.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from safetynet.api.app import create_app
from safetynet.runtime.build import build_runtime
from safetynet.settings import Settings
from tests.bdd.data_gaps import reason
from tests.bdd.rule_coverage import PLUGIN_NAME, RuleCoverage

# The steps (fixtures named by pytest-bdd) must be visible here for the features to find them.
from tests.bdd.steps.case_steps import *  # noqa: F403
from tests.bdd.steps.place_steps import *  # noqa: F403
from tests.bdd.steps.plan_checks import *  # noqa: F403
from tests.bdd.steps.plan_rules import *  # noqa: F403
from tests.bdd.steps.plan_steps import *  # noqa: F403
from tests.bdd.steps.referral_steps import *  # noqa: F403
from tests.bdd.steps.rule_file_steps import *  # noqa: F403
from tests.bdd.steps.survey_steps import *  # noqa: F403
from tests.bdd.steps.whatif_steps import *  # noqa: F403
from tests.bdd.world import Service, World

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
_TAG = re.compile(r"(?<!\S)@([^\s@]+)")


def bdd_settings(tmp: Path) -> Settings:
    rules = os.environ.get("SAFETYNET_RULES_DIR")
    graph = os.environ.get("SAFETYNET_GRAPH_DIR")
    return Settings(
        database_url="",  # SQLite under tmp
        rules_dir=Path(rules) if rules else ROOT / "rules",
        graph_dir=Path(graph) if graph else ROOT / "graph",
        var_dir=tmp,
    )


@pytest.fixture(scope="session")
def bdd_service(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Service]:
    runtime = build_runtime(bdd_settings(tmp_path_factory.mktemp("bdd")))
    coverage = pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME)
    assert isinstance(coverage, RuleCoverage)
    coverage.book = runtime.engine.book
    try:
        yield Service(runtime, TestClient(create_app(runtime.settings, runtime=runtime)), coverage)
    finally:
        runtime.close()


@pytest.fixture
def world(bdd_service: Service) -> World:
    return World(bdd_service)


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(RuleCoverage(), PLUGIN_NAME)
    tags = {m for path in FEATURES.rglob("*.feature") for m in _TAG.findall(path.read_text(encoding="utf-8"))}
    for tag in sorted(tags):
        if not tag.startswith("data_gap"):
            config.addinivalue_line("markers", f"{tag}: a tag from a feature file")
    config.addinivalue_line("markers", "after_features: runs after every other test (tests/bdd/test_after_features.py)")


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool | None:
    if tag.startswith("data_gap"):
        pytest.mark.xfail(reason=reason(tag), strict=True)(function)
        return True
    return None


def feature_path(feature: Feature) -> str:
    return os.path.relpath(feature.filename, ROOT)


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    world: World = request.getfixturevalue("world")
    world.language = feature.language
    world.service.runtime.clock = world.clock  # plans and referrals happen at the scenario's time


def pytest_bdd_before_step(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step, step_func: Callable[..., Any]
) -> None:
    world: World = request.getfixturevalue("world")
    world.where = f"{feature_path(feature)}:{step.line_number}: {step.keyword.strip()} {step.name}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``-k khon_kaen_4331``, ``-k stories`` or ``-k features/housing.feature`` selects by feature file, whatever
    language its scenarios are written in; the tests marked ``after_features`` run last, after every scenario."""
    last = [item for item in items if item.get_closest_marker("after_features")]
    items[:] = [item for item in items if not item.get_closest_marker("after_features")] + last
    for item in items:
        template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "function", None))
        if template is None:
            continue
        path = Path(feature_path(template.feature))
        item.extra_keyword_matches.update({path.as_posix(), path.stem, *path.parent.parts[1:]})
