"""Text that people type into a case or a referral: no control characters, no bidirectional controls, nothing invisible,
no tower of marks on one letter.

A right-to-left override (U+202E) or an isolate makes a place name display as something other than what is
stored, in a CM's browser, a log or an export: the text people read is no longer the text the service matched.
Thai text needs none of these: it is written left to right. What counts as hidden is the gazetteer's rule
(``places.text.hidden_character``), so that a case and the place resolver refuse the same characters.
A whole number is read as people write one (``whole_number``, with the unit of what it counts), and text is
measured as a terminal shows it (``width``, ``pad``).
"""

from __future__ import annotations

import re
import unicodedata

from safetynet.places.text import BIDI_CONTROLS, THAI_DIGITS, hidden_character

#: The same rule as a JSON Schema pattern (OpenAPI), for the characters a pattern can name: no control
#: characters and no bidirectional controls (the server also refuses other invisible format characters).
PLAIN_TEXT_PATTERN = f"^[^\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]+$"


#: Marks one letter may carry: Thai writes at most a vowel above or below, a tone mark and a ์ (สิทธิ์, น้ำ, ปั๊ม).
MAX_MARKS = 3


def stacked_marks(text: str) -> str | None:
    """Where ``text`` stacks more than ``MAX_MARKS`` combining marks on one letter, or None. A run of tone marks
    (ก้้้้้้) is drawn as a tower over the lines above it: a note could cover the referral's page it is read on."""
    run = 0
    for position, char in enumerate(text, start=1):
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        if run > MAX_MARKS:
            return f"more than {MAX_MARKS} marks stacked on one letter at character {position}"
    return None


def plain_text(value: str) -> str:
    """``value`` when nothing in it is hidden nor stacked; else ValueError naming the first such character and its
    place."""
    found = hidden_character(value) or stacked_marks(value)
    if found is not None:
        raise ValueError(f"contains {found}: remove it and send the name as plain text")
    return value


def one_line_break(value: object) -> object:
    """A note's line breaks as ``\n``: a browser sends a text box's as ``\r\n``, an old Mac file as ``\r``."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


#: What a note may hold besides plain text: a line break or a tab (a note may run over several lines).
_NOTE_LAYOUT = str.maketrans("\t\n\r", "   ")


def plain_note(value: str) -> str:
    """``value`` when nothing in it is hidden but line breaks and tabs (a referral's note or reason, which
    other organizations read); else ValueError as ``plain_text``."""
    found = hidden_character(value.translate(_NOTE_LAYOUT)) or stacked_marks(value)
    if found is not None:
        raise ValueError(f"contains {found}: remove it and send the text as plain text")
    return value


#: A whole number with thousands separators, as people and spreadsheets write one: a comma, a space (or a
#: no-break or thin one) after every group of three digits, one kind of separator throughout, Thai digits or Arabic
#: ("5,000", "5 000", "๕,๐๐๐", "1,250,000"). Only where it is unambiguous: "5,00", "5.5" and "5,000.00" are not one.
_GROUPED = re.compile(r"[+-]?[0-9๐-๙]{1,3}(?P<sep>[, \u00a0\u202f\u2009])[0-9๐-๙]{3}(?:(?P=sep)[0-9๐-๙]{3})*")


def grouped_number(written: str) -> int | None:
    """The whole number ``written`` with thousands separators (``_GROUPED``); None when it is not one."""
    found = _GROUPED.fullmatch(written)
    if found is None:
        return None
    try:
        return int(written.replace(found["sep"], ""))
    except ValueError:  # past the digits int() reads (4,300): nobody's number; the field's own error names it
        return None


_WHOLE = re.compile(r"[+-]?[0-9]{1,4300}")  # int() reads no longer number

#: The unit written after a number, by what the number counts: a field takes its own unit only ("12 ปี" is an age,
#: "12 บาท" is not). ขวบ: a young child's age in years, as Thai speaks of it. Every field in baht is a household's
#: income per month, so "บาท/เดือน" (per month) is its unit too, and "บาท/ปี" (per year) never is.
UNITS: dict[str, tuple[str, ...]] = {
    "years": ("ปี", "ขวบ"),
    "baht": ("บาท", "บ.", "บาท/เดือน", "บาทต่อเดือน"),
    "people": ("คน",),
    "days": ("วัน",),
}
#: The unit of each whole-number field of a case, a survey row and a rule's timeline step, by the field's name.
UNIT_OF: dict[str, str] = {
    "age": "years",
    "days": "days",
    "days_absent": "days",
    "income_monthly": "baht",
    "household_income_monthly": "baht",
    "members": "people",
}
#: A number followed by a word: the word is its unit ("2,800 บาท", "12ปี"), an abbreviation with its dot ("3,000 บ.").
_WITH_UNIT = re.compile(r"(?P<number>.*\d)\s*(?P<unit>[^\d\s,.]+\.?)")


def written_unit(written: str) -> str | None:
    """The word written after a number (``"12 บาท"`` -> ``"บาท"``), or None when there is none: for the message
    that names a unit the field does not take."""
    found = _WITH_UNIT.fullmatch(written.strip())
    return found["unit"] if found and whole_number(found["number"]) is not None else None


def whole_number(written: str, unit: str | None = None) -> int | None:
    """A whole number as people write one: in Arabic or Thai digits (``๑๒``), with or without thousands separators
    (``grouped_number``), and, given the ``unit`` it counts (a key of ``UNITS``), followed by that unit's word
    (``12 ปี``, ``๒,๘๐๐ บาท``); None when it is not one (the field's own error then names it)."""
    if unit is not None and (found := _WITH_UNIT.fullmatch(written.strip())) and found["unit"] in UNITS[unit]:
        written = found["number"]
    grouped = grouped_number(written)
    if grouped is not None:
        return grouped
    digits = written.strip().translate(THAI_DIGITS)
    return int(digits) if _WHOLE.fullmatch(digits) else None


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: combining marks (Thai vowels above and below, tones) take none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` and the spaces that make it ``columns`` wide on a terminal (the tables of coverage and what-if)."""
    return text + " " * max(0, columns - width(text))
