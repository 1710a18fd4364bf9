"""The pages' static files (``/static/``: the style sheet, htmx, the icon), served with the headers that keep a
browser from reading them as anything else: ``nosniff``, and a policy that lets none of them run a script or be
framed when opened on its own (the icon is SVG, which a browser shows as a document)."""

from __future__ import annotations

from typing import Any

from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
}


class Assets(StaticFiles):
    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(HEADERS)
        return response
