"""Schemathesis against the served OpenAPI document: every request it generates from the schema gets an answer
the schema declares (no 5xx; declared statuses, bodies, headers and content types), and its generated requests
do create plans. Bounded: a few dozen examples per operation, in-process (ASGI), seconds in all.

Its pytest plugin's lazy loading does not run under pytest 9 (it sets ``node._nodeid``), so each operation's
strategy is driven by Hypothesis here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from safetynet.api.app import create_app
from safetynet.runtime.build import build_runtime
from tests.api.client import shipped_settings

EXAMPLES_PER_OPERATION = 40
#: The one check left out: "a request the schema allows gets a 2xx". The schema cannot say that a need code is
#: listed once however its other fields differ, nor that a province without a CM unit needs requested_by.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    base = shipped_settings(tmp, f"sqlite:///{tmp / 'db.sqlite'}")
    # generated requests come as fast as the machine goes: far past the per-token limit, and (from one client, with
    # invalid tokens on purpose, to see each refused with 401) past the failed authentications' limit; both have
    # their own tests (test_rate_limits.py, test_auth_failures.py)
    config = base.model_copy(
        update={"rate_limit_burst": 1_000_000, "rate_limit_per_second": 1_000_000.0, "auth_failures_per_minute": 10**9}
    )
    runtime = build_runtime(config)
    token = runtime.require_store().tokens.create_token("admin", None)
    try:
        yield schemathesis.openapi.from_asgi("/openapi.json", create_app(config, runtime=runtime)), token
    finally:
        runtime.close()


def test_every_generated_request_gets_a_declared_answer_and_some_create_plans(served: tuple[Any, str]) -> None:
    schema, token = served
    seen: Counter[tuple[str, int]] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def holds(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            seen[(f"{case.method} {case.path}", response.status_code)] += 1
            case.validate_response(response, excluded_checks=EXCLUDED)

        holds()

    assert not [key for key in seen if key[1] >= 500], dict(seen)
    assert seen[("POST /v1/plans", 201)] > 0, f"no generated request created a plan: {dict(seen)}"
