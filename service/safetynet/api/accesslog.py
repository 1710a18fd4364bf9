"""The server's access log without case data: each request's path is logged, the values of its query are not.

A query can carry a case's reference (``GET /v1/plans?case_ref=PLK-2026-0001``) or other filters a CM typed; the
log keeps the names of the parameters (what was asked) and drops their values. The filter is named in uvicorn's
logging configuration, so that every worker process (which configures its logging anew) applies it too.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from uvicorn.config import LOGGING_CONFIG

HIDDEN = "*"


def without_query_values(path: str) -> str:
    """``/v1/plans?case_ref=PLK-1&limit=5`` -> ``/v1/plans?case_ref=*&limit=*``."""
    base, mark, query = path.partition("?")
    if not mark:
        return path
    names = [part.partition("=")[0] for part in query.split("&") if part]
    return f"{base}?" + "&".join(f"{name}={HIDDEN}" for name in names)


class HideQueryValues(logging.Filter):
    """uvicorn's access record has ``(client, method, path with query, http version, status)`` as its args."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], without_query_values(args[2]), args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration with ``HideQueryValues`` on the access log."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["hide_query_values"] = {"()": f"{__name__}.HideQueryValues"}
    config["handlers"]["access"]["filters"] = ["hide_query_values"]
    return config
