"""A query parameter whose values are the loaded data's codes (a service, a need, a kind of organization): the
OpenAPI lists them as an enum (``api/openapi.py``), and a value outside it is refused as FastAPI refuses any
invalid field, a 422 naming the field."""

from __future__ import annotations

from collections.abc import Collection

from fastapi.exceptions import RequestValidationError


def known(value: str | None, allowed: Collection[str], field: str) -> None:
    """422 naming the query field when ``value`` is given and is none of ``allowed`` (as the OpenAPI's enum says)."""
    if value is not None and value not in allowed:
        shown = ", ".join(sorted(allowed))
        message = f"{value[:64]!r} is not known: use one of {shown}"
        raise RequestValidationError([{"type": "enum", "loc": ("query", field), "msg": message, "input": value}])
