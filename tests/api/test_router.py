"""What FastAPI does per request to find a route and the caller: a router skips a path none of its routes can match
(``api/router.py``), and the caller is one dependency, the bearer scheme itself (``api/deps.py``)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.api.deps import get_actor
from safetynet.api.router import ApiRouter
from safetynet.api.routes import events, health, organizations, plans, referrals, rules, stats
from safetynet.runtime.build import Runtime


@pytest.fixture
def tried(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of each route FastAPI asks whether it matches a request."""
    paths: list[str] = []
    matches = APIRoute.matches

    def counted(self: APIRoute, scope: Any) -> Any:
        paths.append(self.path)
        return matches(self, scope)

    monkeypatch.setattr(APIRoute, "matches", counted)
    return paths


def test_a_router_tries_none_of_its_routes_for_a_path_none_of_them_starts_with(tried: list[str]) -> None:
    things = ApiRouter(prefix="/v1/things")
    others = ApiRouter()

    @things.get("/{thing_id}")
    def thing(thing_id: str) -> dict[str, str]:
        return {"thing": thing_id}

    @others.get("/v1/others/{other_id}/colour")
    def colour(other_id: str) -> dict[str, str]:
        return {"other": other_id}

    app = FastAPI()
    app.include_router(things)
    app.include_router(others)
    client = TestClient(app)
    assert client.get("/v1/others/7/colour").json() == {"other": "7"}
    assert tried == ["/v1/others/{other_id}/colour"] * 2  # FastAPI matches the route it chose twice
    tried.clear()
    assert client.get("/v1/things/7").json() == {"thing": "7"}
    assert client.get("/v1/things/7/colour").status_code == 404
    assert client.post("/v1/things/7").status_code == 405
    assert "/v1/others/{other_id}/colour" not in tried


def test_a_referral_action_tries_no_route_of_the_routers_before_its_own(runtime: Runtime, tried: list[str]) -> None:
    client = TestClient(create_app(runtime.settings, runtime=runtime))
    assert client.post("/v1/referrals/ref_unknown/acknowledge").status_code == 401
    assert "/v1/referrals/{referral_id}/acknowledge" in tried
    others = ("/healthz", "/v1/plans", "/v1/rules", "/v1/organizations", "/v1/coverage")
    assert not [path for path in tried if path.startswith(others)]


def test_the_caller_is_one_dependency_the_bearer_scheme_itself(runtime: Runtime) -> None:
    app = create_app(runtime.settings, runtime=runtime)
    callers = [
        dependency
        for module in (health, plans, rules, organizations, referrals, events, stats)
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for dependency in route.dependant.dependencies
        if dependency.call is get_actor
    ]
    assert callers
    assert all(not caller.dependencies for caller in callers)
    schemes = TestClient(app).get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes == {
        "HTTPBearer": {"type": "http", "description": "a token from `safetynet token create`", "scheme": "bearer"}
    }
