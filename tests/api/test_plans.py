"""POST /v1/plans and GET /v1/plans/{id}: plans for CMs, stored, and shown only within reach."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from safetynet.contract.plan import Plan
from safetynet.runtime.build import Runtime
from tests.api.client import bearer, phitsanulok_case


def create(client: TestClient, token: str, **overrides: object) -> dict[str, Any]:
    response = client.post("/v1/plans", json=phitsanulok_case(**overrides), headers=bearer(token))
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


def test_a_cm_gets_a_stored_plan_with_ranked_candidates(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    before = runtime.require_store().count_plans()
    plan = create(client, tokens["cm_plk"])
    assert runtime.require_store().count_plans() == before + 1
    assert plan["requested_by"] == "plk-cm-unit"
    assert plan["rules_version"] == runtime.engine.version
    assert plan["graph_version"] == runtime.network.version
    housing = next(i for i in plan["items"] if i["need"] == "housing_repair")
    assert housing["urgent"] is True
    assert housing["candidates"], "the One Stop Service must find a partner for a dilapidated home"
    first = housing["candidates"][0]
    assert first["path"][0] == "plk-cm-unit"
    assert first["path"][-1] == first["organization_id"]
    assert [c["area"] for c in housing["candidates"]] == sorted(
        (c["area"] for c in housing["candidates"]), key=["subdistrict", "district", "province", "national"].index
    )
    assert housing["rules"][0]["id"].startswith("housing.")
    assert any("child.age is 12" in line for line in housing["explanation"])
    entries = runtime.require_store().audit_for(plan["plan_id"])
    assert [e.action for e in entries] == ["plan.create"]


def test_an_urgent_need_is_due_within_24_hours_and_comes_first(client: TestClient, tokens: dict[str, str]) -> None:
    plan = create(client, tokens["cm_plk"])
    first = plan["items"][0]
    assert first["need"] == "housing_repair"
    requested = datetime.fromisoformat(plan["requested_at"])
    assert datetime.fromisoformat(first["refer_by"]) - requested == timedelta(hours=24)
    assert requested == datetime.fromisoformat("2026-11-22T09:00:00+07:00")
    assert first["timeline"][0]["due"] == "2026-11-23"


def test_the_cm_reads_its_plan_back_exactly(client: TestClient, tokens: dict[str, str]) -> None:
    plan = create(client, tokens["cm_plk"])
    response = client.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(tokens["cm_plk"]))
    assert response.status_code == 200
    assert response.json() == plan


def test_a_cm_of_another_province_gets_404_and_the_attempt_is_audited(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    plan = create(client, tokens["cm_plk"])
    response = client.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(tokens["cm_lpg"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    actions = [e.action for e in runtime.require_store().audit_for(plan["plan_id"])]
    assert actions == ["plan.create", "plan.read_denied"]


def test_an_agency_reads_only_plans_that_name_it(client: TestClient, tokens: dict[str, str]) -> None:
    plan = create(client, tokens["cm_plk"])
    named = {c["organization_id"] for i in plan["items"] for c in i["candidates"]}
    assert "plk-city-municipality" in named
    path = f"/v1/plans/{plan['plan_id']}"
    assert client.get(path, headers=bearer(tokens["agency_plk_city"])).status_code == 200
    assert client.get(path, headers=bearer(tokens["agency_lpg_shelter"])).status_code == 404


THREE_NEEDS = [
    {"code": "housing_repair", "urgent": True},
    {"code": "disability_allowance_registration"},
    {"code": "medical_treatment"},
]


def test_an_agency_named_for_one_need_of_three_sees_that_item_only(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    plan = create(client, tokens["cm_plk"], needs=THREE_NEEDS)
    needs = [i["need"] for i in plan["items"]]
    assert needs == ["housing_repair", "medical_treatment", "disability_allowance_registration"]
    (medical,) = [i for i in plan["items"] if i["need"] == "medical_treatment"]
    hospital = "plk-buddhachinaraj-hospital"
    assert [[c["organization_id"] for c in i["candidates"]].count(hospital) for i in plan["items"]] == [0, 1, 0]
    path = f"/v1/plans/{plan['plan_id']}"

    response = client.get(path, headers=bearer(runtime.require_store().tokens.create_token("agency", hospital)))
    assert response.status_code == 200
    seen = response.json()
    assert seen == plan | {"items": [medical], "unmet": []}  # the rest of the plan as it was
    Plan.model_validate(seen)  # the contract's shape
    assert "housing_condition" not in response.text  # why the home needs repair is not the hospital's business
    assert "disability_registered" not in response.text
    # The stored plan is unchanged: the CM and admin still read all of it; every read is audited.
    assert client.get(path, headers=bearer(tokens["cm_plk"])).json() == plan
    assert client.get(path, headers=bearer(tokens["admin"])).json() == plan
    audit = runtime.require_store().audit_for(plan["plan_id"])
    assert [(e.action, e.role) for e in audit] == [
        ("plan.create", "cm"),
        ("plan.read", "agency"),
        ("plan.read", "cm"),
        ("plan.read", "admin"),
    ]
    assert audit[1].organization_id == hospital


def test_an_agency_named_in_two_items_sees_those_two(client: TestClient, tokens: dict[str, str]) -> None:
    plan = create(client, tokens["cm_plk"], needs=THREE_NEEDS)
    seen = client.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(tokens["agency_plk_city"])).json()
    assert [i["need"] for i in seen["items"]] == ["housing_repair", "disability_allowance_registration"]
    assert seen["items"] == [i for i in plan["items"] if i["need"] != "medical_treatment"]


def test_the_core_team_sees_only_what_is_escalated_to_it(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    needs = [{"code": "housing_repair", "urgent": True}, {"code": "scholarship"}, {"code": "job_placement"}]
    plan = create(client, tokens["cm_plk"], needs=needs)
    assert [(u["need"], u["escalate_to"]) for u in plan["unmet"]] == [("job_placement", "plk-core-team")]
    core_team = runtime.require_store().tokens.create_token("agency", "plk-core-team")
    seen = client.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(core_team)).json()
    escalated = [(i["need"], i["escalation"]["organization_id"]) for i in seen["items"]]
    assert escalated == [("job_placement", "plk-core-team")]
    assert seen["unmet"] == [plan["unmet"][0]]


def test_admin_reads_every_plan_and_policy_writer_none(client: TestClient, tokens: dict[str, str]) -> None:
    plan = create(client, tokens["cm_plk"])
    path = f"/v1/plans/{plan['plan_id']}"
    assert client.get(path, headers=bearer(tokens["admin"])).status_code == 200
    assert client.get(path, headers=bearer(tokens["policy_writer"])).status_code == 404


def test_only_admin_and_cm_create_plans(client: TestClient, runtime: Runtime, tokens: dict[str, str]) -> None:
    before = runtime.require_store().count_plans()
    for role in ("policy_writer", "agency_plk_city"):
        response = client.post("/v1/plans", json=phitsanulok_case(), headers=bearer(tokens[role]))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert runtime.require_store().count_plans() == before
    assert create(client, tokens["admin"])["requested_by"] == "plk-cm-unit"


def test_a_cm_starts_referrals_only_from_its_own_organization(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/v1/plans", json=phitsanulok_case(requested_by="plk-core-team"), headers=bearer(tokens["cm_plk"])
    )
    assert response.status_code == 403
    assert "requested_by" in response.json()["error"]["message"]


def test_a_missing_or_unknown_token_is_401(client: TestClient) -> None:
    assert client.post("/v1/plans", json=phitsanulok_case()).status_code == 401
    response = client.get("/v1/plans/pln_x", headers=bearer("snt_not-a-real-token"))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_an_unknown_plan_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/v1/plans/pln_00000000000000000000", headers=bearer(tokens["admin"]))
    assert response.status_code == 404


def test_an_unmet_need_names_who_acts_and_why_the_nearest_partners_cannot(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # job placement is for young people of working age: the baseline rule answers a 12-year-old's, and the
    # province's employment office takes no one under 15
    plan = create(client, tokens["cm_plk"], needs=[{"code": "job_placement"}])
    (item,) = plan["items"]
    assert (item["candidates"], item["meets_deadline"]) == ([], None)
    assert item["escalation"]["organization_id"] == "plk-core-team"
    (unmet,) = plan["unmet"]
    assert (unmet["need"], unmet["reason"], unmet["escalate_to"]) == ("job_placement", "no_partner", "plk-core-team")
    assert "1. plk-employment-office (Phitsanulok Provincial Employment Office): takes ages 15" in unmet["detail"]
    assert "searched for job_placement in TH-65: employment_office (province), company (province)" in unmet["detail"]
    assert "Next: plk-core-team" in unmet["detail"]


def test_without_requested_by_an_admin_plan_starts_at_the_provinces_cm_unit(
    client: TestClient, tokens: dict[str, str]
) -> None:
    lampang = phitsanulok_case()
    lampang["child"]["location"] = {"province": "TH-52", "district": "Ko Kha", "subdistrict": "Lampang Luang"}
    response = client.post("/v1/plans", json=lampang, headers=bearer(tokens["admin"]))
    assert response.status_code == 201
    assert response.json()["requested_by"] == "lpg-cm-unit"
