"""Times as the pages show them: dates in the Buddhist era in Thai (``5 ธ.ค. 2569 09:00``), the Common Era in
English (``5 Dec 2026 09:00``), in the service's time zone; and deadlines as ``อีก 5 ชม.`` / ``due in 5 h``."""

from __future__ import annotations

import math
from datetime import date, datetime, tzinfo

from safetynet.contract.vocabulary import BUDDHIST_ERA_OFFSET

THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HOUR = 3600
_DAY = 24 * _HOUR


def day_text(day: date, lang: str) -> str:
    """``5 ธ.ค. 2569`` (th) or ``5 Dec 2026`` (en)."""
    if lang == "th":
        return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + BUDDHIST_ERA_OFFSET}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def moment_text(moment: datetime, lang: str, zone: tzinfo) -> str:
    """``5 ธ.ค. 2569 09:00`` (th) or ``5 Dec 2026 09:00`` (en), in ``zone``."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date(), lang)} {local:%H:%M}"


def _amount(seconds: float, lang: str) -> str:
    if seconds < _HOUR:
        minutes = max(1, math.ceil(seconds / 60))
        return f"{minutes} นาที" if lang == "th" else f"{minutes} min"
    if seconds < 2 * _DAY:
        hours = math.floor(seconds / _HOUR)
        return f"{hours} ชม." if lang == "th" else f"{hours} h"
    days = math.floor(seconds / _DAY)
    return f"{days} วัน" if lang == "th" else f"{days} d"


def due_text(deadline: datetime, now: datetime, lang: str) -> str:
    """``อีก 5 ชม.`` / ``due in 5 h`` before the deadline; ``เลยกำหนด 2 ชม.`` / ``overdue by 2 h`` after it."""
    seconds = (deadline - now).total_seconds()
    if seconds >= 0:
        return f"อีก {_amount(seconds, lang)}" if lang == "th" else f"due in {_amount(seconds, lang)}"
    return f"เลยกำหนด {_amount(-seconds, lang)}" if lang == "th" else f"overdue by {_amount(-seconds, lang)}"
