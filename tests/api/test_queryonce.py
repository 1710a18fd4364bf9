"""A query parameter given twice is a 422 naming it: the API has no list parameters, and the last value winning
silently would answer another question than the one asked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.client import bearer


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/referrals?status=sent&status=done", "status"),
        ("/v1/referrals?limit=5&need=housing_repair&limit=50", "limit"),
        ("/v1/plans?case_ref=A&case_ref=B", "case_ref"),
        ("/v1/events?after=0&after=0", "after"),
        ("/v1/organizations?service=housing_repair&service=scholarship", "service"),
    ],
)
def test_a_query_parameter_given_twice_is_refused_by_name(
    client: TestClient, tokens: dict[str, str], path: str, field: str
) -> None:
    response = client.get(path, headers=bearer(tokens["admin"]))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == [field]
    assert "more than once" in error["details"][0]["message"]


def test_each_parameter_once_is_answered(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/v1/referrals?status=sent&need=housing_repair&limit=5", headers=bearer(tokens["admin"]))
    assert response.status_code == 200, response.text
