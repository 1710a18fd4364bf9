"""Bad input gets a 4xx in the contract's error shape, names the field, and stores nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.runtime import Runtime
from tests.api.conftest import bearer, phitsanulok_case


@pytest.fixture
def nothing_stored(runtime: Runtime) -> Iterator[None]:
    before = runtime.require_store().count_plans()
    yield
    assert runtime.require_store().count_plans() == before


def post(client: TestClient, token: str, body: Any) -> Any:
    return client.post("/v1/plans", json=body, headers=bearer(token))


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert "Traceback" not in response.text
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("where", "field"),
    [
        (lambda c: c["child"].update(name="Somchai"), "child.name"),
        (lambda c: c.update(national_id="1234567890123"), "national_id"),
        (lambda c: c["child"]["location"].update(village="x"), "child.location.village"),
    ],
)
def test_unknown_fields_are_refused_by_name(client: TestClient, tokens: dict[str, str], where: Any, field: str) -> None:
    case = phitsanulok_case()
    where(case)
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == [field]
    assert error["details"][0]["type"] == "extra_forbidden"


@pytest.mark.usefixtures("nothing_stored")
def test_an_unknown_need_code_lists_the_known_ones(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(needs=[{"code": "housing_repiar"}])), 422)
    assert error["code"] == "unknown_need"
    assert error["details"][0]["field"] == "needs"
    assert error["details"][0]["known"] == sorted(runtime.engine.book.needs)
    assert "housing_repair" in error["message"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("age", [-1, 26, 1000, "12", 12.5, True])
def test_ages_outside_0_to_25_or_not_whole_numbers_are_refused(
    client: TestClient, tokens: dict[str, str], age: Any
) -> None:
    case = phitsanulok_case()
    case["child"]["age"] = age
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert [d["field"] for d in error["details"]] == ["child.age"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.update(case_ref="x" * 65), "case_ref"),
        (lambda c: c.update(needs=[]), "needs"),
        (lambda c: c.update(needs=[{"code": "scholarship"}] * 21), "needs"),
        (lambda c: c.update(needs=[{"code": "scholarship"}, {"code": "scholarship"}]), "needs"),
        (lambda c: c["child"]["location"].update(province="Phitsanulok"), "child.location.province"),
        (lambda c: c["child"]["location"].update(district="d" * 81), "child.location.district"),
        (lambda c: c["household"].update(income_monthly=-5), "household.income_monthly"),
        (lambda c: c["household"].update(housing_condition="ruined"), "household.housing_condition"),
        (lambda c: c.update(requested_by="PLK CM"), "requested_by"),
        (lambda c: c["child"].update(education_status="graduated"), "child.education_status"),
    ],
)
def test_bounded_strings_lists_and_numbers(client: TestClient, tokens: dict[str, str], change: Any, field: str) -> None:
    case = phitsanulok_case()
    change(case)
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert field in [d["field"].split(".", 2)[0] if field == "needs" else d["field"] for d in error["details"]]


@pytest.mark.usefixtures("nothing_stored")
def test_an_unknown_requested_by_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    error = error_of(post(client, tokens["admin"], phitsanulok_case(requested_by="nowhere-unit")), 422)
    assert error["code"] == "unknown_organization"
    assert error["details"][0]["field"] == "requested_by"


@pytest.mark.usefixtures("nothing_stored")
def test_a_province_without_a_cm_unit_needs_requested_by(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case()
    case["child"]["location"] = {"province": "TH-10"}
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["code"] == "no_starting_point"


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("text", ['{"case_ref": "x",', "not json", '{"a": 1}}'])
def test_malformed_json_is_400(client: TestClient, tokens: dict[str, str], text: str) -> None:
    response = client.post(
        "/v1/plans", content=text, headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    assert error_of(response, 400)["code"] == "malformed_json"


@pytest.mark.usefixtures("nothing_stored")
def test_a_body_that_is_not_an_object_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    assert error_of(post(client, tokens["cm_plk"], [1, 2, 3]), 422)["code"] == "invalid_request"


def two_mebibytes() -> bytes:
    case = phitsanulok_case()
    case["household"]["padding"] = "x" * (2 << 20)
    return json.dumps(case).encode()


@pytest.mark.usefixtures("nothing_stored")
def test_a_2_mib_body_is_refused_with_413_before_parsing(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/v1/plans", content=two_mebibytes(), headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    assert error_of(response, 413)["code"] == "payload_too_large"


@pytest.mark.usefixtures("nothing_stored")
def test_a_chunked_2_mib_body_without_length_is_refused_with_413(client: TestClient, tokens: dict[str, str]) -> None:
    body = two_mebibytes()
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    response = client.post(
        "/v1/plans", content=chunks, headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert error_of(response, 413)["code"] == "payload_too_large"


def test_an_unknown_route_is_404_in_the_error_shape(client: TestClient, tokens: dict[str, str]) -> None:
    assert error_of(client.get("/v2/nothing", headers=bearer(tokens["admin"])), 404)["code"] == "not_found"


def test_logs_carry_no_case_data(client: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    case = phitsanulok_case(case_ref="SECRET-REF-777")
    case["child"]["location"]["subdistrict"] = "Wang Thong Secret"
    assert post(client, tokens["cm_plk"], case).status_code == 201
    post(client, tokens["cm_plk"], phitsanulok_case(case_ref="SECRET-REF-778", needs=[{"code": "nope"}]))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "SECRET-REF" not in logged
    assert "Wang Thong Secret" not in logged
