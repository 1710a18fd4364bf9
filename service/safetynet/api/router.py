"""The API's routers: FastAPI's ``APIRouter``, which says "no match" at once for a path none of its routes can match.

FastAPI asks every router the app includes, in order, whether a request is one of its routes, and each router asks
each of its routes in turn, with FastAPI's bookkeeping of the route being tried; a referral's action was tried
against every route of health, plans, rules and organizations first. A route's path starts with
the text before its first parameter (``/v1/referrals/`` for ``/v1/referrals/{referral_id}/accept``), so a path that
starts with none of its routes' is refused at once. Which route answers is unchanged: only routers that could not
match are skipped. The paths are the routes' own: include these routers without a prefix (``api/app.py``).
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class ApiRouter(APIRouter):
    _starts: tuple[tuple[str, ...], int] | None = None  # the routes' literal starts, and how many routes there were

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not get_route_path(scope).startswith(self.literal_starts()):
            return Match.NONE, {}
        return super().matches(scope)

    def literal_starts(self) -> tuple[str, ...]:
        """The text before the first parameter of each route's path (the whole path when it has none)."""
        if self._starts is None or self._starts[1] != len(self.routes):
            paths = [getattr(route, "path", None) for route in self.routes]
            if any(not isinstance(path, str) for path in paths):  # a route without a path of its own: ask each
                starts: tuple[str, ...] = ("",)
            else:
                starts = tuple(dict.fromkeys(str(path).partition("{")[0] for path in paths))
            self._starts = (starts, len(self.routes))
        return self._starts[0]
