"""The partner network over HTTP: organizations, one organization with its MOU partners, coverage."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from safetynet.api.openapi import EXAMPLE_CASE
from tests.api.client import bearer


def test_organizations_filter_by_service_province_and_kind(client: TestClient, tokens: dict[str, str]) -> None:
    body = client.get(
        "/v1/organizations", params={"service": "housing_repair", "province": "TH-65"}, headers=bearer(tokens["cm_plk"])
    ).json()
    found = body["organizations"]
    assert found
    assert all(o["province"] == "TH-65" and "housing_repair" in o["services"] for o in found)
    assert all(set(o) >= {"id", "name", "kind", "services", "province"} for o in found)
    cm_units = client.get(
        "/v1/organizations", params={"kind": "case_management"}, headers=bearer(tokens["cm_plk"])
    ).json()["organizations"]
    every_province = {
        o["province"] for o in client.get("/v1/organizations", headers=bearer(tokens["cm_plk"])).json()["organizations"]
    }
    assert {o["province"] for o in cm_units} == every_province  # the contract: a CM unit in every province
    assert len(every_province) == 15  # the 14 seed provinces and Bangkok, where national bodies are filed


def test_one_organization_lists_its_mou_partners(client: TestClient, tokens: dict[str, str]) -> None:
    body = client.get("/v1/organizations/plk-cm-unit", headers=bearer(tokens["cm_plk"])).json()
    assert body["kind"] == "case_management"
    partners = {p["organization_id"] for p in body["partners"]}
    assert "plk-core-team" in partners
    assert all(p["mou_id"] and p["hours"] > 0 for p in body["partners"])


def test_an_unknown_organization_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/v1/organizations/nobody", headers=bearer(tokens["cm_plk"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_coverage_of_a_province(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/v1/coverage", params={"province": "TH-52"}, headers=bearer(tokens["cm_lpg"]))
    assert response.status_code == 200
    assert response.json()
    bad = client.get("/v1/coverage", params={"province": "Lampong Luang"}, headers=bearer(tokens["cm_lpg"]))
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "province"


LISTS = ["/v1/coverage", "/v1/organizations", "/v1/plans", "/v1/referrals", "/v1/stats"]


@pytest.mark.parametrize("route", LISTS)
@pytest.mark.parametrize("province", ["TH-99", "TH-00", "TH-S", "ลำปน"])
def test_an_unknown_province_filter_is_422_saying_what_to_write(
    client: TestClient, tokens: dict[str, str], province: str, route: str
) -> None:
    response = client.get(route, params={"province": province}, headers=bearer(tokens["admin"]))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    ((field, message),) = [(d["field"], d["message"]) for d in error["details"]]
    assert field == "province"
    assert message.endswith(
        "write the ISO 3166-2:TH code (TH-65), the DOPA code (65) or the Thai or English name (Phitsanulok)"
    )


@pytest.mark.parametrize("route", LISTS)
@pytest.mark.parametrize("province", ["ลำปาง", "จ.ลำปาง", "จังหวัดลำปาง", "Lampang", "52", " TH-52 "])
def test_a_province_filter_is_read_as_a_cm_writes_it(
    client: TestClient, tokens: dict[str, str], province: str, route: str
) -> None:
    # the filters read a province as a case's location does: a Thai coordinator writes ?province=ลำปาง
    def answer(written: str) -> object:
        response = client.get(route, params={"province": written}, headers=bearer(tokens["admin"]))
        assert response.status_code == 200, response.text
        body = response.json()
        return {k: v for k, v in body.items() if k != "at"} if isinstance(body, dict) else body

    assert answer(province) == answer("TH-52")


def test_a_misspelt_province_filter_names_the_closest(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/v1/stats", params={"province": "พิศณุโลก"}, headers=bearer(tokens["admin"]))
    assert response.status_code == 422
    assert "closest: Phitsanulok (TH-65)" in response.json()["error"]["details"][0]["message"]


def test_healthz_needs_no_token_and_names_the_versions(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["rules_version"]
    assert body["graph_version"]


def test_the_network_needs_a_token(client: TestClient) -> None:
    assert client.get("/v1/organizations").status_code == 401


PHITSANULOK = {"code": "TH-65", "th": "พิษณุโลก", "en": "Phitsanulok"}


def test_each_organization_gives_its_place_as_a_plan_does(client: TestClient, tokens: dict[str, str]) -> None:
    # plk-city-municipality's file writes its place in English: "Mueang Phitsanulok", "Nai Mueang"
    headers = bearer(tokens["cm_plk"])
    one = client.get("/v1/organizations/plk-city-municipality", headers=headers).json()
    assert (one["district"], one["subdistrict"]) == ("Mueang Phitsanulok", "Nai Mueang")  # as before, as written
    assert one["location"] == {
        "province": PHITSANULOK,
        "district": {"code": "6501", "th": "เมืองพิษณุโลก", "en": "Mueang Phitsanulok"},
        "subdistrict": {"code": "650101", "th": "ในเมือง", "en": "Nai Mueang"},
    }
    # the very shape and values a plan gives a child of the same place
    plan = client.post("/v1/plans", json=EXAMPLE_CASE | {"case_ref": "PLK-ORG-PLACE"}, headers=headers).json()
    assert plan["location"] == one["location"]
    listed = client.get("/v1/organizations", params={"province": "TH-65"}, headers=headers).json()["organizations"]
    assert next(o for o in listed if o["id"] == one["id"])["location"] == one["location"]
    assert all(o["location"]["province"] == PHITSANULOK for o in listed)


def test_a_province_wide_organization_is_its_province_only(client: TestClient, tokens: dict[str, str]) -> None:
    body = client.get("/v1/organizations/plk-cm-unit", headers=bearer(tokens["cm_plk"])).json()
    assert (body["district"], body["subdistrict"], body["service_area"]) == (None, None, "province")
    assert body["location"] == {"province": PHITSANULOK, "district": None, "subdistrict": None}
