"""The databases the storage tests run against, importable by other tests (``from tests.store.databases
import ...``): SQLite in a temporary file, and the PostgreSQL server on 127.0.0.1:5432 in a fresh schema that
is dropped afterwards (so parallel runs never meet).

``SAFETYNET_TEST_POSTGRES_URL`` overrides the server's URL. When the server is not reachable, the PostgreSQL
parameters are skipped with the reason.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KINDS = ("sqlite", "postgresql")


def postgres_base_url() -> str:
    return os.environ.get("SAFETYNET_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def _conninfo(url: str) -> str:
    """The SQLAlchemy URL as a libpq URL psycopg can open."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@functools.cache
def postgres_unreachable() -> str | None:
    """None when the PostgreSQL server answers; else why not, to skip with."""
    url = postgres_base_url()
    try:
        with psycopg.connect(_conninfo(url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"PostgreSQL not reachable at {_shown(url)}: {first}"
    return None


def database_params() -> list[Any]:
    """``pytest.param`` for each database kind, PostgreSQL marked ``postgres`` and skipped when absent."""
    reason = postgres_unreachable()
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=[pytest.mark.postgres, pytest.mark.skipif(reason is not None, reason=reason or "")],
        ),
    ]


@contextmanager
def postgres_schema_url(base: str | None = None) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema ``sn_test_<random>``; the schema is dropped after."""
    base = base or postgres_base_url()
    reason = postgres_unreachable() if base == postgres_base_url() else None
    if reason is not None:
        pytest.skip(reason)
    schema = f"sn_test_{secrets.token_hex(6)}"
    with psycopg.connect(_conninfo(base), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    parsed = make_url(base)
    options = " ".join(filter(None, [str(parsed.query.get("options", "")), f"-csearch_path={schema}"]))
    try:
        yield parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_conninfo(base), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of ``kind`` (``sqlite`` or ``postgresql``), as a SQLAlchemy URL."""
    if kind == "sqlite":
        yield sqlite_url(tmp_path / "var" / "safetynet.db")
    elif kind == "postgresql":
        with postgres_schema_url() as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}; kinds: {', '.join(KINDS)}")
