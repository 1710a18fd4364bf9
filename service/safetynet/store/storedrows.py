"""Referrals of a page as the driver returns them: their columns are selected without SQLAlchemy's conversions
(``referralsql.RAW_COLUMNS``), so that a row already shown, and rendered (``referrals/rendered.py``), costs no
JSON parsing and no date conversion; a row is converted into a record only when one is needed, by the same
conversions SQLAlchemy applies to ``select(referrals)``."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select

from safetynet.referrals.records import ReferralRecord
from safetynet.store import plainsql
from safetynet.store.plainsql import Processor
from safetynet.store.referral_records import Page
from safetynet.store.referralsql import record_of
from safetynet.store.tables import referrals

_COLUMNS = tuple(referrals.c)
_NAMES = tuple(column.name for column in _COLUMNS)
_AT = {name: at for at, name in enumerate(_NAMES)}


class StoredReferral:
    """One row of ``RAW_COLUMNS``; ``key`` is the row itself when it can be kept in a dict (SQLite's text, numbers
    and nulls), None otherwise (PostgreSQL's driver gives JSON documents as dicts)."""

    __slots__ = ("_convert", "_record", "key", "row")

    def __init__(self, row: tuple[Any, ...], convert: tuple[Processor, ...]) -> None:
        self.row = row
        self._convert = convert
        self._record: ReferralRecord | None = None
        self.key: Hashable | None = row
        try:
            hash(row)
        except TypeError:
            self.key = None

    @property
    def referral_id(self) -> str:
        return str(self.row[_AT["referral_id"]])

    @property
    def plan_id(self) -> str:
        return str(self.row[_AT["plan_id"]])

    @property
    def refer_by(self) -> datetime:
        return self._value("refer_by")  # type: ignore[no-any-return]

    def _value(self, name: str) -> Any:
        at = _AT[name]
        convert = self._convert[at]
        return self.row[at] if convert is None else convert(self.row[at])

    def record(self) -> ReferralRecord:
        """The row as a record (converted once)."""
        if self._record is None:
            values: Mapping[str, Any] = {
                name: value if convert is None else convert(value)
                for name, value, convert in zip(_NAMES, self.row, self._convert, strict=True)
            }
            self._record = record_of(values)
        return self._record


def awaits_escalation(rows: Sequence[StoredReferral], now: datetime) -> bool:
    """Does a page of ``rows`` show a referral overdue at ``now`` whose escalation is not recorded yet? A page is
    sorted by deadline, so the first row still sent and not escalated has the earliest deadline of such rows: one
    date is read per page, whatever its length."""
    status, escalated_at = _AT["status"], _AT["escalated_at"]
    for stored in rows:
        if stored.row[status] == "sent" and stored.row[escalated_at] is None:
            return stored.refer_by < now
    return False


def fetch(connection: Connection, query: Select[Any], values: dict[str, Any]) -> list[StoredReferral]:
    """The rows of ``query`` (selecting ``RAW_COLUMNS``) as stored referrals. On SQLite the statement runs on the
    driver's own connection (``plainsql``), without SQLAlchemy's execution and the transaction it begins around a
    read (``BEGIN``, then a rollback): one ``SELECT`` is a consistent read by itself."""
    convert = plainsql.converters(connection.dialect, referrals)
    raw = plainsql.rows(connection, query, values)
    if raw is None:
        return [StoredReferral(tuple(row), convert) for row in connection.execute(query, values).all()]
    return [StoredReferral(row, convert) for row in raw]


def fetch_records(connection: Connection, query: Select[Any], values: dict[str, Any]) -> list[ReferralRecord]:
    """``fetch``, each row as a record."""
    return [stored.record() for stored in fetch(connection, query, values)]


def as_records(page: Page[StoredReferral]) -> Page[ReferralRecord]:
    """``page`` with each of its rows as a record."""
    return Page([stored.record() for stored in page.items], page.next_cursor)
