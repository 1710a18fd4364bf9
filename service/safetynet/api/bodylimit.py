"""Refuse request bodies over the limit with 413, before anything parses them.

A client sends its whole body before it reads the answer (curl, browsers, most libraries). A server that answers
and closes while the body is still coming makes the client's kernel see a reset, and the client reports "connection
reset" instead of the 413. So the rest of an oversized body is read and dropped, up to ``drain_bytes``, before the
413 goes out; past that bound (or when the client waits for ``100 Continue``) the 413 closes the connection.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safetynet.api.errors import ErrorPage, wants_page


class BodyLimit:
    """ASGI middleware: a declared Content-Length over the limit is refused without being kept; a body without
    one (chunked) is counted as it streams and refused as soon as it passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int, drain_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            # A client that waits for "100 Continue" has sent nothing: answer at once, and close.
            waiting = headers.get(b"expect", b"").lower() == b"100-continue"
            drained = not waiting and await drain(receive, self.drain_bytes)
            page = await _page(scope)
            if page is None:
                await _refuse(send, self.max_bytes, close=not drained)
                return
            if not drained:
                page.headers["connection"] = "close"
            await page(scope, _nothing_more, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    drained = not message.get("more_body", False) or await drain(receive, self.drain_bytes)
                    raise HTTPException(413, _too_large(self.max_bytes), None if drained else {"connection": "close"})
            return message

        await self.app(scope, counted, send)


async def drain(receive: Receive, limit: int) -> bool:
    """Read and drop the rest of a body, up to ``limit`` bytes; True when it was read to its end."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return False
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


async def _page(scope: Scope) -> Response | None:
    """The web's 413 page, for a browser posting a form outside the API (``api/errors.py``, ``wants_page``): a CM
    who pasted too much into a page's form reads why in the page's language, not JSON. (A body without a declared
    length reaches the app, whose 413 gets the same page.)"""
    app = scope.get("app")
    hook: ErrorPage | None = getattr(getattr(app, "state", None), "web_error_page", None)
    request = Request(scope)
    if hook is None or not wants_page(request):
        return None
    return await hook(request, 413)


async def _nothing_more() -> Message:
    return {"type": "http.disconnect"}


def _too_large(max_bytes: int) -> str:
    return f"request body is larger than {max_bytes:,} bytes: send less"


async def _refuse(send: Send, max_bytes: int, close: bool) -> None:
    body = json.dumps(
        {"error": {"code": "payload_too_large", "message": _too_large(max_bytes), "details": []}}
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
