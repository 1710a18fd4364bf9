"""Opaque cursors for keyset pagination: the sort key of the last item given, as URL-safe text.

A cursor is not a secret (it holds a date and an id the caller has just been shown) and gives no reach: every
page is filtered by the caller's reach again. One that does not decode is a 422 naming the field.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from safetynet.store.errors import InvalidRecord

MAX_CURSOR = 200


def encode(at: datetime, key: str) -> str:
    text = json.dumps([at.isoformat(), key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, field: str = "cursor") -> tuple[datetime, str]:
    """The (time, id) a cursor from ``encode`` holds; InvalidRecord naming ``field`` for anything else."""
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, key = json.loads(raw)
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None or not isinstance(key, str) or not key.isprintable():
            raise ValueError
        moment = moment.astimezone(UTC)  # as stored: one made by hand may have no UTC time (year 1 at +14:00)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise InvalidRecord(field, "not a cursor from this service: pass back next_cursor as it was given") from None
    return moment, key
