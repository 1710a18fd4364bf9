"""The words scenario writers use, in Thai and English, and the codes the service speaks.

Values such as ``ทรุดโทรม`` → ``dilapidated``. Places are not here: a scenario's province, district and
subdistrict go to the service as written, and the service reads them through the gazetteer like anyone's
(``safetynet.places``). The Thai survey columns and values are the product's own (``datafiles/surveyfile.py``).
A word that is not known raises ``UnknownWord`` with what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone

from safetynet.datafiles.suggest import did_you_mean
from safetynet.datafiles.surveyrow import NO as SURVEY_NO
from safetynet.datafiles.surveyrow import THAI_COLUMNS, THAI_VALUES
from safetynet.datafiles.surveyrow import YES as SURVEY_YES

THAILAND = timezone(timedelta(hours=7))

#: Field → {word: code}. Codes themselves are always accepted too.
VALUES: dict[str, dict[str, str]] = {
    **THAI_VALUES,  # sex, housing_condition, guardian: as survey files may write them
    "education_status": {
        "กำลังเรียน": "in_school",
        "เสี่ยงหลุด": "at_risk",
        "หลุดจากระบบ": "dropped_out",
        "ไม่เคยเข้าเรียน": "never_enrolled",
    },
    "tier": {"ปกติ": "normal", "เสี่ยง": "at_risk", "กลุ่มเสี่ยง": "at_risk", "หลุดจากระบบ": "dropped_out"},
    "reason": {"ไม่มีกฎ": "no_rule", "ไม่มีหน่วยงาน": "no_partner", "ไม่มีเส้นทาง": "no_path"},
    "term": {"สั้น": "short", "ยาว": "long", "ระยะสั้น": "short", "ระยะยาว": "long"},
}
CODES: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male", "other", "unknown"),
    "education_status": ("in_school", "at_risk", "dropped_out", "never_enrolled"),
    "housing_condition": ("good", "poor", "dilapidated"),
    "guardian": ("parents", "grandparents", "relatives", "none"),
    "tier": ("normal", "at_risk", "dropped_out"),
    "reason": ("no_rule", "no_partner", "no_path"),
    "term": ("short", "long"),
}
YES = frozenset({"yes", "true", "y", "เร่งด่วน", *SURVEY_YES})
NO = frozenset({"no", "false", "n", "ไม่", "ไม่เร่งด่วน", *SURVEY_NO})

#: Column headings of tables, Thai → the field name (English field names are always accepted).
HEADINGS: dict[str, str] = {
    **THAI_COLUMNS,  # the survey's columns, as survey files may name them
    "รายได้ต่อเดือน": "income_monthly",
    "สถานะการศึกษา": "education_status",
    "จำนวนสมาชิก": "members",
    "ความต้องการ": "need",
    "เร่งด่วน": "urgent",
    "หน่วยงาน": "organization",
    "พื้นที่": "area",
    "ชั่วโมง": "hours",
    "เส้นทาง": "path",
    "ระยะ": "term",
    "วัน": "days",
    "ขั้นตอน": "step",
    "กลุ่ม": "risk_tier",
    "ความต้องการที่แนะนำ": "suggested_needs",
}

class UnknownWord(Exception):
    """A word in a scenario that the step vocabulary does not know; the message says what to write."""


def value(field: str, word: str) -> str:
    """A Thai or English word for one of ``field``'s values → its code."""
    text = word.strip()
    if text in CODES[field]:
        return text
    if text in VALUES[field]:
        return VALUES[field][text]
    known = [*CODES[field], *VALUES[field]]
    raise UnknownWord(f"unknown {field} {text!r}{did_you_mean(text, known)} (write one of: {', '.join(known)})")


def yes_no(word: str) -> bool:
    text = word.strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise UnknownWord(f"write yes or no (ใช่ / ไม่ใช่), not {word!r}")


def heading(word: str, allowed: Mapping[str, object] | tuple[str, ...]) -> str:
    """A table heading (Thai or the field name) → the field name, which must be one of ``allowed``."""
    text = word.strip()
    name = HEADINGS.get(text, text)
    if name not in allowed:
        known = [*allowed, *(th for th, en in HEADINGS.items() if en in allowed)]
        raise UnknownWord(f"unknown column {text!r}{did_you_mean(text, known)} (columns: {', '.join(known)})")
    return name


def moment(day: str, clock: str | None) -> datetime:
    """``2026-06-15`` (or the Buddhist-era ``2569-06-15``) and an optional ``09:30`` → Thailand time."""
    try:
        on = date.fromisoformat(day.strip())
    except ValueError:
        raise UnknownWord(f"write the date as YYYY-MM-DD (e.g. 2026-06-15), not {day!r}") from None
    if on.year > 2400:  # พ.ศ.
        on = on.replace(year=on.year - 543)
    at = time.fromisoformat(clock.strip()) if clock else time(9, 0)
    return datetime.combine(on, at, tzinfo=THAILAND)


def split_list(text: str) -> list[str]:
    """``a, b and c`` / ``a, b และ c`` → ``[a, b, c]``."""
    parts = re.split(r",|\s+and\s+|\s+และ\s*", text)
    return [p.strip() for p in parts if p.strip()]


def table_rows(datatable: list[list[str]], allowed: tuple[str, ...]) -> list[dict[str, str]]:
    """A data table whose first row names the columns → one dict per row, keyed by field name."""
    if len(datatable) < 2:
        raise UnknownWord("the table needs a heading row and at least one row under it")
    names = [heading(cell, allowed) for cell in datatable[0]]
    return [dict(zip(names, (cell.strip() for cell in row), strict=True)) for row in datatable[1:]]


def field_table(datatable: list[list[str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """A two-column table of ``| field | value |`` rows → {field name: value}."""
    found: dict[str, str] = {}
    for row in datatable:
        if len(row) != 2:
            raise UnknownWord("each row of this table has two cells: | field | value |")
        found[heading(row[0], allowed)] = row[1].strip()
    return found
