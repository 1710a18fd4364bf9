"""The database connection: a SQLAlchemy engine for SQLite (the default) or PostgreSQL, shared by threads.

SQLite, on every new connection: ``busy_timeout`` (a writer waits for another rather than failing),
``journal_mode=WAL`` (readers never block the writer), ``synchronous=FULL`` (a committed plan survives a power
cut), ``foreign_keys=ON``. Python's sqlite3 module is told not to open transactions itself; the engine emits
``BEGIN`` instead, and ``BEGIN IMMEDIATE`` for transactions that will write (``WRITE_OPTIONS``), so that a
read-then-write transaction takes the write lock first and waits for it, instead of failing with
"database is locked" when another writer got in between. The database file is created readable by its
owner only.

PostgreSQL: a ``postgresql://`` URL is read as ``postgresql+psycopg://`` (psycopg 3, the installed driver).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from safetynet.store.errors import StoreUnavailable
from safetynet.store.records import CheckedJSON

T = TypeVar("T")
BUSY_TIMEOUT_MS: Final = 30_000
BEGIN_OPTION: Final = "safetynet_begin"
WRITE_OPTIONS: Final = {BEGIN_OPTION: "IMMEDIATE"}
WAL_PRAGMA: Final = "PRAGMA journal_mode=WAL"
SQLITE_PRAGMAS: Final = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",  # first: the others may have to wait for a lock
    WAL_PRAGMA,
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)
POOL_SIZE: Final = 10
MAX_OVERFLOW: Final = 30
POOL_TIMEOUT_S: Final = 30
LOGGING_NAME: Final = "safetynet"


def _dumps(value: Any) -> str:
    if isinstance(value, CheckedJSON):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def shown(url: URL) -> str:
    """The URL as it may be printed: the password hidden."""
    return url.render_as_string(hide_password=True)


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUnavailable(
            "SAFETYNET_DATABASE_URL is not a database URL; write sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST:PORT/DB"
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (not yet connected); StoreUnavailable for a URL the store cannot use."""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        if backend == "postgresql":
            return _postgres_engine(parsed)
    except NoSuchModuleError:
        raise StoreUnavailable(f"no driver for {shown(parsed)}; use postgresql+psycopg://") from None
    raise StoreUnavailable(
        f"unsupported database {backend!r} in {shown(parsed)}; use sqlite:///PATH or postgresql+psycopg://..."
    )


class _NoRows(logging.Filter):
    """SQLAlchemy logs every fetched row at DEBUG level, and rows hold case data: drop those records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def _common() -> dict[str, Any]:
    """What every engine gets so that no log line and no error text carries case data: bound parameters
    hidden (a plan's JSON is one), and the engine's own logger (``sqlalchemy.engine.Engine.safetynet``)
    never passes on the DEBUG records that show rows. Statements are still logged at INFO if asked."""
    logger = logging.getLogger(f"sqlalchemy.engine.Engine.{LOGGING_NAME}")
    if not any(isinstance(f, _NoRows) for f in logger.filters):
        logger.addFilter(_NoRows())
    return {"hide_parameters": True, "json_serializer": _dumps, "logging_name": LOGGING_NAME}


def _postgres_engine(url: URL) -> Engine:
    connect_args: dict[str, Any] = {"application_name": "safetynet"}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = 10
    return create_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=POOL_TIMEOUT_S,
        pool_pre_ping=True,
        connect_args=connect_args,
        **_common(),
    )


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in database
    if in_memory:
        # One shared connection, or each checkout would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False}, **_common())
    else:
        if "uri" not in url.query:
            _create_private_file(Path(database))
        engine = create_engine(
            url,
            # A connection to a SQLite file is only a file handle, but opening one (its pragmas, the WAL check) costs
            # more than most reads: every thread of the server's pool (and the writer) keeps its own rather than
            # open and close an overflow connection for each read past POOL_SIZE.
            pool_size=POOL_SIZE + MAX_OVERFLOW,
            max_overflow=MAX_OVERFLOW,
            pool_timeout=POOL_TIMEOUT_S,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            **_common(),
        )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


async def read_for_coroutine(read: Callable[[], T], *, inline: bool) -> T:
    """``read()`` (a read on a connection of its own) for a coroutine. ``inline`` (SQLite): at once, on the event
    loop: a read of a local file is answered from the page cache in less time than handing it to a thread and back
    costs (under the mixed load, an inbox read handed to the thread pool cost more than the read itself).
    Else (PostgreSQL, whose reads wait on the network) in a thread."""
    return read() if inline else await asyncio.to_thread(read)


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine on a plain path; None for PostgreSQL, in-memory and ``uri`` databases."""
    url = engine.url
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or "uri" in url.query:
        return None
    if database in ("", ":memory:") or "mode=memory" in database:
        return None
    return Path(database)


def _create_private_file(path: Path) -> None:
    """Create the database's folder and an empty file readable by the owner only (SQLite gives its -wal and
    -shm files the same permissions)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the database folder {path.parent}: {exc.strerror}") from None
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the database file {path}: {exc.strerror}") from None
    os.close(fd)


def _sqlite_on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # Let the engine emit BEGIN (see _sqlite_on_begin); sqlite3's own handling skips it for SELECTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            if pragma == WAL_PRAGMA:
                _ensure_wal(cursor)
            else:
                cursor.execute(pragma)
    finally:
        cursor.close()


def _ensure_wal(cursor: Any) -> None:
    """Switch to WAL unless the file is already in it (the mode is kept in the file).

    Switching needs a moment of exclusive access, and SQLite answers "database is locked" at once, without
    waiting ``busy_timeout``, when another connection is opening the same fresh file: so retry, up to the
    busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute(WAL_PRAGMA).fetchall()  # an in-memory database answers "memory": fine
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005 + random.random() * 0.02)  # noqa: S311  (jitter, not a secret)


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE"):
        raise ValueError(f"{BEGIN_OPTION} must be DEFERRED or IMMEDIATE, not {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
