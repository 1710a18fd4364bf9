"""Running the Alembic migrations from code: no ``alembic.ini``, found next to this module (so they run from an
installed package as well as from a checkout).

Each run holds a lock for its whole transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
PostgreSQL), so two services starting at once do not both create the tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from safetynet.store.database import WRITE_OPTIONS

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY: Final = 7_411_002_601  # any constant shared by every safetynet process


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.execution_options(**WRITE_OPTIONS).connect() as connection, connection.begin():
        _lock(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to ``revision`` (``base``: no tables). Drops plans: for tests and operators only."""
    with engine.execution_options(**WRITE_OPTIONS).connect() as connection, connection.begin():
        _lock(connection)
        command.downgrade(alembic_config(connection), revision)


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
