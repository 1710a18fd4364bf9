"""Per-token rate limits: a flood of one token is refused with 429 and Retry-After, other tokens go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.api.ratelimit import TokenBuckets
from safetynet.errors import RateLimited
from safetynet.runtime.build import build_runtime
from safetynet.settings import Settings
from tests.api.client import bearer, shipped_settings


def test_a_bucket_allows_its_burst_then_its_rate() -> None:
    now = [100.0]
    buckets = TokenBuckets(burst=3, per_second=2.0, clock=lambda: now[0])
    for _ in range(3):
        buckets.take("tok_a")
    with pytest.raises(RateLimited) as caught:
        buckets.take("tok_a")
    assert caught.value.retry_after == 1
    buckets.take("tok_b")  # another token has its own bucket
    now[0] += 0.5  # one request's worth at 2 per second
    buckets.take("tok_a")
    with pytest.raises(RateLimited):
        buckets.take("tok_a")


def test_the_defaults_stop_a_flood_within_seconds_and_leave_a_person_alone() -> None:
    settings = Settings()
    flood = 500  # requests per second of one client on loopback (5,382 reads in 10 s were measured)
    assert settings.rate_limit_burst / (flood - settings.rate_limit_per_second) < 2.0
    assert settings.rate_limit_per_second >= 10  # a person clicks once every few seconds


def test_a_policy_writer_guessing_plan_ids_gets_429_with_retry_after(tmp_path: Path) -> None:
    settings = shipped_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}").model_copy(
        update={"rate_limit_burst": 20, "rate_limit_per_second": 1.0}
    )
    runtime = build_runtime(settings)
    try:
        store = runtime.require_store()
        writer, cm = store.tokens.create_token("policy_writer", None), store.tokens.create_token("cm", "plk-cm-unit")
        client = TestClient(create_app(settings, runtime=runtime))
        statuses = [client.get(f"/v1/plans/pln_guess{n}", headers=bearer(writer)).status_code for n in range(40)]
        assert statuses[:20] == [404] * 20
        assert set(statuses[20:]) == {429}
        refused = client.get("/v1/plans/pln_guess", headers=bearer(writer))
        assert refused.headers["Retry-After"] == "1"
        assert refused.json()["error"]["code"] == "rate_limited"
        assert client.get("/v1/rules", headers=bearer(cm)).status_code == 200  # another token goes on
        store.settle()
        unknown = sum(len(store.audit_for(f"pln_guess{n}")) for n in range(40))
        assert unknown == 20  # the refused requests never reached the store
    finally:
        runtime.close()
