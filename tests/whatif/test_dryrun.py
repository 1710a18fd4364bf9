"""``POST /v1/rules/reload?dry_run=true``: the draft is checked and tried on the most recent stored cases while
the live rules keep serving; the answer says how many cases, and tells a policy writer no case data."""

from __future__ import annotations

import fcntl
import importlib
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.contract.case import Case
from safetynet.rules import RuleBook, RuleEngine
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings
from safetynet.store import NewPlan
from tests.api.client import bearer
from tests.whatif.conftest import ROOT, case, edit
from tests.whatif.test_catalogue_kept import GRAPH, dropped, renamed

Service = tuple[Runtime, TestClient, dict[str, str], Path]
T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    rules = Path(shutil.copytree(ROOT / "rules", tmp_path / "rules"))
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        rules_dir=rules,
        graph_dir=ROOT / "graph",
        var_dir=tmp_path,
        whatif_recent_cases=4,
    )
    runtime = build_runtime(settings)
    store = runtime.require_store()
    tokens = {role: store.tokens.create_token(role, None) for role in ("admin", "policy_writer")}
    tokens["cm"] = store.tokens.create_token("cm", "plk-cm-unit")
    client = TestClient(create_app(settings, runtime=runtime))
    cm = store.tokens.actor_for_token(tokens["cm"])
    assert cm is not None
    for hour, age in enumerate((13, 8, 14, 15, 16)):  # 13 is the oldest plan: beyond the 4 most recent
        one = Case.model_validate(case(f"D-{age}", age, ["housing_repair"], housing_condition="dilapidated"))
        store.save_plan(NewPlan.of(runtime.planner.plan(one, now=T0 + timedelta(hours=hour)), one), cm)
    try:
        yield runtime, client, tokens, rules
    finally:
        runtime.close()


def dry_run(client: TestClient, token: str) -> Any:
    return client.post("/v1/rules/reload?dry_run=true", headers=bearer(token))


def test_the_dry_run_leaves_the_live_rules_serving(service: Service) -> None:
    runtime, client, tokens, rules = service
    live = runtime.engine.version
    edit(rules / "housing.yaml", "child.age < 18", "child.age < 12")
    response = dry_run(client, tokens["policy_writer"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] is True
    assert body["live_version"] == live != body["version"]
    assert body["stored"]["most_recent"] == 4
    assert body["stored"]["replayed"] == 4
    housing = body["whatif"]["needs"]["housing_repair"]
    assert housing["urgency_changed"] == 3  # 14, 15, 16 (13 is not recent): the baseline's, no longer urgent
    assert housing["served_to_unmet"] == 0
    assert body["diff"]["rules"]["changed"]["housing.dilapidated_home"]["when"]["after"].startswith("child.age < 12")
    assert runtime.engine.version == live
    assert client.get("/healthz").json()["rules_version"] == live
    assert runtime.engine.registered_rulesets() == runtime.engine.registered_rulesets()[:2]
    plan = client.post("/v1/plans", json=case("D-17", 17, ["housing_repair"], housing_condition="dilapidated"),
                       headers=bearer(tokens["cm"])).json()  # fmt: skip
    assert plan["rules_version"] == live
    assert plan["items"][0]["candidates"]  # a 17-year-old is still served by the live rules


def test_a_policy_writer_gets_counts_and_plan_ids_never_case_refs(service: Service) -> None:
    _, client, tokens, rules = service
    edit(rules / "housing.yaml", "child.age < 18", "child.age < 12")
    examples = dry_run(client, tokens["policy_writer"]).json()["whatif"]["examples"]
    assert examples
    assert all(set(e) == {"plan_id", "need", "kind"} for e in examples)
    assert all(e["plan_id"].startswith("pln_") for e in examples)
    rules = dry_run(client, tokens["policy_writer"]).json()["whatif"]["rules"]
    stopping = rules["housing.dilapidated_home"]["examples"]["stopped"]
    assert stopping
    assert all(p.startswith("pln_") for p in stopping)
    admin = dry_run(client, tokens["admin"]).json()["whatif"]["examples"]
    assert sorted(e["case_ref"] for e in admin if e["kind"] == "urgency_changed") == ["D-14", "D-15", "D-16"]
    assert admin[0]["before"]["status"] == "served"


def test_only_admin_and_policy_writer_may_dry_run(service: Service) -> None:
    _, client, tokens, _ = service
    assert dry_run(client, tokens["cm"]).status_code == 403


def test_a_broken_folder_answers_422_with_places_and_nothing_runs(service: Service) -> None:
    runtime, client, tokens, rules = service
    edit(rules / "housing.yaml", "child.age < 18", "child.agee < 18")
    response = dry_run(client, tokens["policy_writer"])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_rules"
    assert any("housing.yaml:" in d["text"] and "child.agee" in d["text"] for d in error["details"])
    assert runtime.engine.registered_rulesets() == runtime.engine.registered_rulesets()[:2]


def test_the_engines_built_for_the_dry_run_are_closed(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    _, client, tokens, rules = service
    built: list[RuleEngine] = []

    class Recorded(RuleEngine):
        def __init__(self, book: RuleBook, *, beside: RuleEngine | None = None) -> None:
            super().__init__(book, beside=beside)
            built.append(self)

    monkeypatch.setattr(importlib.import_module("safetynet.whatif.replay"), "RuleEngine", Recorded)
    edit(rules / "housing.yaml", "child.age < 18", "child.age < 12")
    assert dry_run(client, tokens["admin"]).status_code == 200
    assert len(built) == 2  # today's rules and the draft, each beside the live engine
    assert all(engine.registered_rulesets() == () for engine in built)  # unloaded: nothing of the draft stays
    assert all(engine._lock is built[0]._lock for engine in built)


def test_a_real_reload_answers_with_the_rules_diff(service: Service) -> None:
    runtime, client, tokens, rules = service
    edit(rules / "housing.yaml", "id: housing.poor_home", "id: housing.poor_condition_home")
    body = client.post("/v1/rules/reload", headers=bearer(tokens["admin"])).json()
    assert body["version"] == runtime.engine.version
    assert body["diff"]["rules"]["added"] == ["housing.poor_condition_home"]
    assert body["diff"]["rules"]["removed"] == ["housing.poor_home"]


def test_a_second_dry_run_while_one_runs_is_refused_with_retry_after(service: Service) -> None:
    """A dry run replays many cases through the engines' one lock, which the live engine shares: a dozen at once held
    the CMs' plans up ten times as long. One runs at a time among the processes sharing ``var/`` (the lock below
    is the one another process's dry run would hold); another is refused, not queued."""
    _, client, tokens, _ = service
    var_dir = service[0].settings.var_dir
    held = os.open(var_dir / "dry-run.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a dry run of another process, under way
        refused = dry_run(client, tokens["policy_writer"])
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "busy"
        assert int(refused.headers["Retry-After"]) >= 1
        assert dry_run(client, tokens["admin"]).status_code == 429  # whoever asks
    finally:
        os.close(held)
    assert dry_run(client, tokens["policy_writer"]).status_code == 200  # once it is over
    assert dry_run(client, tokens["policy_writer"]).status_code == 200  # and the lock was let go


def test_the_dry_run_and_the_reload_answer_422_and_the_live_rules_keep_serving(service: Service) -> None:
    runtime, client, tokens, rules = service
    before = runtime.engine.version
    renamed(rules)  # tests/whatif/test_catalogue_kept.py
    assert dry_run(client, tokens["policy_writer"]).status_code == 422
    response = client.post("/v1/rules/reload", headers=bearer(tokens["policy_writer"]))
    assert response.status_code == 422
    assert any(dropped(GRAPH) in d["message"] for d in response.json()["error"]["details"])  # the folder serving
    assert runtime.engine.version == before


def test_the_dry_run_gives_the_warnings_rules_check_prints(service: Service) -> None:
    """A policy writer working through the API alone sees what ``rules check`` would warn of: a rule that can
    never fire, a service no partner gives (the live network's), as ``path:line:col`` and the message."""
    _, client, tokens, rules = service
    edit(rules / "housing.yaml", "      - child.age < 18\n", "      - child.age < 6\n      - child.age > 12\n")
    edit(rules / "services.yaml", "  - code: housing_repair\n", NEW_SERVICE + "  - code: housing_repair\n")
    edit(rules / "housing.yaml", "      service: housing_repair", "      service: roof_grant")
    response = dry_run(client, tokens["policy_writer"])
    assert response.status_code == 200, response.text
    texts = [w["text"] for w in response.json()["warnings"]]
    assert f"{rules}/housing.yaml:11:5: warning: housing.dilapidated_home can never fire: no child has " \
        "'child.age < 6' and 'child.age > 12'" in "\n".join(texts)
    (unoffered,) = [t for t in texts if "no organization" in t]
    assert unoffered.startswith(f"{rules}/housing.yaml:16:16: warning: housing.dilapidated_home: no organization in ")
    assert "gives service 'roof_grant'" in unoffered
    assert all(w["severity"] == "warning" for w in response.json()["warnings"])


NEW_SERVICE = """  - code: roof_grant
    label: {th: ทุนซ่อมหลังคา, en: Roof grant}
    needs: [housing_repair]
"""
