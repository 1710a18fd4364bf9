"""The group writer's statements, and the read of a page of referrals, built once, run on SQLite's own connection.

SQLAlchemy's ``Connection.execute`` of a statement built once costs several times the same statement on the sqlite3
connection (benchmarks/README.md): most of it is SQLAlchemy's own bookkeeping per execution, and a transition or a
send runs several statements while its group holds the write lock. On SQLite (``?`` parameters), each statement is
compiled once per set of keys; its values are put in stored form by the column types' own bind processors, as
SQLAlchemy does, and the driver's errors are raised as SQLAlchemy's (``IntegrityError`` and so on). A value the
statement holds itself (a literal, such as the ``OFFSET 0`` SQLite's compiler adds to a ``LIMIT``) is bound as
SQLAlchemy binds it. Elsewhere (PostgreSQL), for a statement whose compiled form needs more than plain values, or
while something listens to SQLAlchemy's statements, ``Connection.execute`` as before.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Dialect, Executable, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import Compiled

Values = dict[str, Any]
#: SQL text; each bound name in order with the function that puts its value in stored form (None: as it is); the
#: values the statement holds itself, by name (bound as the caller's are)
Plain = tuple[str, list[tuple[str, Callable[[Any], Any] | None]], Values]
_compiled: WeakKeyDictionary[Dialect, dict[tuple[int, tuple[str, ...]], tuple[Executable, Plain | None]]] = (
    WeakKeyDictionary()
)
#: What SQLAlchemy applies to a value of a column as read (None: nothing)
Processor = Callable[[Any], Any] | None
_processors: WeakKeyDictionary[Dialect, dict[Table, tuple[Processor, ...]]] = WeakKeyDictionary()


def execute(connection: Connection, statement: Executable, values: Values | Sequence[Values]) -> int:
    """Run ``statement`` (an INSERT or UPDATE built once) with ``values`` (one row's, or several rows' with the same
    keys); the number of rows it changed."""
    many = not isinstance(values, dict)
    rows: Sequence[Values] = [values] if isinstance(values, dict) else values
    plain = _plain(connection, statement, rows)
    if plain is None:
        return int(connection.execute(statement, values).rowcount)
    sql, order, held = plain
    if held:
        rows = [row | held for row in rows]
    params = [tuple(row[k] if p is None else p(row[k]) for k, p in order) for row in rows]
    with _translated(sql):
        driver: Any = connection.connection.driver_connection
        cursor = driver.executemany(sql, params) if many else driver.execute(sql, params[0])
        return int(cursor.rowcount)


def rows(connection: Connection, statement: Executable, values: Values) -> list[tuple[Any, ...]] | None:
    """The rows of a SELECT built once, as the driver gives them (no result processing); None where this does not
    apply (the caller then executes it through SQLAlchemy)."""
    plain = _plain(connection, statement, [values])
    if plain is None:
        return None
    sql, order, held = plain
    if held:
        values = values | held
    with _translated(sql):
        driver = connection.connection.driver_connection
        return list(driver.execute(sql, tuple(values[k] if p is None else p(values[k]) for k, p in order)))  # type: ignore[union-attr]


def converters(dialect: Dialect, table: Table) -> tuple[Processor, ...]:
    """What SQLAlchemy applies to each column of ``table`` read on ``dialect``, in the table's order (worked out once
    per dialect and table): a row read through ``rows`` then holds the same values as SQLAlchemy's."""
    by_table = _processors.setdefault(dialect, {})
    found = by_table.get(table)
    if found is None:
        found = by_table[table] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in table.c
        )
    return found


def text(connection: Connection, sql: str) -> None:
    """Run SQL text without parameters (a savepoint's)."""
    if connection.dialect.name != "sqlite" or _watched(connection):
        connection.exec_driver_sql(sql)
        return
    with _translated(sql):
        connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


@contextmanager
def _translated(sql: str) -> Iterator[None]:
    """The driver's errors raised as SQLAlchemy raises them (parameters hidden: they hold case data)."""
    try:
        yield
    except sqlite3.Error as error:
        raise DBAPIError.instance(sql, None, error, sqlite3.Error, hide_parameters=True) from error


def _plain(connection: Connection, statement: Executable, rows: Sequence[Values]) -> Plain | None:
    dialect = connection.dialect
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark" or not rows or _watched(connection):
        return None
    keys = tuple(rows[0])
    if any(tuple(row) != keys for row in rows[1:]):
        return None
    by_statement = _compiled.setdefault(dialect, {})
    found = by_statement.get((id(statement), keys))
    if found is None or found[0] is not statement:
        found = by_statement[(id(statement), keys)] = (statement, _compile(statement, dialect, keys))
    return found[1]


def _watched(connection: Connection) -> bool:
    """Whether something follows the statements SQLAlchemy runs (an event listener, such as instrumentation or a
    test injecting a failure; the engine's log at INFO): they then go through SQLAlchemy, which tells it."""
    dispatch = connection.dispatch
    logger = getattr(connection.engine, "logger", None)
    logged = logger is not None and logger.isEnabledFor(logging.INFO)
    return bool(logged or dispatch.before_cursor_execute or dispatch.after_cursor_execute)


def _compile(statement: Executable, dialect: Dialect, keys: tuple[str, ...]) -> Plain | None:
    compiled: Compiled = statement.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
    order = list(getattr(compiled, "positiontup", None) or [])
    binds = getattr(compiled, "binds", {})
    if "POSTCOMPILE" in compiled.string or any(name not in binds for name in order):
        return None  # expanded at execution: not plain
    held = {name: binds[name].value for name in order if name not in keys}
    if any(binds[name].callable is not None or binds[name].required for name in held):
        return None  # values SQLAlchemy fills in itself, or missing: not plain
    processors = [(name, binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in order]
    return compiled.string, processors, held
