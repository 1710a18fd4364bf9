"""A moment stored on SQLite is the text SQLAlchemy's own SQLite type writes, made without its per-value detour
(``columntypes.UTCDateTime.bind_processor``); naive moments are refused as before."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import DateTime, Dialect, create_engine
from sqlalchemy.dialects import sqlite

from safetynet.store.columntypes import UTCDateTime


def moments() -> list[datetime]:
    rng = random.Random(7)
    zones = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-9, minutes=-30)), timezone(timedelta(0))]
    found = [datetime(2026, 12, 6, 0, 0, tzinfo=UTC), datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC)]
    for _ in range(500):
        at = datetime(1, 1, 2, tzinfo=UTC) + timedelta(seconds=rng.uniform(0, 315_000_000_000))
        found.append(at.replace(microsecond=rng.choice([0, rng.randrange(1_000_000)])).astimezone(rng.choice(zones)))
    return found


def sqlalchemys_text(value: datetime) -> Any:
    """What SQLAlchemy's own SQLite type writes for the UTC wall time of ``value``."""
    dialect = sqlite.dialect()
    written = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert written is not None
    return written(value.astimezone(UTC).replace(tzinfo=None))


def processor(dialect: Dialect) -> Callable[[datetime | None], Any]:
    written = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert written is not None
    return written


def test_each_moment_is_written_as_sqlalchemys_sqlite_type_writes_it() -> None:
    write = processor(sqlite.dialect())
    assert [write(at) for at in moments()] == [sqlalchemys_text(at) for at in moments()]
    assert write(None) is None
    with pytest.raises(ValueError, match="naive"):
        write(datetime(2026, 12, 6, 9, 0))  # a naive moment


def test_a_moment_skips_sqlalchemys_conversion_on_sqlite_only(monkeypatch: pytest.MonkeyPatch) -> None:
    converted: list[datetime] = []
    convert = UTCDateTime.process_bind_param

    def counted(self: UTCDateTime, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None:
            converted.append(value)
        return convert(self, value, dialect)

    monkeypatch.setattr(UTCDateTime, "process_bind_param", counted)
    write = processor(sqlite.dialect())
    checked = len(converted)  # the moments the text is checked on, once
    for at in moments():
        write(at)
    assert len(converted) == checked
    write_pg = processor(create_engine("postgresql+psycopg://").dialect)  # not connected
    at = datetime(2026, 12, 6, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    assert write_pg(at) == at.astimezone(UTC)
    assert converted[-1] == at
