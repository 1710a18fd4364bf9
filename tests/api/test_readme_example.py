"""The README's first request, as a newcomer runs it: docs/examples/plk-case.json posted to /v1/plans."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.client import ROOT, bearer

README = ROOT / "README.md"


def first_request() -> tuple[dict[str, str], str]:
    """The headers and the file of the README's first curl command (so that the test follows the README)."""
    section = README.read_text("utf-8").split("## Your first request", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    headers = dict(h.split(": ", 1) for h in re.findall(r'-H "([^"]+)"', section))
    data = re.search(r"-d @(\S+)", section)
    assert data is not None, section
    return headers, data.group(1)


@pytest.mark.parametrize("token_name", ["admin", "cm_plk"])
def test_the_readmes_first_request_answers_201_with_candidates_for_every_need(
    client: TestClient, tokens: dict[str, str], token_name: str
) -> None:
    headers, name = first_request()
    assert headers["Content-Type"] == "application/json"
    assert headers["Authorization"] == "Bearer $TOKEN"
    case_file = ROOT / name
    response = client.post(
        "/v1/plans",
        content=case_file.read_bytes(),
        headers=bearer(tokens[token_name]) | {"Content-Type": headers["Content-Type"]},
    )
    assert response.status_code == 201, response.text
    plan = response.json()
    case = json.loads(case_file.read_text("utf-8"))
    assert sorted(i["need"] for i in plan["items"]) == sorted(n["code"] for n in case["needs"])
    assert plan["unmet"] == []
    assert all(item["candidates"] for item in plan["items"])
    # What the README says of it: housing repair first, urgent, to the city municipality along a 4 h MOU,
    # due within 24 hours.
    housing = plan["items"][0]
    assert (housing["need"], housing["urgent"]) == ("housing_repair", True)
    assert housing["candidates"][0]["name"]["th"] == "เทศบาลนครพิษณุโลก"
    assert housing["candidates"][0]["path"] == ["plk-cm-unit", "plk-city-municipality"]
    assert housing["candidates"][0]["path_hours"] == 4
    requested = datetime.fromisoformat(plan["requested_at"])
    assert datetime.fromisoformat(housing["refer_by"]) == requested + timedelta(hours=24)
    read = client.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(tokens[token_name]))
    assert read.status_code == 200
    assert read.json() == plan
