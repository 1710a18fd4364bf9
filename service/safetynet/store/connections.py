"""The store's connections: one pooled engine shared by every thread, write transactions that take turns (on
SQLite, on a ``WriteLock`` beside the database file), reads, and the database's errors said as the store's own
(``StoreUnavailable``, ``StoreError``) with the driver's first line and never a parameter (no case data)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from safetynet.store.database import WRITE_OPTIONS, make_engine, parse_url, shown, sqlite_file
from safetynet.store.errors import StoreError, StoreUnavailable
from safetynet.store.migrate import upgrade
from safetynet.store.writelock import WriteLock


def open_engine(url: str) -> Engine:
    """The engine of ``url``, its schema brought up to date (Alembic ``upgrade head``); StoreUnavailable when the
    database cannot be reached or the URL is not one the store can use."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except (DBAPIError, PoolTimeout) as exc:
        engine.dispose()
        raise StoreUnavailable(f"cannot open the database {shown(parse_url(url))}: {reason(exc)}") from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def reason(exc: DBAPIError | PoolTimeout) -> str:
    """The driver's first line (e.g. "connection refused"): parameters are hidden, so no case data."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()
    return first[0][:300] if first else type(orig).__name__


class Connections:
    """Transactions on ``engine``; ``close()`` disposes of it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer_engine = engine.execution_options(**WRITE_OPTIONS)
        # SQLite has one writer at a time: writers take turns on a lock that hands over at once, rather than
        # let SQLite's busy handler poll with growing sleeps.
        database = sqlite_file(engine)
        self._file_lock = WriteLock(database) if database is not None else None
        self._write_lock: AbstractContextManager[object] = self._file_lock or (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self.inline_reads = engine.dialect.name == "sqlite"  # database.read_for_coroutine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), translated errors."""
        with self.errors(), self._write_lock, self._writer_engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read-only use of a pooled connection, translated errors."""
        with self.errors(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # save_plan tells a duplicate plan from other refusals
        except (OperationalError, PoolTimeout) as exc:
            raise StoreUnavailable(f"the database is unavailable: {reason(exc)}") from None
        except DBAPIError as exc:
            raise StoreError(f"the database refused the operation: {reason(exc)}") from None

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        with self.read() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
        if self._file_lock is not None:
            self._file_lock.close()
