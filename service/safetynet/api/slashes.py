"""An address asked with a trailing slash too many or too few (``/v1/plans/``, ``/inbox/``, ``/static``): a redirect
to the address that exists, as Starlette makes it, but with a Location that is a path only.

Starlette writes an absolute Location from the request's ``Host`` header: a request with ``Host: elsewhere.example``
was sent on to ``http://elsewhere.example/v1/plans`` (a cache or a proxy in front that keys on the path would keep
that redirect for everyone). A path holds no host, so the browser stays on the server it asked. A path that would
begin with ``//`` or ``/\\`` (a browser reads it as another host) is not redirected: it is a 404 as before.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI
from starlette.responses import RedirectResponse
from starlette.routing import Match
from starlette.types import Receive, Scope, Send


def install_relative_slash_redirects(app: FastAPI) -> None:
    """Instead of the router's own redirect: the router's default (its 404) looks for the other spelling first."""
    router = app.router
    router.redirect_slashes = False
    not_found = router.default

    async def other_spelling(scope: Scope, receive: Receive, send: Send) -> None:
        location = _location(scope) if scope["type"] == "http" else None
        if location is not None and any(
            route.matches({**scope, "path": location[0]})[0] is not Match.NONE for route in router.routes
        ):
            await RedirectResponse(location[1])(scope, receive, send)
            return
        await not_found(scope, receive, send)

    router.default = other_spelling


def _location(scope: Scope) -> tuple[str, str] | None:
    """The path with its trailing slash removed or added, and the Location for it (percent-encoded, with the
    query); None when there is none to try."""
    path: str = scope["path"]
    if path == "/":
        return None
    other = path.rstrip("/") if path.endswith("/") else path + "/"
    if not other.startswith("/") or other.startswith(("//", "/\\")):
        return None
    query = scope.get("query_string", b"").decode("latin-1")
    return other, quote(other, safe="/:@!$&'()*+,;=-._~") + (f"?{query}" if query else "")
