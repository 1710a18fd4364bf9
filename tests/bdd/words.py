"""The words scenario writers use, in Thai and English, and the codes the service speaks.

Provinces by Thai or English name (or ISO code); districts and subdistricts by Thai name when listed here,
else by the English (RTGS) name written in ``graph/``; values such as ``ทรุดโทรม`` → ``dilapidated``.
A word that is not known raises ``UnknownWord`` with what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone

from safetynet.datafiles.suggest import did_you_mean

THAILAND = timezone(timedelta(hours=7))

#: ISO 3166-2:TH code → (Thai name, English name): the 14 provinces of the seeds, and Bangkok.
PROVINCES: dict[str, tuple[str, str]] = {
    "TH-10": ("กรุงเทพมหานคร", "Bangkok"),
    "TH-30": ("นครราชสีมา", "Nakhon Ratchasima"),
    "TH-40": ("ขอนแก่น", "Khon Kaen"),
    "TH-50": ("เชียงใหม่", "Chiang Mai"),
    "TH-52": ("ลำปาง", "Lampang"),
    "TH-57": ("เชียงราย", "Chiang Rai"),
    "TH-63": ("ตาก", "Tak"),
    "TH-65": ("พิษณุโลก", "Phitsanulok"),
    "TH-80": ("นครศรีธรรมราช", "Nakhon Si Thammarat"),
    "TH-82": ("พังงา", "Phang Nga"),
    "TH-90": ("สงขลา", "Songkhla"),
    "TH-92": ("ตรัง", "Trang"),
    "TH-94": ("ปัตตานี", "Pattani"),
    "TH-95": ("ยะลา", "Yala"),
    "TH-96": ("นราธิวาส", "Narathiwat"),
}

#: Thai district and subdistrict names → the RTGS names the partner network is written in.
PLACES: dict[str, str] = {
    "เมืองพิษณุโลก": "Mueang Phitsanulok",
    "เมืองนครราชสีมา": "Mueang Nakhon Ratchasima",
    "เมืองลำปาง": "Mueang Lampang",
    "เกาะคา": "Ko Kha",
    "เมืองขอนแก่น": "Mueang Khon Kaen",
    "เมืองเชียงใหม่": "Mueang Chiang Mai",
    "เมืองเชียงราย": "Mueang Chiang Rai",
    "เมืองนครศรีธรรมราช": "Mueang Nakhon Si Thammarat",
    "เมืองนราธิวาส": "Mueang Narathiwat",
    "เมืองปัตตานี": "Mueang Pattani",
    "เมืองพังงา": "Mueang Phang Nga",
    "เมืองสงขลา": "Mueang Songkhla",
    "เมืองตาก": "Mueang Tak",
    "เมืองตรัง": "Mueang Trang",
    "เมืองยะลา": "Mueang Yala",
    "ในเมือง": "Nai Mueang",
    "ลำปางหลวง": "Lampang Luang",
}

#: Field → {word: code}. Codes themselves are always accepted too.
VALUES: dict[str, dict[str, str]] = {
    "sex": {"หญิง": "female", "ชาย": "male", "อื่น ๆ": "other", "ไม่ทราบ": "unknown"},
    "education_status": {
        "กำลังเรียน": "in_school",
        "เสี่ยงหลุด": "at_risk",
        "หลุดจากระบบ": "dropped_out",
        "ไม่เคยเข้าเรียน": "never_enrolled",
    },
    "housing_condition": {"ดี": "good", "ไม่ดี": "poor", "ทรุดโทรม": "dilapidated"},
    "guardian": {"พ่อแม่": "parents", "ปู่ย่าตายาย": "grandparents", "ญาติ": "relatives", "ไม่มี": "none"},
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
YES = frozenset({"yes", "true", "y", "ใช่", "มี", "เร่งด่วน"})
NO = frozenset({"no", "false", "n", "ไม่ใช่", "ไม่มี", "ไม่", "ไม่เร่งด่วน"})

#: Column headings of tables, Thai → the field name (English field names are always accepted).
HEADINGS: dict[str, str] = {
    "รหัส": "case_ref",
    "อายุ": "age",
    "เพศ": "sex",
    "จังหวัด": "province",
    "อำเภอ": "district",
    "ตำบล": "subdistrict",
    "สถานะการศึกษา": "education_status",
    "มีชื่อในสถานศึกษา": "enrolled",
    "วันที่ขาดเรียน": "days_absent",
    "รายได้ครัวเรือน": "household_income_monthly",
    "รายได้ต่อเดือน": "income_monthly",
    "สภาพบ้าน": "housing_condition",
    "ผู้ดูแล": "guardian",
    "จำนวนสมาชิก": "members",
    "พิการ": "has_disability",
    "จดทะเบียนคนพิการ": "disability_registered",
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

_THAI = re.compile(r"[\u0e00-\u0e7f]")


class UnknownWord(Exception):
    """A word in a scenario that the step vocabulary does not know; the message says what to write."""


def province_code(name: str) -> str:
    """``พิษณุโลก``, ``Phitsanulok`` or ``TH-65`` → ``TH-65``."""
    text = name.strip()
    for code, (th, en) in PROVINCES.items():
        if text in (code, th) or text.casefold() == en.casefold():
            return code
    names = [n for pair in PROVINCES.values() for n in pair]
    english = ", ".join(en for _, en in PROVINCES.values())
    raise UnknownWord(
        f"unknown province {text!r}{did_you_mean(text, names)} (write a Thai or English name, e.g. พิษณุโลก or "
        f"Phitsanulok, or the ISO code TH-65; known: {english})"
    )


def province_names(code: str) -> tuple[str, str]:
    return PROVINCES.get(code, (code, code))


def place(name: str) -> str:
    """A district or subdistrict: a Thai name listed in ``PLACES``, or the RTGS name as written in graph/."""
    text = name.strip()
    if text in PLACES:
        return PLACES[text]
    if _THAI.search(text):
        raise UnknownWord(
            f"unknown Thai place name {text!r}{did_you_mean(text, PLACES)}: write the English (RTGS) name "
            "used in graph/ (e.g. Ko Kha, Lampang Luang), or add the Thai name to PLACES in tests/bdd/words.py"
        )
    return text


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
