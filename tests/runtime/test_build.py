"""``build_runtime``: everything built once, out of the cyclic collector's way, which is left running."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from safetynet.errors import DataFilesInvalid
from safetynet.runtime.build import build_network, build_runtime
from safetynet.settings import Settings
from tests.shipped import SERVICES

ROOT = Path(__file__).resolve().parents[2]


def settings(tmp_path: Path, graph: Path) -> Settings:
    return Settings(rules_dir=ROOT / "rules", graph_dir=graph, var_dir=tmp_path / "var")


def test_what_is_built_is_frozen_and_the_collector_runs_again(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    runtime = build_runtime(settings(tmp_path, ROOT / "graph"), with_store=False)
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen + len(runtime.network.organizations)
    finally:
        runtime.close()


def test_a_failed_build_leaves_the_collector_running(tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(ROOT / "graph", graph)
    (graph / "mous" / "broken.yaml").write_text("mous: [", encoding="utf-8")
    with pytest.raises(DataFilesInvalid):
        build_runtime(settings(tmp_path, graph), with_store=False)
    assert gc.isenabled()


def test_the_young_generation_may_grow_past_one_referral_graph_before_a_collection(tmp_path: Path) -> None:
    runtime = build_runtime(settings(tmp_path, ROOT / "graph"), with_store=False)
    try:
        assert gc.get_threshold()[0] >= 20_000
    finally:
        runtime.close()


def test_the_time_zone_of_the_settings_reaches_the_network_and_the_planner(tmp_path: Path) -> None:
    chosen = settings(tmp_path, ROOT / "graph").model_copy(update={"timezone": "Asia/Tokyo"})
    runtime = build_runtime(chosen, with_store=False)
    try:
        assert runtime.network.timezone == runtime.planner.timezone == ZoneInfo("Asia/Tokyo")
        assert runtime.router.network is runtime.network  # routing takes its days from the network
    finally:
        runtime.close()


def test_the_network_alone_is_checked_against_the_services_catalogue_of_the_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    catalogue = rules / "services.yaml"
    catalogue.write_text(catalogue.read_text("utf-8").replace("code: medical_care", "code: medical_aid"), "utf-8")
    with pytest.raises(DataFilesInvalid) as raised:
        build_network(settings(tmp_path, ROOT / "graph").model_copy(update={"rules_dir": rules}))
    assert "'medical_care' is not a service code in the services catalogue" in str(raised.value)
    assert build_network(settings(tmp_path, ROOT / "graph")).services == SERVICES
