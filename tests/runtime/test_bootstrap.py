"""First start: the admin token's file, and a hint that names the address the server really listens on."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from safetynet.runtime.bootstrap import ensure_admin_token, local_url
from safetynet.store import Store


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("0.0.0.0", 9123, "http://127.0.0.1:9123"),
        ("::", 9123, "http://[::1]:9123"),
        ("fd00::5", 8080, "http://[fd00::5]:8080"),
        ("192.168.1.20", 8080, "http://192.168.1.20:8080"),
        ("safetynet.local", 80, "http://safetynet.local:80"),
    ],
)
def test_local_url(host: str, port: int, url: str) -> None:
    assert local_url(host, port) == url


def test_the_first_start_hint_names_the_real_host_and_port(tmp_path: Path) -> None:
    said: list[str] = []
    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        path = ensure_admin_token(store, tmp_path / "var", said.append, host="0.0.0.0", port=9123)
        assert path == tmp_path / "var" / "admin-token"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert store.tokens.actor_for_token(path.read_text().strip()) is not None
        assert ensure_admin_token(store, tmp_path / "var", said.append, host="0.0.0.0", port=9123) is None
    assert len(said) == 2
    assert said[1].endswith(f'"Authorization: Bearer $(cat {path})" http://127.0.0.1:9123/v1/rules')
    assert ":8000" not in "\n".join(said)
    assert path.read_text().strip() not in "\n".join(said)
