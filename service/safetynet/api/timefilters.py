"""Query parameters that are moments (``since``, ``until``): a date (``2026-11-22``: midnight, Thailand time) or a
date and time; without an offset, Thailand time. Out of the years a referral can be dated: a 422 naming the field,
pointing out a Buddhist-era year."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query

from safetynet.contract.case import MOMENT_HINT, in_bounds, year_hint
from safetynet.store import InvalidRecord

Moment = Annotated[
    datetime | None,
    Query(description="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+07:00]; without an offset, Thailand time"),
]


def aware(field: str, value: datetime | None, timezone: str) -> datetime | None:
    if value is None:
        return None
    if not in_bounds(value):
        raise InvalidRecord(field, f"{value.isoformat()} is out of range{year_hint(value.date())}: {MOMENT_HINT}")
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(timezone))
