"""Rules reloads, recorded in the database so that every server process sharing it follows them, on this machine
or another (``runtime/sharedreload.py``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from safetynet.store.tables import rules_reloads


class Reloads:
    def __init__(
        self,
        write: Callable[[], AbstractContextManager[Connection]],
        read: Callable[[], AbstractContextManager[Connection]],
    ) -> None:
        self._write = write
        self._read = read

    def record(self, version: str) -> int:
        """Say that the rules were reloaded to ``version``; returns the reload's number."""
        with self._write() as connection:
            number: int = connection.execute(
                insert(rules_reloads).values(version=version, at=datetime.now(UTC)).returning(rules_reloads.c.id)
            ).scalar_one()
        return number

    def latest(self) -> tuple[int, str] | None:
        """The last reload: (number, version); None when there was none. One read of the primary key's end."""
        query = select(rules_reloads.c.id, rules_reloads.c.version).order_by(rules_reloads.c.id.desc()).limit(1)
        with self._read() as connection:
            row = connection.execute(query).one_or_none()
        return None if row is None else (int(row.id), str(row.version))
