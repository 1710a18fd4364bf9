"""What the what-if tests share: cases on the shipped data, draft copies of rules/ and graph/, a small hand-made
rules folder and network (where the effect of one change is known exactly), and the command line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypedDict

import pytest
import yaml
from typer.testing import CliRunner, Result

from safetynet.cli.main import app
from tests.cli.environment import shipped
from tests.network.records import mou, org, write_network
from tests.planning.test_planner import write_rules

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-22T09:00:00+07:00"
PLK = {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"}
runner = CliRunner()


class Housing(TypedDict):
    """A household's ``housing_condition``, for ``case(..., **DILAPIDATED)``: typed so that it cannot fill ``where``."""

    housing_condition: str


DILAPIDATED: Housing = {"housing_condition": "dilapidated"}


def case(
    ref: str, age: int, needs: Iterable[str], *, where: dict[str, str] | None = None, **household: Any
) -> dict[str, Any]:
    """A case as sent to ``POST /v1/plans`` (Mueang Phitsanulok unless ``where`` says)."""
    return {
        "case_ref": ref,
        "requested_at": AT,
        "child": {"age": age, "education_status": "in_school", "location": where or PLK},
        "household": household,
        "needs": [{"code": code} for code in needs],
    }


def write_cases(path: Path, cases: Iterable[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    return path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


def drop_rule(path: Path, rule_id: str) -> None:
    """Take the rule ``rule_id`` out of the rules file ``path`` (e.g. a topic's baseline, which answers every
    child a CM assessed: without it, a tightened rule leaves the children it no longer covers unmet)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    kept = [rule for rule in data["rules"] if rule["id"] != rule_id]
    assert len(kept) == len(data["rules"]) - 1, f"no rule {rule_id} in {path}"
    data["rules"] = kept
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def draft_rules(tmp_path: Path) -> Path:
    """A copy of the shipped rules/ to edit."""
    return Path(shutil.copytree(ROOT / "rules", tmp_path / "draft-rules"))


@pytest.fixture
def draft_graph(tmp_path: Path) -> Path:
    """A copy of the shipped graph/ to edit."""
    return Path(shutil.copytree(ROOT / "graph", tmp_path / "draft-graph"))


def remove_mou(graph: Path, mou_id: str) -> None:
    for path in graph.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and any(m.get("id") == mou_id for m in data.get("mous", ())):
            data["mous"] = [m for m in data["mous"] if m["id"] != mou_id]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
            return
    raise AssertionError(f"no MOU {mou_id} in {graph}")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The command line's environment: the shipped data, a folder of its own, SQLite."""
    return shipped(tmp_path / "var")


Run = Callable[..., Result]


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    """``safetynet ARGS`` with ``env`` (and any changes given), as a user would run it."""

    def invoke(*args: str, **changes: str) -> Result:
        return runner.invoke(app, list(args), env={**env, **changes})

    return invoke


# A small world where each change has one known effect: the planner tests' rules (tests/planning), housing repair
# given by the local government of each district of Lampang, reached from the CM unit along one MOU each; return to
# school by one school in Ko Kha, which no MOU reaches.
KO_KHA = {"province": "TH-52", "district": "Ko Kha", "subdistrict": "Lampang Luang"}
MUEANG = {"province": "TH-52", "district": "Mueang Lampang"}


def small_rules(directory: Path) -> Path:
    directory.parent.mkdir(parents=True, exist_ok=True)
    return write_rules(directory)


def small_organizations() -> list[dict[str, Any]]:
    return [
        org("cm", "case_management", district="Mueang Lampang"),
        org("core", "core_team", district="Mueang Lampang"),
        org("lg-kokha", "local_government", district="Ko Kha", area="district", services=["housing_repair"]),
        org("lg-mueang", "local_government", district="Mueang Lampang", area="district", services=["housing_repair"]),
        org("school-kokha", "school", district="Ko Kha", area="district", services=["school_enrolment"]),
    ]


def small_mous() -> list[dict[str, Any]]:
    return [
        mou("cm-core", ["cm", "core"], 2),
        mou("cm-kokha", ["cm", "lg-kokha"], 4, ["housing_repair"]),
        mou("cm-mueang", ["cm", "lg-mueang"], 4, ["housing_repair"]),
    ]


@pytest.fixture
def small(tmp_path: Path, env: dict[str, str]) -> dict[str, Path]:
    """The small rules and network, written out and made the command line's own (``env``)."""
    rules = small_rules(tmp_path / "small-rules")
    graph = write_network(tmp_path / "small-graph", small_organizations(), small_mous())
    env.update(SAFETYNET_RULES_DIR=str(rules), SAFETYNET_GRAPH_DIR=str(graph))
    return {"rules": rules, "graph": graph}
