"""One survey row as written, in English or Thai, made a ``SurveyRow`` whose place is codes, or a ``BadRow`` that says
what is wrong (``surveyfile`` reads the rows of a file).

Thai is read as well as English: column names (``THAI_COLUMNS``: ``รหัส``, ``อายุ``, ``จังหวัด``...), yes and no
(``ใช่``/``ไม่ใช่``, ``มี``/``ไม่มี``, ``ไม่``, with a polite particle: ``ใช่ค่ะ``: ``yes_no``), the values of sex, housing
condition and guardian (``THAI_VALUES``: each value's label from ``contract/words.toml`` and the short forms people
write), numbers in Thai digits, with thousands separators or the field's own unit
(``12 ปี``, ``2,800 บาท``), and places:
province, district and subdistrict are resolved through the gazetteer (``safetynet.places``) as a case's are, and
a row read here carries their codes (ISO province, DOPA district and subdistrict). A place that names nothing, or
several places, makes the row malformed, with the closest names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from safetynet.contract.case import SurveyRow
from safetynet.contract.said import WORDS
from safetynet.contract.text import UNIT_OF, UNITS, whole_number, written_unit
from safetynet.datafiles.suggest import did_you_mean
from safetynet.places import PlaceError, resolve_location

COLUMNS = tuple(SurveyRow.model_fields)
#: Thai column names (the ones the scenarios use) -> the field.
THAI_COLUMNS: dict[str, str] = {
    "รหัส": "case_ref",
    "อายุ": "age",
    "เพศ": "sex",
    "จังหวัด": "province",
    "อำเภอ": "district",
    "ตำบล": "subdistrict",
    "มีชื่อในสถานศึกษา": "enrolled",
    "วันที่ขาดเรียน": "days_absent",
    "รายได้ครัวเรือน": "household_income_monthly",
    "สภาพบ้าน": "housing_condition",
    "พิการ": "has_disability",
    "จดทะเบียนคนพิการ": "disability_registered",
    "ผู้ดูแล": "guardian",
}
YES = frozenset({"ใช่", "มี"})
NO = frozenset({"ไม่ใช่", "ไม่มี", "ไม่", "ไม่ได้"})  # "ไม่ได้": not registered, as the answer to จดทะเบียนคนพิการ
_BOOLEAN = frozenset({"enrolled", "has_disability", "disability_registered"})
#: A polite particle at the end of an answer (ใช่ค่ะ, ไม่มีครับ), dropped before yes or no is read. A particle alone
#: is not read as yes: in speech ค่ะ/ครับ acknowledges ("I hear you") as often as it agrees, and คะ asks; a cell
#: holding only one may be an answer whose word was lost. The row then asks for ใช่ or ไม่ใช่.
_PARTICLE = re.compile(r"(?<=\S)\s*(?:ค่ะ|คะ|ครับ|จ้ะ|จ้า)$")
#: The short forms people write for a value, besides its main Thai word (``contract/words.toml``, the one label the
#: pages and plans show) -> the value (the values themselves are accepted too, in any case: "Female"). The short forms
#: of school and district records: ด.ญ./ด.ช. (เด็กหญิง/เด็กชาย), ญ/ช, and F/M in any case (keys are case-folded: a
#: form's sex column); a grandparent or a relative (ยาย, ป้า) as the group it is in; and ไม่มี, the answer written
#: under the column ผู้ดูแล (its label, ไม่มีผู้ดูแล, names what is missing where it stands alone). A single parent
#: (แม่, พ่อ) is not "parents": the list has no value for it, so the row asks rather than read one in.
_SHORT_FORMS: dict[str, dict[str, str]] = {
    "sex": {
        "อื่นๆ": "other", "เด็กหญิง": "female", "เด็กชาย": "male", "ด.ญ.": "female", "ด.ช.": "male", "ญ": "female",
        "ช": "male", "ญ.": "female", "ช.": "male", "f": "female", "m": "male",
    },
    "housing_condition": {},
    "guardian": {
        "ไม่มี": "none", "ปู่": "grandparents", "ย่า": "grandparents", "ตา": "grandparents",
        "ยาย": "grandparents", "ปู่ย่า": "grandparents", "ตายาย": "grandparents", "ลุง": "relatives",
        "ป้า": "relatives", "น้า": "relatives", "อา": "relatives",
    },
}  # fmt: skip


def _thai_values(field: str) -> dict[str, str]:
    """Each value's main Thai word (``WORDS``, in the contract's order) and then its short forms -> the value."""
    prefix = f"{field}."
    main = {th: key.removeprefix(prefix) for key, (th, _) in WORDS.items() if key.startswith(prefix)}
    return main | _SHORT_FORMS[field]


#: Thai words for the values of a field -> the value; the first word of each value is its label, which messages show.
THAI_VALUES: dict[str, dict[str, str]] = {field: _thai_values(field) for field in _SHORT_FORMS}
#: The whole numbers of a row, each with the unit it may be written with (``contract.text.UNITS``) and an example.
_NUMBERS = {field: (UNIT_OF[field], example) for field, example in
            (("age", "12"), ("days_absent", "5"), ("household_income_monthly", "2800"))}  # fmt: skip
#: What to write instead, by the kind of value pydantic could not read.
_WRITE_INSTEAD = {"bool_parsing": "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)"}


def _choices(words: dict[str, str]) -> str:
    """``write one of: female (หญิง), male (ชาย), ...``: each value with its label (its first Thai word)."""
    first: dict[str, str] = {}
    for word, value in words.items():
        first.setdefault(value, word)
    return "write one of: " + ", ".join(f"{value} ({word})" for value, word in first.items())


_CHOICES = {field: _choices(words) for field, words in THAI_VALUES.items()}


@dataclass(frozen=True)
class BadRow:
    line: int
    message: str


def _row_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "row"
        if err["type"] == "extra_forbidden":
            parts.append(f"{name}: unknown field{did_you_mean(name, COLUMNS)}")
        else:
            hint = _WRITE_INSTEAD.get(err["type"])
            if err["type"] == "int_parsing" and name in _NUMBERS:
                hint = _number_hint(name, err["input"])
            elif err["type"] in ("literal_error", "enum"):
                hint = _CHOICES.get(name)
            parts.append(f"{name}: {err['msg']}" + (f": {hint}" if hint else ""))
    return "; ".join(parts)


def _number_hint(name: str, written: object) -> str:
    """What to write in a number field: ``write a whole number, e.g. 12 or 12 ปี``, first naming a unit written that
    is not the field's (``12 บาท`` as an age)."""
    unit, example = _NUMBERS[name]
    hint = f"write a whole number, e.g. {example} or {example} {UNITS[unit][0]}"
    other = written_unit(written) if isinstance(written, str) else None
    return f"{other!r} is not a unit of {name} ({' or '.join(UNITS[unit])}): {hint}" if other else hint


def yes_no(written: str) -> str | None:
    """``"true"`` or ``"false"`` for a Thai yes or no as a survey row reads it (spaces around it, with or without a
    polite particle: ``ใช่ค่ะ``); None for anything else."""
    word = _PARTICLE.sub("", written.strip())
    return "true" if word in YES else "false" if word in NO else None


def _english(raw: dict[str, Any]) -> dict[str, Any]:
    """A row with Thai column names, yes/no and values as the fields' own (other text is left as written)."""
    row: dict[str, Any] = {}
    for name, written in raw.items():
        field = THAI_COLUMNS.get(name, name)
        value = written
        if isinstance(written, str):
            word = written.strip()
            if field in _BOOLEAN:
                value = yes_no(word) or written
            elif field in _NUMBERS:
                number = whole_number(word, _NUMBERS[field][0])  # Thai digits, thousands separators, its own unit
                value = written if number is None else number
            elif field in THAI_VALUES:
                folded = word.casefold()  # F or f; Thai has no case
                value = THAI_VALUES[field].get(folded, folded if word.isascii() else written)
        row[field] = value
    return row


def parse_row(line: int, raw: Any) -> SurveyRow | BadRow:
    if not isinstance(raw, dict):
        return BadRow(line, "a row must be an object with named fields")
    try:
        row = SurveyRow.model_validate(_english(raw) if not raw.keys() <= _ENGLISH_ONLY else raw)
    except ValidationError as exc:
        return BadRow(line, _row_error(exc))
    return _located(line, row)


# A row with only these needs no _english.
_ENGLISH_ONLY = frozenset(COLUMNS) - _BOOLEAN - frozenset(THAI_VALUES) - frozenset(_NUMBERS)


def _located(line: int, row: SurveyRow) -> SurveyRow | BadRow:
    """The row with its place as codes, or a BadRow naming the field and the closest places."""
    if row.province is None:
        if row.district is not None or row.subdistrict is not None:
            field = "district" if row.district is not None else "subdistrict"
            return BadRow(line, f"{field}: give the province too: a {field} is looked up in its province")
        return row
    try:
        where = resolve_location(row.province, row.district, row.subdistrict)
    except PlaceError as error:
        return BadRow(line, str(error))
    return row.model_copy(
        update={
            "province": where.province.code,
            "district": where.district.code if where.district else None,
            "subdistrict": where.subdistrict.code if where.subdistrict else None,
        }
    )
