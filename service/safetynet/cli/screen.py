"""Screening survey rows in batches, for ``safetynet screen``; reading them is in ``datafiles/surveyfile.py``.

Memory stays flat however long the file: rows are read line by line and screened a batch at a time. A
malformed row comes through in its place, is reported with its line number and skipped; the others go on.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from rich.progress import DownloadColumn

from safetynet.cli.common import progress_bar
from safetynet.contract.case import SurveyRow
from safetynet.contract.facts import survey_facts
from safetynet.datafiles.surveyfile import SurveyFileError, read_survey, survey_format
from safetynet.datafiles.surveyrow import BadRow
from safetynet.places import Location, gazetteer
from safetynet.rules import RuleEngine
from safetynet.rules.model import Need

__all__ = ["BadRow", "SurveyFileError", "read_survey", "run_screen", "screen_rows"]

BATCH = 256


def _batches(rows: Iterable[tuple[int, SurveyRow | BadRow]], size: int) -> Iterator[list[SurveyRow | BadRow]]:
    batch: list[SurveyRow | BadRow] = []
    for _, row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def screen_rows(
    engine: RuleEngine, rows: Iterable[tuple[int, SurveyRow | BadRow]], on: date
) -> Iterator[dict[str, Any] | BadRow]:
    """One output record per good row, in order: the contract's ``case_ref``, ``risk_tier``, ``suggested_needs``
    and ``rules``, then ``needs`` (each suggested need's ``code``, Thai and English ``label`` and ``urgent``, its
    default urgency in the needs catalogue), ``location`` (the row's place in canonical form, or null) and why,
    one line per rule as a plan says it: ``explanation`` in English and ``explanation_th`` in Thai, line for line;
    bad rows come through as ``BadRow`` in their place."""
    for batch in _batches(rows, BATCH):
        good = [r for r in batch if isinstance(r, SurveyRow)]
        book = engine.book  # the needs' labels of the rules that screen this batch (or of a reload: same codes)
        results = iter(engine.screen_many((survey_facts(r) for r in good), on))
        for row in batch:
            if isinstance(row, BadRow):
                yield row
                continue
            result = next(results)
            yield {
                "case_ref": row.case_ref,
                "risk_tier": result.risk_tier,
                "suggested_needs": list(result.suggested_needs),
                "rules": [r.id for r in result.rules],
                "needs": [_need(book.needs.get(code), code) for code in result.suggested_needs],
                "location": _location(row),
                "explanation": [line.en for line in result.explanation],
                "explanation_th": [line.th for line in result.explanation],
            }


def _need(need: Need | None, code: str) -> dict[str, Any]:
    if need is None:  # a screening rule names only catalogued needs; kept whole should a reload race a batch
        return {"code": code, "label": None, "urgent": None}
    return {"code": code, "label": need.label.model_dump(), "urgent": need.urgent}


def _location(row: SurveyRow) -> dict[str, Any] | None:
    """The row's place (already codes: ``read_survey`` resolved it) as ``{province, district, subdistrict}``."""
    province = gazetteer.province(row.province) if row.province else None
    if province is None:
        return None
    district = gazetteer.district(row.district) if row.district else None
    subdistrict = gazetteer.subdistrict(row.subdistrict) if row.subdistrict else None
    return Location(province, district, subdistrict).as_dict()


def run_screen(engine: RuleEngine, path: Path, out: Path | None, on: date) -> int:
    """The ``safetynet screen`` command: returns the number of rows skipped as malformed.

    Output is written to a temporary file next to ``out`` and renamed at the end, so that a stopped run
    never leaves a half-written result behind.
    """
    fmt = survey_format(path)
    skipped = 0
    target = sys.stdout if out is None else (out.parent / f".{out.name}.partial").open("w", encoding="utf-8")
    try:
        with progress_bar("screening", path.stat().st_size, DownloadColumn()) as advance, path.open("rb") as stream:
            rows = read_survey(stream, fmt, advance)
            for result in screen_rows(engine, rows, on):
                if isinstance(result, BadRow):
                    skipped += 1
                    print(f"{path}:{result.line}: skipped: {result.message}", file=sys.stderr)
                    continue
                target.write(json.dumps(result, ensure_ascii=False) + "\n")
        if out is not None:
            target.close()
            os.replace(target.name, out)
    except SurveyFileError as exc:
        if exc.line is None:
            raise
        raise SurveyFileError(f"{path}:{exc.line}: {exc.message}") from None
    finally:
        if out is not None and not target.closed:
            target.close()
            os.unlink(target.name)
    if skipped:
        print(f"{path}: {skipped} row(s) skipped", file=sys.stderr)
    return skipped
