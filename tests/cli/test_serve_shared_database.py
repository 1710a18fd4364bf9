"""Two `safetynet serve` processes that share only a PostgreSQL database (each its own var/, as on two machines):
a rules reload answered by one reaches the other before its next request."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.environment import ROOT
from tests.cli.test_serve import call, serving
from tests.runtime.test_reloadstamp import edit_housing
from tests.store.databases import postgres_schema_url


def test_a_reload_reaches_a_process_that_shares_only_the_postgresql_database(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with postgres_schema_url() as url:
        shared = {"SAFETYNET_DATABASE_URL": url, "SAFETYNET_RULES_DIR": str(rules)}
        with (
            serving(tmp_path / "one", **shared) as (one, var_one, _),
            serving(tmp_path / "two", **shared) as (two, var_two, _),
        ):
            assert var_one != var_two
            token = (var_one / "admin-token").read_text().strip()
            assert not (var_two / "admin-token").exists(), "one database, one first admin token"
            before = call(f"{two}/healthz")[1]["rules_version"]  # the second process has just looked
            edit_housing(rules)
            status, reloaded = call(f"{one}/v1/rules/reload", {}, token)
            assert status == 200, reloaded
            assert reloaded["version"] != before
            assert call(f"{two}/healthz")[1]["rules_version"] == reloaded["version"], "its very next request"
            seen = {call(f"{two}/v1/rules", token=token)[1]["version"] for _ in range(10)}
            assert seen == {reloaded["version"]}
