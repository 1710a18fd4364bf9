"""The served OpenAPI document is as strict as the server: the loaded data's codes as enums (made again after a
reload), unique needs, 429 where a token is used, and examples on every operation."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from safetynet.api.openapi import EXAMPLE_CASE
from safetynet.contract.organization import OrganizationDetail, OrganizationList
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.places import province_codes
from safetynet.runtime.build import Runtime
from tests.api.client import ROOT, bearer

PROVINCES = province_codes()


def served(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_codes_are_enums_of_the_loaded_data(client: TestClient, runtime: Runtime) -> None:
    document = served(client)
    schemas = document["components"]["schemas"]
    assert schemas["NeedRequest"]["properties"]["code"]["enum"] == sorted(runtime.engine.book.needs)
    # the server reads a referral's need as written (to answer a Thai name with the code), the document says codes
    assert schemas["ReferralRequest"]["properties"]["need"]["enum"] == sorted(runtime.engine.book.needs)
    province = schemas["Location"]["properties"]["province"]["enum"]
    assert province[: len(PROVINCES)] == sorted(PROVINCES)
    assert {"65", "พิษณุโลก", "Phitsanulok"} <= set(province)  # a case's province may be written so too
    assert "pattern" not in schemas["Location"]["properties"]["province"]
    assert schemas["Case"]["properties"]["needs"]["uniqueItems"] is True
    starts = schemas["Case"]["properties"]["requested_by"]["anyOf"][0]["enum"]
    assert "plk-cm-unit" in starts
    filters = {p["name"]: p["schema"] for p in document["paths"]["/v1/organizations"]["get"]["parameters"]}
    assert filters["service"]["anyOf"][0]["enum"] == sorted(runtime.engine.book.services)
    assert filters["kind"]["anyOf"][0]["enum"] == sorted(ORGANIZATION_KINDS)


def test_the_server_refuses_what_the_enums_leave_out(client: TestClient, tokens: dict[str, str]) -> None:
    for query in ("service=housing_repiar", "kind=charity"):
        response = client.get(f"/v1/organizations?{query}", headers=bearer(tokens["cm_plk"]))
        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["field"] == query.split("=")[0]


def test_every_operation_has_examples_and_every_token_route_declares_429(client: TestClient) -> None:
    document = served(client)
    missing, no_429 = [], []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            examples = [p for p in operation.get("parameters", []) if "example" in p]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            answers = [a for a in operation["responses"].values() if "example" in a.get("content", {}).get(
                "application/json", {})]
            if not (examples or "example" in body or answers):
                missing.append(f"{method} {path}")
            if "parameters" in operation and len(examples) != len(operation["parameters"]):
                missing.append(f"{method} {path}: parameters")
            if operation.get("security") and "429" not in operation["responses"]:
                no_429.append(f"{method} {path}")
    assert missing == []
    assert no_429 == []
    create = document["paths"]["/v1/plans"]["post"]
    assert create["requestBody"]["content"]["application/json"]["example"] == EXAMPLE_CASE
    assert create["responses"]["201"]["content"]["application/json"]["example"]["items"]


def test_the_example_case_is_the_readmes(client: TestClient) -> None:
    assert json.loads((ROOT / "docs" / "examples" / "plk-case.json").read_text("utf-8")) == EXAMPLE_CASE


def test_organizations_are_documented_with_the_plans_location_and_their_examples_fit(client: TestClient) -> None:
    document = served(client)
    schemas = document["components"]["schemas"]
    shapes: dict[str, type[BaseModel]] = {
        "/v1/organizations": OrganizationList, "/v1/organizations/{organization_id}": OrganizationDetail
    }  # fmt: skip
    for path, shape in shapes.items():
        answer = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"] == {"$ref": f"#/components/schemas/{shape.__name__}"}
        shape.model_validate(answer["example"])  # the example made from the shipped network has the documented shape
    plan_location = "#/components/schemas/PlanLocation"
    assert schemas["OrganizationOut"]["properties"]["location"]["$ref"] == plan_location
    assert schemas["Plan"]["properties"]["location"]["$ref"] == plan_location  # one shape of a place answered
