"""Pydantic errors about a file's data, placed at path:line:col with what to write instead."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from safetynet.validation import validation_problems
from safetynet.yamlio import parse_yaml


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term: Literal["short", "long"]
    days: int


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    steps: list[_Step]


def located(text: str) -> list[str]:
    doc = parse_yaml(text, "r.yaml")
    with pytest.raises(ValidationError) as caught:
        _File.model_validate(doc.data)
    return sorted(str(p) for p in validation_problems(doc, caught.value, _File))


def test_unknown_fields_name_the_nearest_valid_one() -> None:
    assert located("title: t\nsteps:\n  - term: short\n    dayz: 3\n") == [
        "r.yaml:3:5: steps.0.days: missing field 'days': add 'days: ...'",
        "r.yaml:4:5: steps.0.dayz: unknown field 'dayz'; did you mean 'days'?",
    ]


def test_a_wrong_choice_lists_the_choices() -> None:
    assert located("title: t\nsteps:\n  - {term: shrt, days: 3}\n") == [
        "r.yaml:3:12: steps.0.term: 'shrt' is not one of: short, long; did you mean 'short'?"
    ]


def test_a_wrong_type_shows_what_was_given() -> None:
    assert located("title: t\nsteps:\n  - {term: short, days: many}\n") == [
        "r.yaml:3:25: steps.0.days: Input should be a valid integer, unable to parse string as an integer (got 'many')"
    ]
