"""The tables, as SQLAlchemy Core. The migrations in ``migrations/versions`` create exactly these (a test
compares the two on SQLite and PostgreSQL).

- ``tokens``: bearer tokens by hash (never the token itself), with role and organization; revoked, not deleted.
- ``plans``: one row per stored plan: the case as sent and the plan as answered (JSON), the versions that made
  it, the token that asked.
- ``plan_organizations``: every organization a plan names (who requested it, every candidate), for reach.
- ``audit_log``: every read and write of a plan, written in the same transaction as the read or write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB

from safetynet.auth import ROLES, ROLES_WITH_ORGANIZATION

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

def _sql_list(values: Iterable[str]) -> str:
    """``'a', 'b'`` in the order of ``ROLES`` (the schema's text does not depend on set order)."""
    return ", ".join(f"'{role}'" for role in ROLES if role in set(values))


ROLE_CHECK = f"role IN ({_sql_list(ROLES)})"
ORGANIZATION_CHECK = f"role NOT IN ({_sql_list(ROLES_WITH_ORGANIZATION)}) OR organization_id IS NOT NULL"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored in UTC; naive datetimes are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: give it a timezone")
        utc = value.astimezone(UTC)
        # SQLite keeps no offset: store the UTC wall time and put UTC back on the way out.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_document() -> Any:
    """JSON on SQLite, JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


def audit_id() -> Any:
    """BIGINT where it matters; INTEGER on SQLite, whose INTEGER PRIMARY KEY is the rowid."""
    return BigInteger().with_variant(Integer(), "sqlite")


metadata = MetaData(naming_convention=NAMING_CONVENTION)

tokens = Table(
    "tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("organization_id", String(64), nullable=True),
    Column("label", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
    CheckConstraint(ROLE_CHECK, name="role"),
    CheckConstraint(ORGANIZATION_CHECK, name="organization"),
)

plans = Table(
    "plans",
    metadata,
    Column("plan_id", String(64), primary_key=True),
    Column("case_ref", String(64), nullable=False, index=True),
    Column("province", String(16), nullable=False, index=True),
    Column("requested_by", String(64), nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("created_by", String(32), ForeignKey("tokens.id"), nullable=False),
    Column("rules_version", String(128), nullable=False),
    Column("graph_version", String(128), nullable=False),
    Column("case_json", json_document(), nullable=False),
    Column("plan_json", json_document(), nullable=False),
)

plan_organizations = Table(
    "plan_organizations",
    metadata,
    Column("plan_id", String(64), ForeignKey("plans.plan_id"), primary_key=True),
    Column("organization_id", String(64), primary_key=True, index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", audit_id(), primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("action", String(32), nullable=False),
    Column("token_id", String(32), ForeignKey("tokens.id"), nullable=True),
    Column("role", String(16), nullable=True),
    Column("organization_id", String(64), nullable=True),
    # No foreign key: reads of unknown plans are audited too.
    Column("plan_id", String(64), nullable=True, index=True),
)
