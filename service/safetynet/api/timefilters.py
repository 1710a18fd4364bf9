"""Query parameters that are moments (``since``, ``until``): a date (``2026-11-22``: midnight, Thailand time) or a
date and time; without an offset, Thailand time (an offset's ``+`` sent unencoded arrives as a space: read as its
plus). Out of the years a referral can be dated: a 422 naming the field, pointing out a Buddhist-era year."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query
from pydantic import BeforeValidator

from safetynet.contract.case import MOMENT_HINT, in_bounds, year_hint
from safetynet.store import InvalidRecord

#: A time, then a space and an offset: what ``+07:00`` written straight into a URL (``curl '…?since=…T09:00+07:00'``)
#: arrives as, since a query string reads ``+`` as a space.
_PLUS_READ_AS_SPACE = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)")


def _plus_restored(value: object) -> object:
    if isinstance(value, str) and (found := _PLUS_READ_AS_SPACE.fullmatch(value)):
        return f"{found[1]}+{found[2]}"
    return value


Moment = Annotated[
    datetime | None,
    BeforeValidator(_plus_restored),
    Query(description="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+07:00]; without an offset, Thailand time"),
]


def aware(field: str, value: datetime | None, timezone: str) -> datetime | None:
    if value is None:
        return None
    if not in_bounds(value):
        raise InvalidRecord(field, f"{value.isoformat()} is out of range{year_hint(value.date())}: {MOMENT_HINT}")
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(timezone))
