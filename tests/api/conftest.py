"""Fixtures: the API against the shipped rules and network, on each database (SQLite and PostgreSQL); what the
tests share besides fixtures is in ``tests/api/client.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from tests.api.client import shipped_settings
from tests.store.databases import database_params, database_url


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
        "admin": store.tokens.create_token("admin", None),
        "policy_writer": store.tokens.create_token("policy_writer", None),
        "cm_plk": store.tokens.create_token("cm", "plk-cm-unit"),
        "cm_lpg": store.tokens.create_token("cm", "lpg-cm-unit"),
        "agency_plk_city": store.tokens.create_token("agency", "plk-city-municipality"),
        "agency_lpg_shelter": store.tokens.create_token("agency", "lpg-child-shelter"),
    }
