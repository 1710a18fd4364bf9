"""The API's own addresses, named once: the middleware that keeps answers out of caches (``nostore.py``) and the
choice between a JSON 404 and the web's 404 page (``errors.py``) both ask here."""

from __future__ import annotations

#: Where every route of the API lies (``/v1/plans``, ``/v1/referrals``, ...).
API_PREFIX = "/v1"
#: The API's addresses (each, and what lies under it): an unknown one is answered in JSON, whoever asks.
API_PATHS = (API_PREFIX, "/docs", "/openapi.json")


def under(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or lies under it (``/v1/plans`` under ``/v1``; ``/v1x`` not)."""
    return path == prefix or path.startswith(prefix + "/")
