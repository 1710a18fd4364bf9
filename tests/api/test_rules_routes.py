"""GET /v1/rules and POST /v1/rules/reload: who may reload, and a bad set never replaces a good one."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from tests.api.client import ROOT, bearer, phitsanulok_case, shipped_settings


def test_the_rules_are_listed_with_thai_and_english_titles(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    body = client.get("/v1/rules", headers=bearer(tokens["cm_plk"])).json()
    assert body["version"] == runtime.engine.version
    ids = [r["id"] for r in body["rules"]]
    assert "housing.dilapidated_home" in ids
    assert all(r["title"]["th"] and r["title"]["en"] for r in body["rules"])
    assert {n["code"] for n in body["needs"]} >= {"housing_repair", "job_placement"}
    assert body["screening"]


@pytest.fixture
def editable(tmp_path: Path) -> Iterator[tuple[Runtime, TestClient, dict[str, str], Path]]:
    """A runtime over a copy of rules/ that the test may break (SQLite: the database is not the point)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    built = build_runtime(shipped_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", rules))
    store = built.require_store()
    tokens = {role: store.tokens.create_token(role, None) for role in ("admin", "policy_writer")}
    tokens["cm"] = store.tokens.create_token("cm", "plk-cm-unit")
    tokens["agency"] = store.tokens.create_token("agency", "plk-city-municipality")
    try:
        yield built, TestClient(create_app(built.settings, runtime=built)), tokens, rules
    finally:
        built.close()


def test_only_admin_and_policy_writer_reload(editable: tuple[Runtime, TestClient, dict[str, str], Path]) -> None:
    runtime, client, tokens, _ = editable
    for role in ("cm", "agency"):
        assert client.post("/v1/rules/reload", headers=bearer(tokens[role])).status_code == 403
    for role in ("admin", "policy_writer"):
        response = client.post("/v1/rules/reload", headers=bearer(tokens[role]))
        assert response.status_code == 200
        assert response.json()["version"] == runtime.engine.version


def test_a_changed_rule_file_gives_a_new_version(editable: tuple[Runtime, TestClient, dict[str, str], Path]) -> None:
    runtime, client, tokens, rules = editable
    before = runtime.engine.version
    housing = rules / "housing.yaml"
    housing.write_text(housing.read_text(encoding="utf-8").replace("child.age < 18", "child.age < 17"), "utf-8")
    response = client.post("/v1/rules/reload", headers=bearer(tokens["policy_writer"]))
    body = response.json()
    assert (body["version"], body["previous_version"]) == (runtime.engine.version, before)
    changed = body["diff"]["rules"]["changed"]  # what changed, field by field (tests/whatif has the details)
    assert changed["housing.dilapidated_home"]["when"]["after"].startswith("child.age < 17")
    assert runtime.engine.version != before
    assert client.get("/healthz").json()["rules_version"] == runtime.engine.version


def test_a_broken_set_answers_422_with_places_and_the_old_rules_keep_serving(
    editable: tuple[Runtime, TestClient, dict[str, str], Path],
) -> None:
    runtime, client, tokens, rules = editable
    before = runtime.engine.version
    housing = rules / "housing.yaml"
    text = housing.read_text(encoding="utf-8")
    housing.write_text(text.replace("need: housing_repair", "need: housing_repiar", 1), "utf-8")
    line = next(n for n, t in enumerate(housing.read_text("utf-8").splitlines(), 1) if "housing_repiar" in t)
    response = client.post("/v1/rules/reload", headers=bearer(tokens["admin"]))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_rules"
    places = [(d["path"].endswith("housing.yaml"), d["line"]) for d in error["details"] if d["severity"] == "error"]
    assert (True, line) in places
    assert any(d["text"].startswith(str(housing)) or "housing.yaml:" in d["text"] for d in error["details"])
    assert runtime.engine.version == before
    assert client.get("/healthz").json()["rules_version"] == before
    plan = client.post("/v1/plans", json=phitsanulok_case(), headers=bearer(tokens["cm"]))
    assert plan.status_code == 201
    assert plan.json()["rules_version"] == before


def test_a_buddhist_era_year_is_refused_on_reload_with_the_conversion(
    editable: tuple[Runtime, TestClient, dict[str, str], Path],
) -> None:
    runtime, client, tokens, rules = editable
    before = runtime.engine.version
    housing = rules / "housing.yaml"
    housing.write_text(housing.read_text("utf-8").replace("from: 2024-01-01", "from: 2567-01-01", 1), "utf-8")
    response = client.post("/v1/rules/reload", headers=bearer(tokens["policy_writer"]))
    assert response.status_code == 422
    messages = [d["message"] for d in response.json()["error"]["details"]]
    assert "from: 2567 looks like a Buddhist-era year (พ.ศ.): write 2024-01-01" in messages
    assert runtime.engine.version == before


def test_reloads_do_not_disturb_plans_in_flight(editable: tuple[Runtime, TestClient, dict[str, str], Path]) -> None:
    runtime, client, tokens, rules = editable
    housing = rules / "housing.yaml"
    original = housing.read_text(encoding="utf-8")
    failures: list[str] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            response = client.post("/v1/plans", json=phitsanulok_case(), headers=bearer(tokens["cm"]))
            body = response.json()
            if response.status_code != 201:
                failures.append(response.text)
            elif not any(i["need"] == "housing_repair" and i["candidates"] for i in body["items"]):
                failures.append("housing repair lost its candidates during a reload")

    workers = [threading.Thread(target=ask) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        for n in range(15):
            housing.write_text(original + f"\n# edit {n}\n", "utf-8")
            assert client.post("/v1/rules/reload", headers=bearer(tokens["admin"])).status_code == 200
    finally:
        stop.set()
        for worker in workers:
            worker.join()
    assert failures == []
    registered = runtime.engine.registered_rulesets()  # one needs and one screening ruleset, current version only
    assert len(registered) == 2
    assert all(runtime.engine.version in name for name in registered)


def test_the_document_follows_a_rules_reload(editable: tuple[Runtime, TestClient, dict[str, str], Path]) -> None:
    _, client, tokens, rules = editable
    assert "sign_language" not in need_codes_served(client)
    needs = rules / "needs.yaml"
    needs.write_text(
        needs.read_text("utf-8") + "  - code: sign_language\n    label: {th: ภาษามือ, en: Sign language}\n"
        "    urgent: false\n",
        "utf-8",
    )
    assert client.post("/v1/rules/reload", headers=bearer(tokens["admin"])).status_code == 200
    assert "sign_language" in need_codes_served(client)


def need_codes_served(client: TestClient) -> list[str]:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    codes: list[str] = schemas["NeedRequest"]["properties"]["code"]["enum"]
    return codes
