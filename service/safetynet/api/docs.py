"""``/docs``: Swagger UI from files inside the package, never from a CDN.

FastAPI's own page loads Swagger UI's script and style from a public CDN (and its favicon from fastapi's site):
offline or firewalled provincial networks got a blank page. The files of swagger-ui-dist (npm, Apache-2.0, its
LICENSE and NOTICE beside them) are shipped in ``api/swagger/`` and served from ``/docs/assets``; the page asks
no validator service either. ReDoc, which loads from a CDN too, is not served.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

#: A release of npm ``swagger-ui-dist`` (its version is written in ``swagger-ui-bundle.js``), with its license.
ASSETS = Path(__file__).with_name("swagger")


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets; the app is made with ``docs_url=None, redoc_url=None``."""
    app.mount("/docs/assets", StaticFiles(directory=ASSETS), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
