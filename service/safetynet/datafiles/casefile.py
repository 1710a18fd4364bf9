"""Reading cases from files for ``safetynet plan``: one JSON or YAML case, or JSONL with one case a line.

Problems come back located (``path:line:col: field: message``) like every other file error, a place that names no
single place of the gazetteer too (the ambiguous ``ในเมือง``, with the places it may be). In JSONL, each
line is read as a ``.json`` case file is (a key given twice is refused); a line that is not valid (bad JSON, a
bad field, not UTF-8 text) is reported and the next lines go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from safetynet.contract.case import Case
from safetynet.datafiles.jsondata import parse_json
from safetynet.datafiles.loadfile import load_yaml
from safetynet.datafiles.marks import YamlFileError
from safetynet.datafiles.textlines import NotUtf8, decode_line
from safetynet.datafiles.validation import validation_problems
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Problem
from safetynet.places import PlaceError, resolve_location


def _validate(doc: YamlDoc) -> Case | list[Problem]:
    try:
        case = Case.model_validate(doc.data)
    except ValidationError as exc:
        return validation_problems(doc, exc, Case)
    written = case.child.location
    try:  # here, where the file is at hand: the planner would say only which case, not where in the file
        resolve_location(written.province, written.district, written.subdistrict)
    except PlaceError as exc:
        field = ("child", "location", exc.field)
        return [doc.problem(field, f"{'.'.join(field)}: {exc.message}")]
    return case


def read_cases(path: Path) -> Iterator[Case | list[Problem]]:
    """Yield each case in the file, or the problems that stop it from being a case."""
    shown = str(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                text = decode_line(raw, number)
                if isinstance(text, NotUtf8):
                    yield [Problem(shown, number, text.col, f"this line is {text}")]
                    continue
                if not text.strip():
                    continue
                try:  # read as a .json case file is, without the line break: an error is placed in this line
                    doc = parse_json(text.rstrip("\r\n"), shown)
                except YamlFileError as exc:  # bad JSON, a key given twice, NaN
                    yield [_shift(p, number) for p in exc.problems]
                    continue
                result = _validate(doc)
                yield [_shift(p, number) for p in result] if isinstance(result, list) else result
        return
    try:
        doc = load_yaml(path, shown)
    except YamlFileError as exc:
        yield exc.problems
        return
    yield _validate(doc)


def _shift(problem: Problem, line: int) -> Problem:
    return Problem(problem.path, line, problem.col, problem.message, problem.severity)
