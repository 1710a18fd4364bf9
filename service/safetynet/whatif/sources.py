"""What a what-if replays: the cases of a file, the screened rows of a survey, or the cases of stored plans.

Each source yields ``Item``s, streaming (memory stays flat), and tells ``skip`` about each input it cannot use,
with where (``path:line``, or the plan id) and why, as ``safetynet plan`` and ``safetynet screen`` do.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from safetynet.contract.case import Case, SurveyRow
from safetynet.contract.facts import survey_facts
from safetynet.datafiles.casefile import read_cases
from safetynet.datafiles.surveyfile import read_survey, survey_format
from safetynet.datafiles.surveyrow import BadRow
from safetynet.rules import RuleEngine, Screening
from safetynet.store import StoredCase
from safetynet.whatif.survey import survey_case

Skip = Callable[[str], None]
BATCH = 256


class Item(NamedTuple):
    """One case to plan on both sides. A survey row may make a different case on each side (each screens it
    with its own rules), or none (no need suggested there). Every input gives one item, so that progress counts
    inputs: one that is skipped (and said) or has nothing to plan gives an item with no case on either side."""

    case_ref: str
    before: Case | None
    after: Case | None
    start: str | None = None  # where referrals started, when the case does not say (a stored plan's)
    now: datetime | None = None  # when it was planned, when the case does not say (a stored plan's)
    plan_id: str | None = None
    origin: str = ""  # the file it was read from, to name it in a message

    def named(self) -> str:
        """The item as messages name it: ``path: case_ref``, or the stored plan."""
        if self.plan_id is not None:
            return f"plan {self.plan_id}"
        return f"{self.origin}: {self.case_ref}" if self.origin else self.case_ref


def is_survey(path: Path) -> bool:
    """CSV is a survey; JSONL is a survey unless its first row is a case (it has ``needs`` or ``child``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return True
    if suffix not in (".jsonl", ".ndjson"):
        return False
    with path.open("rb") as stream:
        for raw in stream:
            if raw.strip():
                try:
                    first = json.loads(raw)
                except ValueError:
                    return False  # read as cases: the case reader says where and what is wrong
                return not (isinstance(first, dict) and ("needs" in first or "child" in first))
    return False


def case_items(path: Path, skip: Skip) -> Iterator[Item]:
    for result in read_cases(path):
        if isinstance(result, list):  # as `safetynet plan` says it: path:line:col, the field (a place: the closest)
            for problem in result:
                skip(str(problem))
            yield Item("", None, None)
            continue
        yield Item(result.case_ref, result, result, origin=str(path))


def survey_items(path: Path, before: RuleEngine, after: RuleEngine, on: date, skip: Skip) -> Iterator[Item]:
    """Each row screened by both sides' rules (once when they are the same), then made a case on each side."""
    with path.open("rb") as stream:
        rows = read_survey(stream, survey_format(path))
        while batch := list(itertools.islice(rows, BATCH)):
            good: list[SurveyRow] = []
            for _, row in batch:
                if isinstance(row, BadRow):
                    skip(f"{path}:{row.line}: skipped: {row.message}")
                    yield Item("", None, None)
                else:
                    good.append(row)
            screened_before = _screen(before, good, on)
            screened_after = screened_before if after is before else _screen(after, good, on)
            for row, seen_before, seen_after in zip(good, screened_before, screened_after, strict=True):
                made_before, made_after = survey_case(row, seen_before), survey_case(row, seen_after)
                if isinstance(made_before, str) or isinstance(made_after, str):
                    problem = made_before if isinstance(made_before, str) else made_after
                    skip(f"{path}: {row.case_ref}: skipped: {problem}")
                    made_before = made_after = None
                yield Item(row.case_ref, made_before, made_after)  # none on either side: nothing to plan


def _screen(engine: RuleEngine, rows: list[SurveyRow], on: date) -> list[Screening]:
    return list(engine.screen_many((survey_facts(r) for r in rows), on))


def stored_items(cases: Iterable[StoredCase], skip: Skip) -> Iterator[Item]:
    for stored in cases:
        try:
            case = Case.model_validate(stored.case)
        except ValidationError as exc:  # stored by an older version: name the fields, never their values
            fields = ", ".join(dict.fromkeys(".".join(str(p) for p in e["loc"]) for e in exc.errors()))
            skip(f"plan {stored.plan_id}: skipped: its stored case no longer reads as a case ({fields})")
            yield Item(stored.case_ref, None, None)
            continue
        yield Item(case.case_ref, case, case, stored.requested_by, stored.created_at, stored.plan_id)
