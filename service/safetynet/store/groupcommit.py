"""One group of the group writer (``groupwrite.py``) in one transaction: every job's rows merged into one
``INSERT`` per table, after the keys of the group are locked and each job's ``prepare`` has run; then each job's
work in a savepoint of its own, the rows the works hand back (``Written``) inserted once every work has run, and
the ``last`` table's rows at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import Connection, Insert, Table, insert

from safetynet.store import plainsql
from safetynet.store.groupjobs import Job, Last, Written


class GroupCommit:
    """Writes a group (``commit``) in a transaction of ``transaction``; ``lock`` takes the keys of the group's
    ``prepare`` steps, ``last``: the table inserted after every other. Used by the writer thread only."""

    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Connection]],
        lock: Callable[[Connection, list[int]], None] | None = None,
        last: Last | None = None,
    ):
        self._transaction = transaction
        self._lock = lock
        self._last = last
        self._inserts: dict[Table, Insert] = {}

    def commit(self, group: list[Job]) -> None:
        """Write ``group`` in one transaction, or raise what made it fail (nothing written then)."""
        # One statement per table for the whole group: every statement hands the GIL back while SQLite works, and
        # under load each hand-back costs a wait to get it again, so fewer statements matter.
        merged: dict[Table, list[dict[str, Any]]] = {}
        for job in group:
            for table, rows in job.rows:
                merged.setdefault(table, []).extend(rows)
        with self._transaction() as connection:
            keys = sorted({job.prepare.key for job in group if job.prepare is not None and job.prepare.key is not None})
            if keys and self._lock is not None:
                self._lock(connection, keys)
            shared: dict[Any, Any] = {}
            for job in group:
                if job.prepare is not None:
                    job.result = job.prepare(connection, shared)
            for table, rows in merged.items():
                self._insert(connection, table, rows)
            written = _run_works(connection, group)
            last = written.pop(self._last[0], None) if self._last is not None else None
            for table, rows in written.items():
                self._insert(connection, table, rows)
            if last and self._last is not None:
                self._last[1](connection, last)

    def _insert(self, connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """``INSERT`` every row in one statement. On SQLite the rows go to the driver's ``executemany``
        (``plainsql``), without SQLAlchemy's own per-row work, which was much of the CPU of writing a group."""
        statement = self._inserts.get(table)
        if statement is None:
            statement = self._inserts[table] = insert(table)
        plainsql.execute(connection, statement, rows)


def _run_works(connection: Connection, group: list[Job]) -> dict[Table, list[dict[str, Any]]]:
    """Run each job's work in a savepoint of its own; the rows they handed back (``Written``), by table."""
    written: dict[Table, list[dict[str, Any]]] = {}
    for job in group:
        if job.work is None:
            continue
        job.failed = None
        try:
            with _savepoint(connection):
                result = job.work(connection)
        except Exception as exc:
            job.failed = exc
            continue
        if isinstance(result, Written):
            for table, rows in result.rows:
                written.setdefault(table, []).extend(rows)
            result = result.result
        job.result = result
    return written


@contextmanager
def _savepoint(connection: Connection) -> Iterator[None]:
    """A savepoint of one name, as SQL text: SQLAlchemy's ``begin_nested`` names each savepoint anew and builds,
    keys and compiles its statements on every use, which cost more CPU than the work inside it."""
    plainsql.text(connection, f"SAVEPOINT {_SAVEPOINT}")
    try:
        yield
    except BaseException:
        plainsql.text(connection, f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        plainsql.text(connection, f"RELEASE SAVEPOINT {_SAVEPOINT}")
        raise
    plainsql.text(connection, f"RELEASE SAVEPOINT {_SAVEPOINT}")


_SAVEPOINT = "safetynet_work"
