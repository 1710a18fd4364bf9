"""The cases of stored plans, replayed: the latest plan of each case, newest first, every read audited; on each
database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.pool import QueuePool
from typer.testing import CliRunner

from safetynet.auth import Actor
from safetynet.cli.main import app
from safetynet.contract.case import Case
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings
from safetynet.store import NewPlan
from tests.cli.environment import shipped
from tests.store.databases import database_params, database_url
from tests.whatif.conftest import ROOT, case, drop_rule, edit

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
LAMPANG = {"province": "TH-52", "district": "Ko Kha", "subdistrict": "Lampang Luang"}
Save = Callable[..., str]


@pytest.fixture(params=database_params())
def stored(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Runtime, Save, str]]:
    with database_url(request.param, tmp_path) as url:
        settings = Settings(database_url=url, rules_dir=ROOT / "rules", graph_dir=ROOT / "graph", var_dir=tmp_path)
        runtime = build_runtime(settings)
        store = runtime.require_store()
        actor = store.tokens.actor_for_token(store.tokens.create_token("admin", None))
        assert actor is not None

        def save(body: dict[str, Any], hours: int) -> str:
            one = Case.model_validate(body)
            plan = runtime.planner.plan(one, now=T0 + timedelta(hours=hours))
            store.save_plan(NewPlan.of(plan, one), actor)
            return plan.plan_id

        try:
            yield runtime, save, url
        finally:
            runtime.close()


def test_the_latest_plan_of_each_case_newest_first_each_read_audited(stored: tuple[Runtime, Save, str]) -> None:
    runtime, save, _ = stored
    store = runtime.require_store()
    old_a = save(case("A", 14, ["housing_repair"], housing_condition="dilapidated"), 0)
    new_a = save(case("A", 14, ["housing_repair"], housing_condition="poor"), 5)  # the same child, planned again
    b = save(case("B", 10, ["scholarship"], where=LAMPANG), 3)
    c = save(case("C", 9, ["housing_repair"], housing_condition="dilapidated"), 4)
    save(case("A", 11, ["scholarship"], where=LAMPANG), 1)  # another province's own "A"
    reader = store.tokens.actor_for_token(store.tokens.create_token("policy_writer", None))
    found = list(store.stored_cases(reader, page=2))
    assert [(s.case_ref, s.province) for s in found] == [("A", "TH-65"), ("C", "TH-65"), ("B", "TH-52"), ("A", "TH-52")]
    assert found[0].plan_id == new_a
    assert found[0].case["household"] == {"housing_condition": "poor"}
    assert [s.plan_id for s in store.stored_cases(None, province="TH-65")] == [new_a, c]
    assert [s.plan_id for s in store.stored_cases(None, since=T0 + timedelta(hours=3, minutes=30))] == [new_a, c]
    assert [s.plan_id for s in store.stored_cases(None, limit=2)] == [new_a, c]
    audit = store.audit_for(new_a)
    assert [e.action for e in audit].count("plan.replay") == 4
    assert any(e.action == "plan.replay" and e.role == "policy_writer" for e in audit)
    assert not any(e.action == "plan.replay" for e in store.audit_for(old_a))  # never read: a later plan exists
    assert store.audit_for(b)[-1].action == "plan.replay"


def test_whatif_stored_replays_a_province_s_cases(stored: tuple[Runtime, Save, str], tmp_path: Path) -> None:
    _, save, url = stored
    for n, age in enumerate((10, 13, 15)):
        save(case(f"H-{age}", age, ["housing_repair"], housing_condition="dilapidated"), n)
    save(case("L-1", 13, ["housing_repair"], where=LAMPANG, housing_condition="dilapidated"), 9)
    draft = tmp_path / "draft"
    draft.mkdir()
    for path in (ROOT / "rules").rglob("*.yaml"):
        (draft / path.relative_to(ROOT / "rules")).parent.mkdir(exist_ok=True)
        (draft / path.relative_to(ROOT / "rules")).write_bytes(path.read_bytes())
    edit(draft / "housing.yaml", "child.age < 18", "child.age < 12")
    drop_rule(draft / "housing.yaml", "housing.baseline")  # else the baseline still serves them (later)
    env = shipped(tmp_path, url)
    args = ["whatif", "--rules", str(draft), "--stored", "--province", "TH-65", "--json", "--fail-on-loss"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 1, result.output  # two children lose housing repair
    report = json.loads(result.stdout)
    assert report["cases"] == 3
    lost = sorted(e["case_ref"] for e in report["examples"] if e["kind"] == "served_to_unmet")
    assert lost == ["H-13", "H-15"]
    assert all(e["plan_id"].startswith("pln_") for e in report["examples"])
    since = CliRunner().invoke(app, [*args[:-2], "--since", "2026-11-01", "--json"], env=env)
    assert since.exit_code == 0
    assert json.loads(since.stdout)["cases"] == 3
    thai = CliRunner().invoke(app, [*args[:5], "พิษณุโลก", "--json"], env=env)  # the province's Thai name
    assert json.loads(thai.stdout)["cases"] == 3, thai.output
    bad = CliRunner().invoke(app, ["whatif", "--stored", "--province", "TH-99"], env=env)
    assert bad.exit_code == 1
    assert "--province" in bad.stderr


def test_an_actor_s_replay_is_audited_under_its_token(stored: tuple[Runtime, Save, str]) -> None:
    runtime, save, _ = stored
    store = runtime.require_store()
    plan_id = save(case("A", 14, ["scholarship"]), 0)
    writer: Actor | None = store.tokens.actor_for_token(store.tokens.create_token("policy_writer", None))
    assert writer is not None
    list(store.stored_cases(writer))
    entry = store.audit_for(plan_id)[-1]
    assert (entry.action, entry.token_id, entry.role) == ("plan.replay", writer.token_id, "policy_writer")


def test_a_replay_stopped_early_gives_its_connection_back(stored: tuple[Runtime, Save, str]) -> None:
    runtime, save, _ = stored
    store = runtime.require_store()
    for n in range(3):
        save(case(f"E-{n}", 10, ["scholarship"]), n)
    cases = store.stored_cases(None, page=1)
    next(cases)
    pool = store._engine.pool
    assert isinstance(pool, QueuePool)  # a file's or a server's pool (only an in-memory SQLite has a StaticPool)
    assert pool.checkedout() == 1  # the read is still open: a page at a time
    cases.close()  # as contextlib.closing does when the replay stops on an error
    assert pool.checkedout() == 0
