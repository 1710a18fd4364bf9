"""The OpenAPI document declares the contract's error body, not FastAPI's own ``{"detail": ...}``."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.api.errors import STATUS_OF, error_responses

ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def error_schemas(operation: dict[str, Any]) -> dict[str, Any]:
    return {
        status: answer["content"]["application/json"]["schema"]
        for status, answer in operation["responses"].items()
        if status.startswith(("4", "5"))
    }


def test_the_plan_routes_declare_the_error_body_for_each_4xx(openapi: dict[str, Any]) -> None:
    create = error_schemas(openapi["paths"]["/v1/plans"]["post"])
    read = error_schemas(openapi["paths"]["/v1/plans/{plan_id}"]["get"])
    assert {s: create.get(s) for s in ("400", "401", "403", "413", "415", "422")} == dict.fromkeys(
        ("400", "401", "403", "413", "415", "422"), ERROR_BODY
    )
    assert {s: read.get(s) for s in ("401", "404", "422")} == dict.fromkeys(("401", "404", "422"), ERROR_BODY)


def test_every_declared_error_of_every_route_is_the_error_body(openapi: dict[str, Any]) -> None:
    declared = {
        (path, method, status): schema
        for path, methods in openapi["paths"].items()
        for method, operation in methods.items()
        for status, schema in error_schemas(operation).items()
    }
    assert len(declared) >= 20
    assert {key: schema for key, schema in declared.items() if schema != ERROR_BODY} == {}
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_the_error_body_schema_is_the_contracts_shape(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert schemas["ErrorBody"]["required"] == ["error"]
    assert schemas["ErrorBody"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorInfo"}
    assert sorted(schemas["ErrorInfo"]["required"]) == ["code", "details", "message"]
    assert schemas["ErrorInfo"]["properties"]["details"]["type"] == "array"


def test_every_error_code_a_route_may_answer_is_described_under_its_status() -> None:
    """A client generated from /openapi.json learns the codes from these descriptions: declined_before and conflict
    were answered but not named there."""
    for kind, (status, public) in STATUS_OF.items():
        if public is None:  # a 5xx says no code of its own
            described = error_responses(status)[status]["description"]
            assert kind.code in described, (kind.__name__, status)
