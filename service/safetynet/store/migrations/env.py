"""Alembic's entry point for the store's migrations.

The service runs them itself (``safetynet.store.migrate.upgrade``, called by ``Store.open``) and hands over
its connection, already in a transaction; no ``alembic.ini`` is needed. Run by hand, Alembic uses the
``sqlalchemy.url`` option (``alembic -x`` is not needed), online or with ``--sql``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from safetynet.store.database import make_engine
from safetynet.store.tables import metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    config = context.config
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _configure_and_run(given)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url, or open the store with safetynet.store.Store.open(url)")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _configure_and_run(connection)
            connection.commit()
    finally:
        engine.dispose()


run()
