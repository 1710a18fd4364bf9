"""Reading survey rows from a CSV or JSONL file, as a stream (``safetynet screen``; screening is in ``cli/screen.py``).

Rows are read line by line, so memory stays flat however long the file. A CSV header that cannot be used (an
unknown column, a column given twice, no case_ref) stops the file before any row; a malformed row is reported
with the line where it starts and skipped, and the others go on. That includes a row that is not UTF-8 text (a
Thai spreadsheet saved in cp874): it is named with what to do, and the next rows are read.
Each row is read by ``surveyrow.parse_row`` (Thai as well as English, places as codes).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from safetynet.contract.case import SurveyRow
from safetynet.datafiles.suggest import did_you_mean
from safetynet.datafiles.surveyrow import COLUMNS, THAI_COLUMNS, BadRow, parse_row
from safetynet.datafiles.textlines import TextLines, column_in_line

_KNOWN = frozenset(COLUMNS) | frozenset(THAI_COLUMNS)
_SAVE_AS_CSV = "save the file as 'CSV UTF-8 (Comma delimited)' and run it again"


class SurveyFileError(Exception):
    """The file as a whole cannot be read (e.g. a CSV header with an unknown column); ``line``: where, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.line = line


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
        row = parse_row(start, record)
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
        yield number, parse_row(number, raw)


def survey_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise SurveyFileError(f"{path}: give a .csv or .jsonl file")
