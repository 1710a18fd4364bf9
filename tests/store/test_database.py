"""Opening the store: a URL it cannot use, or a server it cannot reach, is a clear StoreUnavailable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from safetynet.store import Store, StoreUnavailable
from safetynet.store.database import parse_url
from tests.store.databases import postgres_schema_url


@pytest.mark.parametrize("url", ["not a url", "://nothing"])
def test_a_malformed_url_says_what_to_write(url: str) -> None:
    with pytest.raises(StoreUnavailable, match=r"sqlite:///PATH or postgresql\+psycopg://"):
        Store.open(url)


def test_an_unsupported_database_is_refused_by_name() -> None:
    with pytest.raises(StoreUnavailable, match="unsupported database 'mysql'"):
        Store.open("mysql://root@127.0.0.1/db")


def test_an_unreachable_server_is_unavailable_and_the_password_is_not_shown() -> None:
    with pytest.raises(StoreUnavailable) as caught:
        Store.open("postgresql+psycopg://sn:s3cret-pw@127.0.0.1:1/db?connect_timeout=2")
    message = str(caught.value)
    assert "cannot open the database postgresql+psycopg://sn:***@127.0.0.1:1/db" in message
    assert "s3cret-pw" not in message


def test_a_sqlite_path_that_cannot_be_created_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="cannot create the database folder"):
        Store.open(f"sqlite:///{blocker / 'var' / 'safetynet.db'}")


def test_a_plain_postgresql_url_uses_the_installed_psycopg_driver() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.postgres
def test_a_plain_postgresql_url_opens_the_store() -> None:
    with postgres_schema_url() as url:
        plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
        with Store.open(plain) as store:
            store.ping()
            assert store.count_plans() == 0


def test_sqlite_readers_of_a_busy_server_keep_their_connections_rather_than_open_new_ones(tmp_path: Path) -> None:
    """As many reads at once as the server's thread pool makes (40) open their connections once: a second round
    opens none (an overflow connection past the pool is closed when it is given back, and opened again next time)."""
    opened: list[object] = []

    def round_of_reads(store: Store) -> int:
        together = threading.Barrier(40)

        def read() -> None:
            with store._read() as connection:
                connection.exec_driver_sql("SELECT 1")
                together.wait(timeout=20)  # every reader holds a connection at once

        readers = [threading.Thread(target=read) for _ in range(40)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        count = len(opened)
        opened.clear()
        return count

    with Store.open(f"sqlite:///{tmp_path / 'safetynet.db'}") as store:
        event.listen(store._engine, "connect", lambda *_: opened.append(1))
        assert round_of_reads(store) > 0
        assert round_of_reads(store) == 0
