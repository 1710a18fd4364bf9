"""Bearer tokens: created (only the hash kept), looked up (remembered a few seconds in this process), revoked,
listed; each creation and revocation audited in its transaction."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Connection, exists, insert, select, update

from safetynet.auth import ROLES_WITH_ORGANIZATION, Actor, Role, hash_token, looks_like_token, new_token, parse_role
from safetynet.store.errors import InvalidRecord
from safetynet.store.records import ID_MAX, AuditAction, TokenInfo, check_id
from safetynet.store.tables import tokens

LABEL_MAX = 200
#: How long a known token's actor is remembered in this process. A revocation made here applies at once;
#: one made by another process (``safetynet`` CLI, another server worker) applies within this many seconds.
TOKEN_CACHE_SECONDS = 10.0
_TOKEN_CACHE_MAX = 10_000


class Tokens:
    """The tokens of one store: ``write`` and ``read`` give its transactions, ``audit`` writes an audit row."""

    def __init__(
        self,
        write: Callable[[], AbstractContextManager[Connection]],
        read: Callable[[], AbstractContextManager[Connection]],
        audit: Callable[[Connection, AuditAction, Actor, str | None], None],
    ) -> None:
        self._write, self._read, self._audit = write, read, audit
        # token hash, or "id:" and a token id -> (actor, valid until); None: an id that names no one (below)
        self._actors: dict[str, tuple[Actor | None, float]] = {}

    def create_token(self, role: Role | str, organization_id: str | None, label: str | None = None) -> str:
        """A new bearer token, returned once (only its hash is kept). ValueError for an unknown role, for cm and
        agency without ``organization_id``, or for an over-long organization id or label."""
        checked = parse_role(role)
        if checked in ROLES_WITH_ORGANIZATION and not organization_id:
            raise InvalidRecord("organization", f"role {checked} needs the id of its organization (--organization)")
        if organization_id is not None:
            check_id("organization", organization_id)
        if label is not None:
            check_id("label", label, LABEL_MAX)
        raw = new_token()
        actor = Actor(token_id="tok_" + secrets.token_hex(8), role=checked, organization_id=organization_id)
        with self._write() as connection:
            connection.execute(
                insert(tokens).values(
                    id=actor.token_id,
                    token_hash=hash_token(raw),
                    role=checked,
                    organization_id=organization_id,
                    label=label,
                    created_at=datetime.now(UTC),
                )
            )
            self._audit(connection, "token.create", actor, None)
        return raw

    def cached_actor(self, raw: str) -> Actor | None:
        """The actor of ``raw`` when this process knows it already (no database call); else None."""
        return self._cached(hash_token(raw)) if looks_like_token(raw) else None

    def actor_for_token(self, raw: str) -> Actor | None:
        """Who holds ``raw``; None when the token is unknown, revoked or malformed."""
        if not looks_like_token(raw):
            return None
        digest = hash_token(raw)
        return self._remembered(digest, tokens.c.token_hash == digest)

    def cached_actor_for_token_id(self, token_id: str) -> Actor | None:
        """``actor_for_token_id`` when this process knows the id already (no database call); else None."""
        return self._cached("id:" + token_id)

    def actor_for_token_id(self, token_id: str) -> Actor | None:
        """Who holds the live token with this id (a web session keeps the id, never the token); None when it is
        unknown or revoked. Remembered as ``actor_for_token`` remembers, so a revocation reaches a session as it
        reaches the API: at once in this process, within ``TOKEN_CACHE_SECONDS`` in another."""
        if not token_id or len(token_id) > ID_MAX:
            return None
        return self._remembered("id:" + token_id, tokens.c.id == token_id)  # no token hash starts with "id:"

    def _cached(self, key: str) -> Actor | None:
        known = self._actors.get(key)
        return known[0] if known is not None and known[1] > time.monotonic() else None

    def _remembered(self, key: str, which: ColumnElement[bool]) -> Actor | None:
        """The live token's actor under ``key`` in the cache, else looked up (``which``) and remembered."""
        now = time.monotonic()
        known = self._actors.get(key)
        if known is not None and known[1] > now:
            return known[0]
        query = select(tokens.c.id, tokens.c.role, tokens.c.organization_id).where(which, tokens.c.revoked_at.is_(None))
        with self._read() as connection:
            row = connection.execute(query).one_or_none()
        actor = None
        if row is not None:
            actor = Actor(token_id=row.id, role=parse_role(row.role), organization_id=row.organization_id)
        elif not key.startswith("id:"):
            # An unknown token is not remembered: random ones would push the live tokens out of the cache.
            self._actors.pop(key, None)
            return None
        # An id that names no one is remembered as a live one is: it comes from a signed session cookie, so it was a
        # token, and a revoked token stays revoked. A client replaying the cookie of a session whose token was
        # revoked would otherwise cost a database read on every page, unthrottled (no token's rate limit counts it).
        if len(self._actors) >= _TOKEN_CACHE_MAX:
            self._actors.clear()
        self._actors[key] = (actor, now + TOKEN_CACHE_SECONDS)
        return actor

    def revoke_token(self, token_id: str) -> bool:
        """Revoke a token by its id (``Actor.token_id``); False when there is no such live token."""
        with self._write() as connection:
            row = connection.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
                .returning(tokens.c.role, tokens.c.organization_id)
            ).one_or_none()
            if row is None:
                return False
            actor = Actor(token_id=token_id, role=parse_role(row.role), organization_id=row.organization_id)
            self._audit(connection, "token.revoke", actor, None)
        self._actors = {k: v for k, v in self._actors.items() if v[0] is None or v[0].token_id != token_id}
        return True

    def list_tokens(self) -> list[TokenInfo]:
        """Every token, oldest first, revoked ones included (never the token or its hash)."""
        query = select(
            tokens.c.id,
            tokens.c.role,
            tokens.c.organization_id,
            tokens.c.label,
            tokens.c.created_at,
            tokens.c.revoked_at,
        ).order_by(tokens.c.created_at, tokens.c.id)
        with self._read() as connection:
            return [TokenInfo(*row) for row in connection.execute(query)]

    def has_token(self, role: Role) -> bool:
        """Whether a live (not revoked) token with ``role`` exists, e.g. to create the first admin token."""
        query = select(exists().where(tokens.c.role == role, tokens.c.revoked_at.is_(None)))
        with self._read() as connection:
            return bool(connection.execute(query).scalar())
