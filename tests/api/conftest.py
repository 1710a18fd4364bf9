"""The API against the shipped rules and network, on each database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings
from tests.store.databases import database_params, database_url

ROOT = Path(__file__).resolve().parents[2]


def shipped_settings(tmp: Path, url: str, rules_dir: Path | None = None) -> Settings:
    return Settings(database_url=url, rules_dir=rules_dir or ROOT / "rules", graph_dir=ROOT / "graph", var_dir=tmp)


@pytest.fixture(scope="module", params=database_params())
def runtime(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    tmp = tmp_path_factory.mktemp("api")
    with database_url(request.param, tmp) as url:
        built = build_runtime(shipped_settings(tmp, url))
        try:
            yield built
        finally:
            built.close()


@pytest.fixture(scope="module")
def client(runtime: Runtime) -> TestClient:
    return TestClient(create_app(runtime.settings, runtime=runtime))


@pytest.fixture(scope="module")
def tokens(runtime: Runtime) -> dict[str, str]:
    store = runtime.require_store()
    return {
        "admin": store.create_token("admin", None),
        "policy_writer": store.create_token("policy_writer", None),
        "cm_plk": store.create_token("cm", "plk-cm-unit"),
        "cm_lpg": store.create_token("cm", "lpg-cm-unit"),
        "agency_plk_city": store.create_token("agency", "plk-city-municipality"),
        "agency_lpg_shelter": store.create_token("agency", "lpg-child-shelter"),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def phitsanulok_case(**overrides: Any) -> dict[str, Any]:
    """A 12-year-old in Mueang Phitsanulok with a dilapidated home and an unregistered disability."""
    case: dict[str, Any] = {
        "case_ref": "PLK-2026-0001",
        "requested_at": "2026-11-22T09:00:00+07:00",
        "child": {
            "age": 12,
            "sex": "female",
            "education_status": "at_risk",
            "location": {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"},
            "disability": {"has_disability": True, "registered": False},
        },
        "household": {"housing_condition": "dilapidated", "income_monthly": 3000},
        "needs": [{"code": "disability_allowance_registration"}, {"code": "housing_repair", "urgent": True}],
    }
    case.update(overrides)
    return case
