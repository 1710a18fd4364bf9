"""``Cache-Control: no-store`` on every answer of the API (``/v1`` and what lies under it), as every page of the web
already has it (``web/render.py``): plans and referrals carry children's facts, and a browser that asked for them
(Swagger UI at ``/docs``, an app in a webview, a shared office computer) would otherwise keep them in its cache on
disk. Errors too, so that no answer of the API is told apart by its headers. Static files keep their caching."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from safetynet.api.paths import API_PREFIX, under

_NO_STORE = (b"cache-control", b"no-store")


class NoStore:
    """ASGI middleware: add ``Cache-Control: no-store`` to an API answer that does not say how to cache it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not under(path, API_PREFIX):
            await self.app(scope, receive, send)
            return

        async def no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append(_NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, no_store)
