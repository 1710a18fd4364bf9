"""Helpers of the referral API tests: a clock the test moves, the tokens of the organizations involved, and short
calls for plans, referrals and actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from safetynet.runtime.build import Runtime, utc_now
from tests.api.client import bearer, phitsanulok_case

START = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # 10:00 in Thailand, an hour after the case was requested


class Clock:
    """The service's clock in a test: starts at ``START`` plus an offset of its own, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, hours: float) -> datetime:
        self.now += timedelta(hours=hours)
        return self.now


_minutes = iter(range(1, 10**6))


@pytest.fixture
def clock(runtime: Runtime) -> Iterator[Clock]:
    """A clock for this test: each test starts at its own minute after START, so that ``since`` picks out what it
    made in the module's shared database."""
    moved = Clock(START + timedelta(minutes=next(_minutes)))
    runtime.clock = moved
    try:
        yield moved
    finally:
        runtime.clock = utc_now


ORGS = {
    "cm": ("cm", "plk-cm-unit"),
    "cm2": ("cm", "plk-education-office"),  # a CM of another organization of the province
    "cm_lpg": ("cm", "lpg-cm-unit"),
    "city": ("agency", "plk-city-municipality"),
    "sdhso": ("agency", "plk-sdhso-office"),
    "core": ("agency", "plk-core-team"),
    "school": ("agency", "plk-monastic-schools"),
    "lpg_core": ("agency", "lpg-core-team"),
    "admin": ("admin", None),
    "policy_writer": ("policy_writer", None),
}


@pytest.fixture(scope="module")
def who(runtime: Runtime) -> dict[str, str]:
    """A token per organization (or role) of ``ORGS``."""
    store = runtime.require_store()
    return {name: store.tokens.create_token(role, org) for name, (role, org) in ORGS.items()}


def dropped_out_boy(case_ref: str) -> dict[str, Any]:
    """A 15-year-old boy out of school in Phitsanulok: the monastic school, through the core team."""
    return phitsanulok_case(
        case_ref=case_ref,
        child={"age": 15, "sex": "male", "education_status": "dropped_out", "location": {"province": "TH-65"}},
        household={"guardian": "parents"},
        needs=[{"code": "return_to_school"}],
    )


class Api:
    def __init__(self, client: TestClient, who: dict[str, str]) -> None:
        self.client = client
        self.who = who

    # TestClient's methods are typed against httpx2, which is not installed: to mypy they return Any. What they
    # return is an httpx Response, and what its .json() gives is whatever the API answered: both are declared here.

    def plan(self, as_: str = "cm", **overrides: Any) -> dict[str, Any]:
        response = self.client.post("/v1/plans", json=phitsanulok_case(**overrides), headers=bearer(self.who[as_]))
        assert response.status_code == 201, response.text
        plan: dict[str, Any] = response.json()
        return plan

    def send(self, plan_id: str, need: str = "housing_repair", as_: str = "cm", **more: Any) -> Response:
        body = {"plan_id": plan_id, "need": need, **more}
        response: Response = self.client.post("/v1/referrals", json=body, headers=bearer(self.who[as_]))
        return response

    def sent(self, plan_id: str, need: str = "housing_repair", as_: str = "cm", **more: Any) -> dict[str, Any]:
        response = self.send(plan_id, need, as_, **more)
        assert response.status_code == 201, response.text
        referral: dict[str, Any] = response.json()
        return referral

    def act(self, referral_id: str, action: str, as_: str, body: dict[str, Any] | None = None) -> Response:
        url = f"/v1/referrals/{referral_id}/{action}"
        response: Response = self.client.post(url, json=body, headers=bearer(self.who[as_]))
        return response

    def done(self, referral_id: str, action: str, as_: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.act(referral_id, action, as_, body)
        assert response.status_code == 200, response.text
        referral: dict[str, Any] = response.json()
        return referral

    def get(self, path: str, as_: str, **params: Any) -> Response:
        response: Response = self.client.get(path, params=params, headers=bearer(self.who[as_]))
        return response

    def listed(self, as_: str, **params: Any) -> list[dict[str, Any]]:
        response = self.get("/v1/referrals", as_, **params)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@pytest.fixture
def api(client: TestClient, who: dict[str, str]) -> Api:
    return Api(client, who)


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["referral_id"] for i in items]


def moment(clock: Clock) -> str:
    return clock.now.isoformat()


__all__ = ["Api", "Clock", "api", "clock", "dropped_out_boy", "ids", "moment", "utc_now", "who"]
