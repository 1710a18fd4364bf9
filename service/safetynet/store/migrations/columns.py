"""The columns and index conditions the migrations write, each built one way: ``string("plan_id", 64)``,
``timestamp("at")``, ``document("path")`` (JSON, JSONB on PostgreSQL).

A migration is frozen once it has run somewhere, and so is every helper it calls: what a function here builds must
never change (new databases would get a schema that those migrated before lack). Add a function; edit none.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def json_type() -> sa.types.TypeEngine[Any]:
    """JSON on SQLite, JSONB on PostgreSQL."""
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def string(name: str, length: int, *, null: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.String(length), nullable=null)


def timestamp(name: str, *, null: bool = False) -> sa.Column[Any]:
    """A moment with its time zone (stored in UTC)."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=null)


def document(name: str) -> sa.Column[Any]:
    return sa.Column(name, json_type(), nullable=False)


def integer(name: str, *, big: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.BigInteger() if big else sa.Integer(), nullable=False)


def row_id(name: str) -> sa.Column[Any]:
    """A numbered key: BIGINT where it matters, INTEGER on SQLite (whose INTEGER PRIMARY KEY is the rowid)."""
    return sa.Column(name, sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False)


def only_where(condition: str) -> dict[str, Any]:
    """The keywords of a partial index (``op.create_index(..., **only_where("status = 'sent'"))``)."""
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}
