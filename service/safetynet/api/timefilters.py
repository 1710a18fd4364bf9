"""Query parameters that are moments (``since``, ``until``): a date (``2026-11-22``: midnight, Thailand time) or a
date and time; without an offset, Thailand time (an offset's ``+`` sent unencoded arrives as a space: read as its
plus). A moment written the Thai way (``06/12/2569``, a Buddhist-era ``2569-12-06``, ``09.30 น.``) is a 422 naming the
field with the exact value to send, read by the case's own reader (``contract.case.written_moment``); out of the
years a referral can be dated, a 422 naming the field, pointing out a Buddhist-era year."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query
from pydantic import BeforeValidator

from safetynet.contract.case import FIRST_YEAR, LAST_YEAR, in_bounds, written_moment, year_hint
from safetynet.store import InvalidRecord

#: A time, then a space and an offset: what ``+07:00`` written straight into a URL (``curl '…?since=…T09:00+07:00'``)
#: arrives as, since a query string reads ``+`` as a space.
_PLUS_READ_AS_SPACE = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)")
_HINT = (
    f"give a date (YYYY-MM-DD: midnight, Thailand time) or a date and time (YYYY-MM-DDTHH:MM[:SS], with +07:00 or "
    f"another offset if not Thailand time) in the years {FIRST_YEAR}-{LAST_YEAR}"
)


def _read(value: object) -> object:
    """The value with its plus restored; a moment written the Thai way refused, saying the value to send."""
    if not isinstance(value, str):
        return value
    if found := _PLUS_READ_AS_SPACE.fullmatch(value):
        return f"{found[1]}+{found[2]}"
    if len(value) <= 40 and not _iso_in_bounds(value) and (read := written_moment(value)) is not None:
        send = read.moment.isoformat() if read.timed else read.moment.date().isoformat()
        when = "Thailand time" if read.timed else "midnight, Thailand time"
        era = f"; {read.era}" if read.era else ""
        raise ValueError(f"{value.strip()!r} reads as {send} ({when}{era}): send {send}")
    return value


def _iso_in_bounds(text: str) -> bool:
    try:
        return in_bounds(datetime.fromisoformat(text.strip()))
    except ValueError:
        return False


Moment = Annotated[
    datetime | None,
    BeforeValidator(_read),
    Query(description="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+07:00]; without an offset, Thailand time"),
]


def aware(field: str, value: datetime | None, timezone: str) -> datetime | None:
    if value is None:
        return None
    if not in_bounds(value):
        raise InvalidRecord(field, f"{value.isoformat()} is out of range{year_hint(value.date())}: {_HINT}")
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(timezone))
