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

from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from safetynet.contract.case import SurveyRow
from safetynet.contract.facts import survey_facts
from safetynet.datafiles.surveyfile import BadRow, SurveyFileError, read_survey, survey_format
from safetynet.rules import RuleEngine

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
    """One output record per good row (``case_ref``, ``risk_tier``, ``suggested_needs``, ``rules``), in order;
    bad rows come through as ``BadRow`` in their place."""
    for batch in _batches(rows, BATCH):
        good = [r for r in batch if isinstance(r, SurveyRow)]
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
            }


def run_screen(engine: RuleEngine, path: Path, out: Path | None, on: date) -> int:
    """The ``safetynet screen`` command: returns the number of rows skipped as malformed.

    Output is written to a temporary file next to ``out`` and renamed at the end, so that a stopped run
    never leaves a half-written result behind.
    """
    fmt = survey_format(path)
    skipped = 0
    show = sys.stderr.isatty()
    target = sys.stdout if out is None else (out.parent / f".{out.name}.partial").open("w", encoding="utf-8")
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        disable=not show,
        transient=True,
    )
    try:
        with progress, path.open("rb") as stream:
            task = progress.add_task("screening", total=path.stat().st_size)
            rows = read_survey(stream, fmt, lambda n: progress.advance(task, n))
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
