"""The migrations build the schema from nothing, on SQLite and PostgreSQL, and match tables.py."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from safetynet.store import Store
from safetynet.store.database import make_engine
from safetynet.store.migrate import current_revision, downgrade, head_revision, upgrade
from safetynet.store.tables import metadata

TABLES = {
    "tokens",
    "plans",
    "plan_organizations",
    "audit_log",
    "referrals",
    "referral_organizations",
    "events",
    "event_counter",
    "rules_reloads",
    "web_signouts",
    "alembic_version",
}


def test_opening_an_empty_database_creates_every_table_at_the_head_revision(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == set()
        Store.open(db_url).close()
        assert set(inspect(engine).get_table_names()) == TABLES
        assert current_revision(engine) == head_revision() == "0006"
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_tables_module(db_url: str) -> None:
    Store.open(db_url).close()
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_the_tables_and_upgrade_builds_them_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert current_revision(engine) is None
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) == TABLES
        assert current_revision(engine) == "0006"
    finally:
        engine.dispose()


def test_opening_twice_keeps_what_was_stored(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.tokens.create_token("admin", None)
    with Store.open(db_url) as store:
        assert store.tokens.has_token("admin")


def test_the_sqlite_file_and_its_folder_are_created_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "var" / "safetynet.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.tokens.create_token("admin", None)
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600, oct(mode)
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_sqlite_database_works_across_calls(url: str) -> None:
    with Store.open(url) as store:
        store.tokens.create_token("policy_writer", None)
        assert store.tokens.has_token("policy_writer")
