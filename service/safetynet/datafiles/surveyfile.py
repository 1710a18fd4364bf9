"""Reading survey rows from a CSV or JSONL file, as a stream (``safetynet screen``; screening is in ``cli/screen.py``).

Rows are read line by line, so memory stays flat however long the file. A CSV header that cannot be used (an
unknown column, a column given twice, no case_ref) stops the file before any row; a malformed row is reported
with the line where it starts and skipped, and the others go on. That includes a row that is not UTF-8 text (a
Thai spreadsheet saved in cp874): it is named with what to do, and the next rows are read.

Thai is read as well as English: column names (``THAI_COLUMNS``: ``รหัส``, ``อายุ``, ``จังหวัด``...), yes and no
(``ใช่``/``ไม่ใช่``, ``มี``/``ไม่มี``), the values of sex, housing condition and guardian (``THAI_VALUES``), and places:
province, district and subdistrict are resolved through the gazetteer (``safetynet.places``) as a case's are, and
a row read here carries their codes (ISO province, DOPA district and subdistrict). A place that names nothing, or
several places, makes the row malformed, with the closest names.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from safetynet.contract.case import SurveyRow
from safetynet.datafiles.suggest import did_you_mean
from safetynet.datafiles.textlines import TextLines, column_in_line
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
NO = frozenset({"ไม่ใช่", "ไม่มี"})
_BOOLEAN = frozenset({"enrolled", "has_disability", "disability_registered"})
#: Thai words for the values of a field -> the value (the values themselves are accepted too).
THAI_VALUES: dict[str, dict[str, str]] = {
    "sex": {"หญิง": "female", "ชาย": "male", "อื่น ๆ": "other", "อื่นๆ": "other", "ไม่ทราบ": "unknown"},
    "housing_condition": {"ดี": "good", "ไม่ดี": "poor", "ทรุดโทรม": "dilapidated"},
    "guardian": {"พ่อแม่": "parents", "ปู่ย่าตายาย": "grandparents", "ญาติ": "relatives", "ไม่มี": "none"},
}
#: Whole numbers that a spreadsheet writes with thousands separators ("2,800", "12,000 บาท" is not one).
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_NUMBERS = frozenset({"household_income_monthly", "days_absent"})
#: What to write instead, by the kind of value pydantic could not read.
_WRITE_INSTEAD = {
    "bool_parsing": "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)",
    "int_parsing": "write a whole number, e.g. 2800",
}
_KNOWN = frozenset(COLUMNS) | frozenset(THAI_COLUMNS)
_SAVE_AS_CSV = "save the file as 'CSV UTF-8 (Comma delimited)' and run it again"


@dataclass(frozen=True)
class BadRow:
    line: int
    message: str


class SurveyFileError(Exception):
    """The file as a whole cannot be read (e.g. a CSV header with an unknown column); ``line``: where, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.line = line


def _row_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "row"
        if err["type"] == "extra_forbidden":
            parts.append(f"{name}: unknown field{did_you_mean(name, COLUMNS)}")
        else:
            hint = _WRITE_INSTEAD.get(err["type"])
            parts.append(f"{name}: {err['msg']}" + (f": {hint}" if hint else ""))
    return "; ".join(parts)


def _english(raw: dict[str, Any]) -> dict[str, Any]:
    """A row with Thai column names, yes/no and values as the fields' own (other text is left as written)."""
    row: dict[str, Any] = {}
    for name, written in raw.items():
        field = THAI_COLUMNS.get(name, name)
        value = written
        if isinstance(written, str):
            word = written.strip()
            if field in _BOOLEAN:
                value = "true" if word in YES else "false" if word in NO else written
            elif field in _NUMBERS and _GROUPED.match(word):
                value = word.replace(",", "")
            elif field in THAI_VALUES:
                value = THAI_VALUES[field].get(word, written)
        row[field] = value
    return row


def _parse(line: int, raw: Any) -> SurveyRow | BadRow:
    if not isinstance(raw, dict):
        return BadRow(line, "a row must be an object with named fields")
    try:
        row = SurveyRow.model_validate(_english(raw) if not raw.keys() <= _ENGLISH_ONLY else raw)
    except ValidationError as exc:
        return BadRow(line, _row_error(exc))
    return _located(line, row)


# A row with only these needs no _english.
_ENGLISH_ONLY = frozenset(COLUMNS) - _BOOLEAN - frozenset(THAI_VALUES) - _NUMBERS


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


def _header_problem(header: list[str]) -> str | None:
    """What makes a CSV header unusable, or None. Columns are matched as they are written (' age' and 'Age' are
    unknown columns, with a suggestion), and one given twice is refused: the last one would silently win."""
    nameless = next((n for n, name in enumerate(header, start=1) if not name.strip()), None)
    if nameless is not None:
        at_end = " at the end of the header" if nameless == len(header) else ""
        return f"column {nameless} has no name: write its name, or remove the extra ','{at_end}"
    unknown = list(dict.fromkeys(c for c in header if c not in _KNOWN))
    if unknown:
        hints = "".join(did_you_mean(c.strip().lower(), sorted(_KNOWN)) for c in unknown[:1])
        thai = ", ".join(f"{th} ({en})" for th, en in THAI_COLUMNS.items())
        return (
            f"unknown column(s) {', '.join(map(repr, unknown))}{hints} (the columns are: {', '.join(COLUMNS)}; "
            f"in Thai: {thai})"
        )
    first: dict[str, int] = {}
    for number, written in enumerate(header, start=1):
        name = THAI_COLUMNS.get(written, written)
        if name in first:
            return (
                f"column {name!r} is given twice in the header (columns {first[name]} and {number}): "
                "keep one, and delete or rename the other"
            )
        first[name] = number
    if "case_ref" not in first:
        return "the header has no 'case_ref' (รหัส) column: add one, with the CM's own reference of each row"
    return None


def _csv_problem(exc: csv.Error, start: int, end: int) -> str:
    """What the csv reader could not read (lines ``start`` to ``end``), and what to do."""
    said = str(exc)
    if "field limit" in said:
        return (
            f"a quote opened in this row is never closed: lines {start} to {end} were read as one value; "
            'close the quote, and write "" for a quote inside a quoted value'
        )
    if "new-line character" in said:
        return "a line break (CR) inside a value not in quotes: " + _SAVE_AS_CSV
    return f"this cannot be read as CSV ({said}): " + _SAVE_AS_CSV


def _bad(start: int, end: int, message: str) -> BadRow:
    """A bad row; one over several lines says so: rows below an unclosed quote are read into it."""
    if end > start:
        message += (
            f" (this row runs from line {start} to line {end}: a value has a line break, or a quote is not closed)"
        )
    return BadRow(start, message)


def _read_csv(lines: TextLines) -> Iterator[tuple[int, SurveyRow | BadRow]]:
    reader = csv.reader(lines)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise SurveyFileError(f"the header cannot be read: {_csv_problem(exc, 1, lines.number)}", 1) from None
    bad_header = lines.take_bad(lines.number)
    if bad_header is not None:
        raise SurveyFileError(f"the header is {bad_header}", bad_header.line)
    problem = _header_problem(header)
    if problem is not None:
        raise SurveyFileError(problem, 1)
    width = len(header)
    while True:
        start = lines.number + 1  # the row's first line: csv reads the lines of one row only, as it needs them
        try:
            values = next(reader, None)
        except csv.Error as exc:  # the reader starts afresh at the next line
            lines.take_bad(lines.number)
            yield start, BadRow(start, _csv_problem(exc, start, lines.number))
            continue
        if values is None:
            return
        if not values:  # a blank line
            continue
        end = lines.number
        bad = lines.take_bad(end)  # any line of this row (a quoted value may span lines)
        if bad is not None:
            yield bad.line, BadRow(bad.line, str(bad))
            continue
        if len(values) > width:
            yield start, _bad(start, end, "more values than columns")
            continue
        record: dict[str, str | None] = dict(zip(header, values, strict=False))
        if len(values) < width:  # as csv.DictReader: the missing values are None
            record.update(dict.fromkeys(header[len(values) :]))
        row = _parse(start, record)
        yield start, row if isinstance(row, SurveyRow) else _bad(start, end, row.message)


class _KeyTwice(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_key_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key is given twice (json.loads would let the last one silently win)."""
    row = dict(pairs)
    if len(row) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _KeyTwice(key)
            seen.add(key)
    return row


def read_survey(
    stream: IO[bytes], fmt: str, advance: Callable[[int], None] = lambda n: None
) -> Iterator[tuple[int, SurveyRow | BadRow]]:
    """Yield (line number, row or problem) for each row of a CSV or JSONL stream; a CSV row that spans lines (a
    quoted value with a line break) is numbered by the line where it starts."""
    lines = TextLines(stream, advance)
    if fmt == "csv":
        yield from _read_csv(lines)
        return
    for text in lines:
        number = lines.number
        bad = lines.take_bad(number)
        if bad is not None:
            yield number, BadRow(number, str(bad))
            continue
        if not text.strip():
            continue
        try:
            raw = json.loads(text, object_pairs_hook=_no_key_twice)
        except json.JSONDecodeError as exc:
            yield number, BadRow(number, f"not valid JSON: {exc.msg} (column {column_in_line(text, exc.pos)})")
            continue
        except _KeyTwice as exc:
            yield number, BadRow(number, f"{exc.key!r} is given twice in this row: keep one, and delete the other")
            continue
        yield number, _parse(number, raw)


def survey_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise SurveyFileError(f"{path}: give a .csv or .jsonl file")
