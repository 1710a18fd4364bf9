"""Pydantic errors about a file's data, placed at path:line:col with what to write instead."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from safetynet.datafiles.marks import Loc
from safetynet.datafiles.validation import PHRASES, explain_at, validation_problems
from safetynet.datafiles.yamlio import parse_yaml
from safetynet.network.model import Mou, Organization
from safetynet.rules.files import NeedsFile, RuleFile, ScreeningFile, ServicesFile


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
        "r.yaml:3:25: steps.0.days: 'many' is not a whole number: write digits only, like 3"
    ]


@pytest.mark.parametrize(
    ("days", "meant"), [("'๓'", "'๓' reads as 3: write 3"), ("'1,000 วัน'", "'1,000 วัน' reads as 1000: write 1000")]
)
def test_a_number_written_as_people_write_it_says_the_number_to_write(days: str, meant: str) -> None:
    """Thai digits, separators and a unit are read in a survey row, never in a file: the message says the value."""
    assert located(f"title: t\nsteps:\n  - {{term: short, days: {days}}}\n") == [
        f"r.yaml:3:25: steps.0.days: {meant} (the file takes the plain value)"
    ]


class _Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: float = Field(gt=0)
    names: list[str] = Field(min_length=2)
    code: str = Field(pattern=r"^[a-z]+$")
    note: str = Field(default="", max_length=5)
    on: date | None = None
    urgent: bool = False


def plain(text: str) -> list[str]:
    doc = parse_yaml(text, "r.yaml")
    with pytest.raises(ValidationError) as caught:
        _Limits.model_validate(doc.data)
    return sorted(str(p).split(": ", 1)[1] for p in validation_problems(doc, caught.value, _Limits))


def test_pydantic_wording_never_reaches_a_policy_writer() -> None:
    lines = plain("hours: 0\nnames: [a]\ncode: A1\nnote: toolong\non: someday\nurgent: maybe\n")
    assert lines == [
        "code: 'A1' is not written the right way (pattern: ^[a-z]+$)",
        "hours: 0 is too small (it must be more than 0)",
        "names: the list has 1 item; at least 2 are needed",
        "note: the text has 7 characters; at most 5: write shorter text",
        "on: 'someday' is not a day: write it as YYYY-MM-DD, like 2026-01-31",
        "urgent: 'maybe' is not true or false",
    ]
    assert plain("hours: 1\nnames: [a, b]\ncode: a\nurgent: ใช่\n") == [
        "urgent: 'ใช่' reads as true: write true (the file takes the plain value)"
    ]
    assert plain("hours: 1\nnames: [a, b]\ncode: a\nurgent: ใช่ครับ\n") == [  # as a survey row reads it
        "urgent: 'ใช่ครับ' reads as true: write true (the file takes the plain value)"
    ]
    for line in lines:
        assert "should" not in line
        assert "Input" not in line


def test_a_file_that_is_not_a_map_names_its_top_keys() -> None:
    doc = parse_yaml("- a\n", "r.yaml")
    with pytest.raises(ValidationError) as caught:
        _Limits.model_validate(doc.data)
    (problem,) = validation_problems(doc, caught.value, _Limits)
    assert (
        str(problem) == "r.yaml:1:1: (file): the file must be a map starting with: hours, names, code, note, on, urgent"
    )


def test_every_pydantic_phrase_is_plain_words() -> None:
    for kind, (what, how) in PHRASES.items():
        assert "should" not in what, kind
        assert "Input" not in what, kind
        assert not how or not how.startswith("write"), kind  # the message adds "write"


def _constrained(schema: dict[str, Any], defs: dict[str, Any], loc: tuple[str | int, ...]) -> list[Loc]:
    """Every place in a JSON schema whose value has a pattern or a minimum length (pydantic would word it)."""
    if "$ref" in schema:
        return _constrained(defs[schema["$ref"].split("/")[-1]], defs, loc)
    found: list[Loc] = []
    if "pattern" in schema or schema.get("minItems", 0) > 0 or schema.get("minLength", 0) > 0:
        found.append(loc)
    for sub in schema.get("anyOf", []):
        found.extend(_constrained(sub, defs, loc))
    if isinstance(schema.get("items"), dict):
        found.extend(_constrained(schema["items"], defs, (*loc, 0)))
    for name, sub in schema.get("properties", {}).items():
        found.extend(_constrained(sub, defs, (*loc, name)))
    return found


@pytest.mark.parametrize(
    "model", [RuleFile, ScreeningFile, NeedsFile, ServicesFile, Organization, Mou], ids=lambda m: m.__name__
)
def test_every_field_with_a_pattern_or_a_minimum_explains_itself(model: type[BaseModel]) -> None:
    schema = model.model_json_schema()
    places = _constrained(schema, schema.get("$defs", {}), ())
    assert places
    missing = [place for place in places if explain_at(model, place) is None]
    assert missing == [], "add an Explain from safetynet.datafiles.fieldhelp to the type of: " + repr(missing)


def _missing(model: type[BaseModel], text: str) -> list[str]:
    doc = parse_yaml(text, "m.yaml")
    with pytest.raises(ValidationError) as caught:
        model.model_validate(doc.data)
    return [str(p) for p in validation_problems(doc, caught.value, model) if "missing field" in str(p)]


def test_a_missing_field_says_what_to_write_in_it() -> None:
    # A coordinator who leaves out hours: or signed: of an MOU is told what goes there, not only its name.
    assert _missing(Mou, "id: lpg-x\nparties: [lpg-a, lpg-b]\nservices: all\nreference: r\n") == [
        "m.yaml:1:1: signed: missing field 'signed': add 'signed: ...': write it as YYYY-MM-DD, like 2026-01-31",
        "m.yaml:1:1: hours: missing field 'hours': add 'hours: ...': write the expected hours for a referral to be "
        "taken up, above 0, like 4 or 1.5",
    ]
    (area,) = _missing(Organization, "id: lpg-x\nname: {th: ก, en: a}\nkind: school\nprovince: TH-52\n")
    assert area.endswith("add 'service_area: ...': write one of: subdistrict, district, province, national"), area


@pytest.mark.parametrize("kind", ["string_too_short", "string_too_long", "too_short"])
def test_a_context_naming_given_n_or_items_is_worded_not_a_crash(kind: str) -> None:
    """A validator's own error may carry ``given``, ``n`` or ``items`` in its context (as contract/case.py's
    custom errors carry theirs): the message is still worded, with the value the file gives."""

    def refuse(value: Any) -> Any:
        context = {"given": "theirs", "n": 9, "items": "x", "min_length": 3, "max_length": 1}
        raise PydanticCustomError(kind, "custom", context)

    class Custom(BaseModel):
        title: Annotated[Any, BeforeValidator(refuse)]

    doc = parse_yaml("title: ab\n", "r.yaml")
    with pytest.raises(ValidationError) as caught:
        Custom.model_validate(doc.data)
    [problem] = validation_problems(doc, caught.value, Custom)
    assert str(problem).startswith("r.yaml:1:8: title: ")
    assert "theirs" not in str(problem)


def test_a_custom_error_without_the_limit_its_phrase_names_keeps_its_own_words() -> None:
    def refuse(value: Any) -> Any:
        raise PydanticCustomError("string_too_short", "write at least a word", {})

    class Custom(BaseModel):
        title: Annotated[Any, BeforeValidator(refuse)]

    doc = parse_yaml("title: ab\n", "r.yaml")
    with pytest.raises(ValidationError) as caught:
        Custom.model_validate(doc.data)
    assert [str(p) for p in validation_problems(doc, caught.value, Custom)] == [
        "r.yaml:1:8: title: write at least a word (got 'ab')"
    ]
