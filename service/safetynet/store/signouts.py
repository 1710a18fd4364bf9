"""Web sessions signed out before their end, kept in the database so that every server process sharing it refuses
them: a session cookie copied before sign-out (a shared computer, a proxy's log) opens no page after it.

The session is named by the hash of its key (``web.session.Session.key``), never by the key. A sign-out applies at
once in the process that recorded it, within ``LIVE_CACHE_SECONDS`` in another (as a token's revocation does,
``tokens.TOKEN_CACHE_SECONDS``). Rows of sessions that would have ended by now are deleted at each sign-out."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select

from safetynet.store.tables import web_signouts

#: How long this process takes a session for not signed out before it asks the database again.
LIVE_CACHE_SECONDS = 10.0
_CACHE_MAX = 10_000


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


Transaction = Callable[[], AbstractContextManager[Connection]]


class SignOuts:
    def __init__(self, write: Transaction, read: Transaction) -> None:
        self._write, self._read = write, read
        self._ended: dict[str, float] = {}  # hash -> when the session would have ended (Unix time)
        self._live: dict[str, float] = {}  # hash -> until when (monotonic) it is taken for not signed out

    def end(self, key: str, expires: float) -> None:
        """Sign the session ``key`` out; it would have ended at ``expires`` (Unix time)."""
        digest, now = _hash(key), datetime.now(UTC)
        with self._write() as connection:
            connection.execute(delete(web_signouts).where(web_signouts.c.expires_at <= now))
            known = select(web_signouts.c.session_hash).where(web_signouts.c.session_hash == digest)
            if connection.execute(known).first() is None:  # signed out twice at once (two tabs): one row
                at = datetime.fromtimestamp(expires, UTC)
                connection.execute(insert(web_signouts).values(session_hash=digest, expires_at=at))
        self._remember_ended(digest, expires)

    def cached_ended(self, key: str) -> bool | None:
        """Whether ``key`` was signed out, when this process knows (no database call); else None."""
        digest = _hash(key)
        if digest in self._ended:
            return True
        return False if self._live.get(digest, 0.0) > time.monotonic() else None

    def ended(self, key: str) -> bool:
        """Whether the session ``key`` was signed out (asked of the database unless this process knows)."""
        known = self.cached_ended(key)
        if known is not None:
            return known
        digest = _hash(key)
        query = select(web_signouts.c.expires_at).where(web_signouts.c.session_hash == digest)
        with self._read() as connection:
            expires = connection.execute(query).scalar_one_or_none()
        if expires is not None:
            self._remember_ended(digest, expires.timestamp())
            return True
        if len(self._live) >= _CACHE_MAX:
            self._live.clear()
        self._live[digest] = time.monotonic() + LIVE_CACHE_SECONDS
        return False

    def _remember_ended(self, digest: str, expires: float) -> None:
        now = time.time()
        if len(self._ended) >= _CACHE_MAX:  # the ended sessions past their end need no remembering
            self._ended = {k: v for k, v in self._ended.items() if v > now}
        self._ended[digest] = expires
        self._live.pop(digest, None)
