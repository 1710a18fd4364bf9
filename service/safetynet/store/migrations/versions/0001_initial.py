"""The first schema: tokens, plans, the organizations each plan names, and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tokens",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("organization_id", sa.String(64), nullable=True),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('admin', 'policy_writer', 'cm', 'agency')", name="ck_tokens_role"),
        sa.CheckConstraint(
            "role NOT IN ('cm', 'agency') OR organization_id IS NOT NULL", name="ck_tokens_organization"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_tokens_token_hash"),
    )
    op.create_table(
        "plans",
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("case_ref", sa.String(64), nullable=False),
        sa.Column("province", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("rules_version", sa.String(128), nullable=False),
        sa.Column("graph_version", sa.String(128), nullable=False),
        sa.Column("case_json", _json(), nullable=False),
        sa.Column("plan_json", _json(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["tokens.id"], name="fk_plans_created_by_tokens"),
        sa.PrimaryKeyConstraint("plan_id", name="pk_plans"),
    )
    op.create_index("ix_plans_case_ref", "plans", ["case_ref"])
    op.create_index("ix_plans_province", "plans", ["province"])
    op.create_index("ix_plans_requested_by", "plans", ["requested_by"])
    op.create_table(
        "plan_organizations",
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("organization_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.plan_id"], name="fk_plan_organizations_plan_id_plans"),
        sa.PrimaryKeyConstraint("plan_id", "organization_id", name="pk_plan_organizations"),
    )
    op.create_index("ix_plan_organizations_organization_id", "plan_organizations", ["organization_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("token_id", sa.String(32), nullable=True),
        sa.Column("role", sa.String(16), nullable=True),
        sa.Column("organization_id", sa.String(64), nullable=True),
        sa.Column("plan_id", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["token_id"], ["tokens.id"], name="fk_audit_log_token_id_tokens"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_plan_id", "audit_log", ["plan_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("plan_organizations")
    op.drop_table("plans")
    op.drop_table("tokens")
