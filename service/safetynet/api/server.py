"""The HTTP server, configured in one place from ``Settings``: uvicorn with httptools, plus what uvicorn lacks
(``guardedhttp.py``: a bounded head, timed reads, a bounded number of connections)."""

from __future__ import annotations

import sys
from typing import Any

from uvicorn import Config, Server

from safetynet.api.accesslog import log_config
from safetynet.api.guardedhttp import GuardedHttp, Limits
from safetynet.settings import Settings


class ServerConfig(Config):
    """uvicorn's ``Config`` that carries the ``Limits`` and the GIL's switch interval (it is pickled whole to each
    worker process, which loads it before serving)."""

    def __init__(self, app: Any, limits: Limits, switch_interval: float | None = None, **options: Any) -> None:
        super().__init__(app, http=GuardedHttp, **options)
        self.limits = limits
        self.switch_interval = switch_interval

    def load(self) -> None:
        # Python's 5 ms default made the group writer wait that long for the GIL after each statement it ran while
        # the event loop was busy answering: a group's commit, and every request waiting on it, took several times 5 ms.
        if self.switch_interval is not None:
            sys.setswitchinterval(self.switch_interval)
        super().load()


def server_config(app: Any, settings: Settings, host: str, port: int, **options: Any) -> ServerConfig:
    """Every option of the server, from ``settings``: the one place where the server is configured."""
    return ServerConfig(
        app,
        Limits.of(settings),
        settings.switch_interval,
        host=host,
        port=port,
        access_log=settings.access_log,
        log_config=log_config(),
        log_level="info",
        backlog=min(2048, settings.max_connections),
        # uvicorn believes X-Forwarded-For and -Proto from 127.0.0.1 by default: any local process could then name
        # a new client address with each failed token (api/authfailures.py). Only the proxies named are believed.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        **options,
    )


def serve(app: Any, settings: Settings, host: str, port: int) -> None:
    """Run the server until it is stopped. ``app`` is the ASGI app itself, or, with ``SAFETYNET_WORKERS`` > 1,
    the import string of a factory that each worker process calls (``api.app:create_app_from_env``)."""
    if settings.workers == 1:
        Server(server_config(app, settings, host, port)).run()
        return
    from safetynet.api.workers import serve_workers  # noqa: PLC0415 - several processes only

    serve_workers(server_config(app, settings, host, port, factory=True, workers=settings.workers))
