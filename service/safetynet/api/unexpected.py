"""The last line of defence: an exception that no handler of ``api/errors.py`` maps becomes the contract's 500
and ONE log line that names the route and the exception's type — never its message or traceback, which can
carry case data.

Why a middleware and not ``app.exception_handler(Exception)``: Starlette gives that handler to its outermost
``ServerErrorMiddleware``, which sends the handler's answer and then raises the exception again "so that
servers can log it" — and uvicorn does, as "Exception in ASGI application" with the traceback and the
message. This middleware sits inside it, outermost of the app's own but for ``api/nostore.py`` (which only adds a
header), and does not raise again: nothing is left for the server to log.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safetynet.api.errors import ErrorPage, internal_error, wants_page

log = logging.getLogger("safetynet.api")


class CatchUnexpected:
    """ASGI middleware: answer 500 (unless the answer had already started) and log the route and type only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:  # whatever it is: answer, and log it safely
            log.error("internal error on %s %s: %s", scope.get("method", "?"), route_of(scope), type(exc).__name__)
            if not started:
                await answer_500(scope)(scope, receive, send)


def answer_500(scope: Scope) -> ASGIApp:
    """The 500: a browser asking for a page (``errors.wants_page``) gets the web's error page in its language; any
    other client, or when that page cannot be made, the contract's JSON."""
    request = Request(scope)
    page: ErrorPage | None = getattr(request.app.state, "web_error_page", None)
    if page is None or not wants_page(request):
        return internal_error()

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await page(request, 500)
        except Exception as exc:
            log.error("the error page failed too: %s", type(exc).__name__)
            response = internal_error()
        await response(scope, receive, send)

    return answer


def route_of(scope: Scope) -> str:
    """The route's template (``/v1/plans/{plan_id}``), not the path asked for: a path is what the client typed."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "(no route)"
