"""Each query parameter at most once: none of the API's parameters is a list, and FastAPI keeps the last of two
without a word (``status=sent&status=done`` listed the done referrals, the sent ones silently dropped). A name given
twice is refused as any invalid field is, a 422 naming it, before the route reads anything."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError


def refuse_repeated(request: Request) -> None:
    """422 naming the first query parameter that ``request`` gives more than once."""
    items = request.query_params.multi_items()
    if len(items) == len(request.query_params):
        return
    seen: set[str] = set()
    for name, value in items:
        if name in seen:
            message = f"{name[:64]!r} is given more than once: give it once (none of this API's parameters is a list)"
            raise RequestValidationError([{"type": "repeated", "loc": ("query", name), "msg": message, "input": value}])
        seen.add(name)
