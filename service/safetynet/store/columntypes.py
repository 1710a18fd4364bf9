"""The columns' types of our own, for the tables (``tables.py``): a timezone-aware datetime kept in UTC
(``UTCDateTime``, written on SQLite as the text SQLAlchemy would write, without its per-value work), a JSON document
(JSONB on PostgreSQL) and the audit log's ids (BIGINT, the rowid on SQLite)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Integer, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored in UTC; naive datetimes are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = _utc(value)
        # SQLite keeps no offset: store the UTC wall time and put UTC back on the way out.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | None], Any] | None:
        """SQLAlchemy's own; on SQLite, the same text written straight from the value. SQLAlchemy's way there (this
        type's conversion, then SQLite's formatting through a dict of the fields) cost several times as much, once
        per value of every row written: each audit row has one, and listing 20 referrals writes 20 audit rows. When
        SQLite's text is not the one written here (another storage format), SQLAlchemy's own is kept."""
        own = super().bind_processor(dialect)
        if dialect.name != "sqlite" or own is None or any(own(moment) != _sqlite_text(moment) for moment in _SAMPLES):
            return own

        def process(value: datetime | None) -> str | None:
            return None if value is None else _sqlite_text(value)

        return process

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime refused: give it a timezone")
    return value.astimezone(UTC)


def _sqlite_text(value: datetime) -> str:
    """How SQLAlchemy's SQLite dialect stores ``value``'s UTC wall time (its default storage format)."""
    utc = _utc(value)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - faster than an f-string or strftime here
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond
    )  # fmt: skip


#: Moments on which the text above is checked against SQLAlchemy's own before it is used.
_SAMPLES = (
    datetime(2026, 12, 6, 1, 2, 3, 456789, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 1, 1, 6, 59, 59, tzinfo=timezone(timedelta(hours=7))),
)


def json_document() -> Any:
    """JSON on SQLite, JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


def audit_id() -> Any:
    """BIGINT where it matters; INTEGER on SQLite, whose INTEGER PRIMARY KEY is the rowid."""
    return BigInteger().with_variant(Integer(), "sqlite")
