"""``create_app(settings)`` builds the whole service: nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from safetynet import __version__
from safetynet.api.authfailures import AuthFailures
from safetynet.api.bodylimit import BodyLimit
from safetynet.api.docs import install_docs
from safetynet.api.errors import install_error_handlers
from safetynet.api.nostore import NoStore
from safetynet.api.openapi import install_openapi
from safetynet.api.ratelimit import TokenBuckets
from safetynet.api.routes import events, health, organizations, plans, referrals, rules, stats
from safetynet.api.slashes import install_relative_slash_redirects
from safetynet.api.unexpected import CatchUnexpected
from safetynet.referrals.rendered import RenderedViews
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings
from safetynet.web.mount import install_web

DESCRIPTION = """Suggested referral plans for Thailand's case managers.

Send a child's assessed needs to `POST /v1/plans`; get, per need, the ranked partners that can help, the
referral path along MOUs, the deadline (24 h when urgent), the timeline and the rules that explain it.
Every route but `/healthz` needs `Authorization: Bearer TOKEN` (`safetynet token create`).
"""

# FastAPI's own OpenTelemetry hooks, off: with any tracer or logger provider in the process they would record
# request spans and, as logs, validation failures and exceptions with their messages (case data).
NO_TELEMETRY: Final[TelemetryConfig] = {
    "tracing": False, "metrics": False, "logs": False, "operation_spans": False, "auto_configure": False
}  # fmt: skip


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """The ASGI app. Give ``runtime`` to share one already built (tests, the CLI); else it is built from
    ``settings`` here and closed when the app shuts down."""
    settings = settings or Settings()
    owned = runtime is None
    runtime = runtime or build_runtime(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            runtime.close()

    app = FastAPI(
        title="safetynet",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
        docs_url=None,  # served from the package's own files: api/docs.py
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.rate_limits = TokenBuckets(settings.rate_limit_burst, settings.rate_limit_per_second)
    app.state.auth_failures = AuthFailures(settings.auth_failures_per_minute)
    app.state.referral_views = RenderedViews()  # the JSON of referrals listed, per row and caller
    install_error_handlers(app)
    install_openapi(app, runtime)
    install_docs(app)
    for module in (health, plans, rules, organizations, referrals, events, stats):
        app.include_router(module.router)
    install_web(app, settings)  # the pages (web/): Thai first, on the same domain functions as the routes
    install_relative_slash_redirects(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, drain_bytes=settings.drain_body_bytes)
    app.add_middleware(CatchUnexpected)
    app.add_middleware(NoStore)  # added last, outermost: the 500 of CatchUnexpected is not stored either
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (one per worker process): settings from the environment."""
    return create_app(Settings())
