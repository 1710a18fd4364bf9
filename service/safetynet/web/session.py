"""The web session: a cookie signed with a server secret, HttpOnly and SameSite=Strict, that says which token signed
in (its id, never the token), when the session ends, and the session's CSRF token.

The secret is 32 random bytes in ``var/web-secret`` (owner-only, like ``var/admin-token``), made on first start and
shared by every server process that shares ``var/``. Nothing is kept on the server per live session: the token behind a
session is looked up by its id (``Store.actor_for_token_id``) on every page, so a revoked token stops a session as it
stops the API. Signing out removes the cookie from the browser and ends the session on the server too
(``store.signouts``: a copy of the cookie opens nothing after it); revoking the token ends every session made with it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

SECRET_FILE = "web-secret"  # noqa: S105 (a file name, not a secret)
COOKIE = "safetynet_session"
#: Its name over HTTPS. A browser keeps a ``__Host-`` cookie only when it is Secure, for path / and for this host alone
#: (no Domain): a sibling subdomain (``x.example.org`` beside ``safetynet.example.org``) cannot set it, and so cannot
#: plant a session of its own choosing in a person's browser. Over plain HTTP (``make run`` on localhost) no browser
#: takes such a name: the plain one is used there, and each is read only where it is written.
SECURE_COOKIE = "__Host-" + COOKIE
#: A session before sign-in (it carries the CSRF token of the sign-in form) lasts this long.
ANONYMOUS_SECONDS = 2 * 3600
_SECRET_BYTES = 32
_MAX_COOKIE = 512


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(var_dir: Path) -> bytes:
    """The server secret in ``var_dir/web-secret``, made (owner-only) when there is none. Two processes starting at
    once agree: the file is written under a temporary name and linked into place, which fails for the second."""
    path = var_dir / SECRET_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        temporary = var_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(_SECRET_BYTES) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink()
    secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(secret) < _SECRET_BYTES:
        raise ValueError(f"{path}: the web secret is too short; delete the file and start again")
    return secret


@dataclass(frozen=True)
class Session:
    """What the cookie says: the token's id (None before sign-in), the CSRF token, and when it ends (Unix time)."""

    token_id: str | None
    csrf: str
    expires: int

    @classmethod
    def anonymous(cls, now: float) -> Session:
        return cls(None, secrets.token_urlsafe(24), int(now) + ANONYMOUS_SECONDS)

    @classmethod
    def signed_in(cls, token_id: str, now: float, hours: float) -> Session:
        """A fresh session (a new CSRF token too: nothing carries over from before sign-in)."""
        return cls(token_id, secrets.token_urlsafe(24), int(now + hours * 3600))

    @property
    def key(self) -> str:
        """What names this session when it is signed out (``store.signouts``, which keeps its hash only): its CSRF
        token, random and new at each sign-in."""
        return self.csrf

    def max_age(self, now: float) -> int:
        return max(0, self.expires - int(now))

    def csrf_matches(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent.encode("utf-8"), self.csrf.encode("utf-8"))


class Signer:
    """HMAC-SHA256 over the session's JSON: ``payload.signature``, both base64url."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, session: Session) -> str:
        body = json.dumps({"t": session.token_id, "c": session.csrf, "e": session.expires}, separators=(",", ":"))
        payload = _b64(body.encode("utf-8"))
        return f"{payload}.{self._mac(payload)}"

    def loads(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session of a cookie whose signature holds and that has not ended; else None."""
        # ASCII only: a cookie is whatever bytes a client sends, and compare_digest raises on non-ASCII text (a
        # TypeError: a 500 on every page, sign-in included, for a browser holding such a cookie).
        if not cookie or len(cookie) > _MAX_COOKIE or not cookie.isascii() or cookie.count(".") != 1:
            return None
        payload, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
            session = Session(data["t"], str(data["c"]), int(data["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        if session.token_id is not None and not isinstance(session.token_id, str):
            return None
        return session if session.expires > (time.time() if now is None else now) else None
