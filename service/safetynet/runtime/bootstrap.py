"""First start: make sure an admin token exists, kept in a file only the owner can read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from safetynet.store import Store

TOKEN_FILE = "admin-token"  # noqa: S105 (a file name, not a secret)


def local_url(host: str, port: int) -> str:
    """The URL to reach a server listening on ``host``:``port`` from this machine.

    A server on every address (``0.0.0.0``, ``::``) is reached on loopback; an IPv6 address gets brackets."""
    if host in ("", "0.0.0.0"):  # noqa: S104 (reading the address, not binding to it)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def ensure_admin_token(
    store: Store, var_dir: Path, say: Callable[[str], object], *, host: str, port: int
) -> Path | None:
    """Create an admin token when the store has none; write it to ``var_dir/admin-token`` (mode 600).

    Returns the file's path when a token was created. The token itself is never printed to logs; the hint
    names the ``host`` and ``port`` the server listens on.
    """
    if store.tokens.has_token("admin"):
        return None
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / TOKEN_FILE
    raw = store.tokens.create_token("admin", None, "first start")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(raw + "\n")
    os.chmod(path, 0o600)
    say(f"First start: an admin token was created and written to {path} (readable only by you).")
    say(f'  Try: curl -H "Authorization: Bearer $(cat {path})" {local_url(host, port)}/v1/rules')
    return path
