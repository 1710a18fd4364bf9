"""A pydantic ValidationError about data read from a file, as ``path:line:col: field: message`` problems.

The messages say what to write instead: the nearest valid field name, the list of choices, the value given,
and for a value that does not fit its field, the field's ``Explain`` (``safetynet.datafiles.fieldhelp``: what it is,
with an example) or, when it has none, what its type takes. ``PHRASES`` words each kind of pydantic error
in plain language; pydantic's own text ("String should match pattern '^[a-z]…'") is never shown for them.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date, datetime
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from safetynet.contract.vocabulary import DAY_PATTERN, FIRST_BUDDHIST_YEAR, buddhist_era_hint
from safetynet.datafiles.fieldhelp import Explain
from safetynet.datafiles.marks import Loc
from safetynet.datafiles.plainvalue import plain_value
from safetynet.datafiles.suggest import closest, did_you_mean
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Problem

_Option = tuple[Any, tuple[Any, ...]]  # a bare type and the Annotated metadata that came with it

#: pydantic error type -> (what is wrong, what to write when the field has no Explain; "" for nothing).
#: {given} is the value given, {n} its length, {items} "N item(s)"; the other names are pydantic's context
#: (min_length, ge, ...).
PHRASES: dict[str, tuple[str, str]] = {
    "string_pattern_mismatch": ("{given} is not written the right way (pattern: {pattern})", ""),
    "string_too_short": ("{given} is too short (at least {min_length} characters)", ""),
    "string_too_long": ("the text has {n} characters; at most {max_length}", "shorter text"),
    "string_type": ("{given} is not text", 'text, in quotes if it looks like a number or a day, like "12"'),
    "too_short": ("the list has {items}; at least {min_length} are needed", ""),
    "too_long": ("the list has {items}; at most {max_length}", "a shorter list"),
    "greater_than": ("{given} is too small (it must be more than {gt})", ""),
    "greater_than_equal": ("{given} is too small (the least is {ge})", ""),
    "less_than": ("{given} is too large (it must be less than {lt})", ""),
    "less_than_equal": ("{given} is too large (the most is {le})", ""),
    "int_type": ("{given} is not a whole number", "digits only, like 3"),
    "int_parsing": ("{given} is not a whole number", "digits only, like 3"),
    "int_from_float": ("{given} is not a whole number", "digits only, like 3"),
    "float_type": ("{given} is not a number", "digits, like 4 or 1.5"),
    "float_parsing": ("{given} is not a number", "digits, like 4 or 1.5"),
    "finite_number": ("{given} is not a number", "digits, like 4 or 1.5"),
    "bool_type": ("{given} is not true or false", ""),
    "bool_parsing": ("{given} is not true or false", ""),
    "list_type": ("{given} is not a list", "one item per line starting with '- ', or [a, b]"),
    "tuple_type": ("{given} is not a list", "one item per line starting with '- ', or [a, b]"),
    "dict_type": ("{given} is not a map", "'name: value' lines, indented under this one"),
    "model_type": ("{given} is not a map", "'name: value' lines, indented under this one"),
    "model_attributes_type": ("{given} is not a map", "'name: value' lines, indented under this one"),
    "date_type": ("{given} is not a day", "it as YYYY-MM-DD, like 2026-01-31"),
    "date_parsing": ("{given} is not a day", "it as YYYY-MM-DD, like 2026-01-31"),
    "date_from_datetime_parsing": ("{given} is not a day", "it as YYYY-MM-DD, like 2026-01-31"),
    "date_from_datetime_inexact": ("{given} is not a day", "a day without a time, like 2026-01-31"),
    "day_type": ("{given} is not a day", "it as YYYY-MM-DD, like 2026-01-31"),
    "datetime_type": ("{given} is not a date and time", "it like 2026-11-22T09:00:00+07:00"),
    "datetime_parsing": ("{given} is not a date and time", "it like 2026-11-22T09:00:00+07:00"),
    "datetime_from_date_parsing": ("{given} is not a date and time", "it like 2026-11-22T09:00:00+07:00"),
}
_NOT_THE_NOUN = ("string_pattern_mismatch", "string_type")  # "'X' is not a rule id"
_MAPS = ("dict_type", "model_type", "model_attributes_type")
#: A day as Thai people write it, day/month/year (the year most often in the Buddhist era): ``31/01/2567``.
_THAI_DAY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")


def _options(annotation: Any, meta: tuple[Any, ...] = ()) -> list[_Option]:
    """The bare types an annotation may hold (through Annotated and unions), each with its metadata."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _options(inner, (*meta, *extra))
    if origin in (Union, types.UnionType):
        return [o for arg in typing.get_args(annotation) for o in _options(arg, meta)]
    return [(annotation, meta)]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _at(model: Any, loc: Loc) -> list[_Option]:
    """The types (with their metadata) that the data at ``loc`` inside ``model`` (a model, or an annotation holding
    one) may have (best effort)."""
    current: list[_Option] = _options(model)
    for part in loc:
        following: list[_Option] = []
        for tp, _ in current:
            if _is_model(tp) and isinstance(part, str):
                for name, f in tp.model_fields.items():
                    if part in (name, f.alias):
                        following.extend(_options(f.annotation, tuple(f.metadata)))
                continue
            origin: Any = typing.get_origin(tp)
            args = typing.get_args(tp)
            if origin in (list, tuple, typing.Sequence) and isinstance(part, int) and args:
                following.extend(_options(args[0]))
            elif origin is dict and isinstance(part, str) and len(args) == 2:
                following.extend(_options(args[1]))
        current = following
    return current


def _allowed_keys(model: Any, loc: Loc) -> list[str]:
    """Field names valid at ``loc`` inside ``model`` ([] when unknown)."""
    return [f.alias or name for tp, _ in _at(model, loc) if _is_model(tp) for name, f in tp.model_fields.items()]


def explain_at(model: type[BaseModel], loc: Loc) -> Explain | None:
    """The ``Explain`` of the field at ``loc`` inside ``model``, if its type has one."""
    return next((m for _, meta in _at(model, loc) for m in meta if isinstance(m, Explain)), None)


def _shown(value: Any) -> str:
    """A value as the file has it: true, an empty value, 'text' (long ones cut short)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return str(value).lower()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value: Any) -> Any:
    """0.0 -> 0 (a limit of a float field reads better without the decimal point)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plain(kind: str, err: Any, model: type[BaseModel] | None, loc: Loc) -> str | None:
    """The plain-word message for a value that does not fit its field, or None for kinds not in PHRASES."""
    if kind not in PHRASES:
        return None
    given = err.get("input")
    if (meant := plain_value(err)) is not None:  # before the field's help is looked for: it is not needed then
        return f"{_shown(given)} reads as {meant}: write {meant} (the file takes the plain value)"
    ctx = {k: _number(v) for k, v in (err.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
    n = len(given) if isinstance(given, (str, list, tuple, dict)) else 0
    what, how = PHRASES[kind]
    explain = explain_at(model, loc) if model else None
    if kind == "day_type" and isinstance(given, datetime):
        era = _buddhist_era(given.date())
        return f"write a day without a time; {era}" if era else f"write a day without a time, like {given.date()}"
    if kind == "day_type" and (era := _buddhist_era(given)):
        written_as_day = isinstance(given, date) or re.fullmatch(DAY_PATTERN, str(given))
        return era if written_as_day else f"{_shown(given)} is not a day: {era}"
    if kind in _MAPS and not loc and model is not None:
        return f"the file must be a map starting with: {', '.join(_allowed_keys(model, ()))}"
    if kind == "too_short" and n == 0:
        what = "the list is empty"
    elif kind == "string_too_short" and given == "":
        what = "the text is empty"
    if explain is not None:
        if kind in _NOT_THE_NOUN:
            what = "{given} is not " + explain.noun
        how = how if kind in ("string_too_long", "too_long") else explain.how
    items = f"{n} item" + ("" if n == 1 else "s")
    message = _worded(what, {**ctx, "given": _shown(given), "n": n, "items": items})
    if message is not None and how:
        message += f": write {how}"
    if message and kind == "string_pattern_mismatch" and explain and explain.fix and isinstance(given, str):
        fixed = explain.fix(given)
        if fixed != given and re.fullmatch(str(ctx.get("pattern", "")), fixed):
            message += f"; did you mean {fixed!r}?"
    return message


def _worded(what: str, names: dict[str, Any]) -> str | None:
    """``what`` with its names filled in; None when it names one the error lacks (a custom error without the
    limit its phrase names: it keeps its own words). ``names`` puts ours after the error's context, so that a
    context's own ``given``, ``n`` or ``items`` never clash with them."""
    try:
        return what.format_map(names)
    except (KeyError, IndexError):
        return None


def _buddhist_era(given: Any) -> str:
    """For a day of year 2400 or later (a YAML or a JSON day, or a text written day/month/year, ``31/01/2567``): the
    conversion of a Buddhist-era year (``2567 looks like ...: write 2024-01-01``), or what to write for a later one;
    else ""."""
    if isinstance(given, date):
        year, month, day = given.year, given.month, given.day
    elif isinstance(given, str) and re.fullmatch(DAY_PATTERN, given):
        year, month, day = (int(part) for part in given.split("-"))
    elif isinstance(given, str) and (thai := _THAI_DAY.fullmatch(given.strip())):
        day, month, year = (int(part) for part in thai.groups())
        if year < FIRST_BUDDHIST_YEAR or not (1 <= month <= 12 and 1 <= day <= 31):
            return ""
    else:
        return ""
    if year < FIRST_BUDDHIST_YEAR:
        return ""
    return buddhist_era_hint(year, month, day) or f"{year} is too late: write a day before {FIRST_BUDDHIST_YEAR}-01-01"


def _is_literal(tp: Any) -> bool:
    origin: Any = typing.get_origin(tp)
    return origin is typing.Literal


def unknown_field(model: Any, loc: Loc, *, whole_path: bool = False) -> str:
    """``unknown field 'income'; did you mean 'income_monthly'?``, or the fields valid there when none is near: the
    words for an unknown field in a file (``validation_problems``) and in an API request (``api/errors.py``).
    ``model`` is the model (or the annotation) ``loc`` is inside; ``whole_path`` names the field and the one meant
    by their whole path (``household.income``), where nothing else says where the field is."""
    name = str(loc[-1])
    allowed = _allowed_keys(model, loc[:-1]) if model is not None else []
    near = closest(name, allowed)
    parent = "".join(f"{part}." for part in loc[:-1]) if whole_path else ""
    if near is not None:
        return f"unknown field {parent + name!r}; did you mean {parent + near!r}?"
    listing = f" (valid here: {', '.join(sorted(allowed))})" if allowed else ""
    return f"unknown field {parent + name!r}{listing}"


def _missing_how(model: type[BaseModel] | None, loc: Loc) -> str:
    """What to write in a missing field (its ``Explain``, or how a day is written), so that a beginner who left
    out ``hours:`` or ``signed:`` is not left guessing; "" when the field's type says nothing plain."""
    if model is None:
        return ""
    if (explain := explain_at(model, loc)) is not None:
        return f": write {explain.how}"
    options = _at(model, loc)
    if any(tp is date for tp, _ in options):
        return f": write {PHRASES['date_type'][1]}"
    choices = [str(c) for tp, _ in options if _is_literal(tp) for c in typing.get_args(tp)]
    return f": write one of: {', '.join(choices)}" if choices else ""


def _message(err: Any, model: type[BaseModel] | None, loc: Loc) -> tuple[str, bool]:
    """(message, point-at-key) for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return unknown_field(model, loc), True
    if kind == "missing":
        return f"missing field {str(loc[-1])!r}: add '{loc[-1]}: ...'" + _missing_how(model, loc), False
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        options = [o.strip(" '\"") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        given = err.get("input")
        word = plain_value(err)
        hint = f"; did you mean {word}?" if word is not None else did_you_mean(str(given), options)
        return f"{given!r} is not one of: {', '.join(options)}{hint}", False
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), False
    plain = _plain(kind, err, model, loc)
    if plain is not None:
        return plain, False
    return f"{err['msg']} (got {_shown(err.get('input'))})", False


def validation_problems(
    doc: YamlDoc, exc: ValidationError, model: type[BaseModel] | None = None, base: Loc = ()
) -> list[Problem]:
    """Translate a pydantic error about ``doc.data`` (validated at ``base``) into located problems."""
    out: list[Problem] = []
    for err in exc.errors():
        loc: Loc = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        # pydantic adds union member and validator names to loc: keep only steps the data has.
        full: list[str | int] = list(base)
        for part in loc:
            if doc.has((*full, part)) or (err["type"] == "missing" and part == loc[-1]):
                full.append(part)
        msg, at_key = _message(err, model, tuple(full[len(base) :]))
        where = tuple(full) if at_key or err["type"] != "missing" else tuple(full[:-1])
        field_name = ".".join(str(p) for p in full[len(base) :]) or "(file)"
        out.append(doc.problem(where, f"{field_name}: {msg}", key=at_key))
    return out
