"""A pydantic ValidationError about data read from a file, as ``path:line:col: field: message`` problems.

The messages say what to write instead: the nearest valid field name, the list of choices, the value given.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from safetynet.errors import Problem
from safetynet.suggest import did_you_mean
from safetynet.yamlio import Loc, YamlDoc


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes or containers that an annotation may hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names valid at ``loc`` inside ``model`` (best effort; [] when unknown)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for ann in current:
            if isinstance(ann, type) and issubclass(ann, BaseModel) and isinstance(part, str):
                for name, f in ann.model_fields.items():
                    if part in (name, f.alias):
                        following.extend(_unwrap(f.annotation))
            else:
                origin = typing.get_origin(ann)
                args = typing.get_args(ann)
                if origin in (list, tuple, typing.Sequence) and isinstance(part, int) and args:
                    following.extend(_unwrap(args[0]))
                elif origin is dict and isinstance(part, str) and len(args) == 2:
                    following.extend(_unwrap(args[1]))
        current = following
    names: list[str] = []
    for ann in current:
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            names.extend(_field_names(ann))
    return names


def _message(err: Any, model: type[BaseModel] | None, loc: Loc) -> tuple[str, bool]:
    """(message, point-at-key) for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1]) if model else []
        hint = did_you_mean(name, allowed)
        listing = f" (valid here: {', '.join(sorted(allowed))})" if allowed and not hint else ""
        return f"unknown field {name!r}{hint}{listing}", True
    if kind == "missing":
        return f"missing field {str(loc[-1])!r}: add '{loc[-1]}: ...'", False
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        options = [o.strip(" '\"") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        given = err.get("input")
        hint = did_you_mean(str(given), options)
        return f"{given!r} is not one of: {', '.join(options)}{hint}", False
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), False
    return f"{err['msg']} (got {err.get('input')!r})", False


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
