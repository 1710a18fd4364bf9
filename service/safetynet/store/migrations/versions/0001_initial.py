"""The first schema: tokens, plans, the organizations each plan names, and the audit log.
"""

import sqlalchemy as sa
from alembic import op

from safetynet.store.migrations.columns import document, row_id, string, timestamp

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "tokens",
        string("id", 32),
        string("token_hash", 64),
        string("role", 16),
        string("organization_id", 64, null=True),
        string("label", 200, null=True),
        timestamp("created_at"),
        timestamp("revoked_at", null=True),
        sa.CheckConstraint("role IN ('admin', 'policy_writer', 'cm', 'agency')", name="ck_tokens_role"),
        sa.CheckConstraint(
            "role NOT IN ('cm', 'agency') OR organization_id IS NOT NULL", name="ck_tokens_organization"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_tokens_token_hash"),
    )
    op.create_table(
        "plans",
        string("plan_id", 64),
        string("case_ref", 64),
        string("province", 16),
        string("requested_by", 64),
        timestamp("created_at"),
        string("created_by", 32),
        string("rules_version", 128),
        string("graph_version", 128),
        document("case_json"),
        document("plan_json"),
        sa.ForeignKeyConstraint(["created_by"], ["tokens.id"], name="fk_plans_created_by_tokens"),
        sa.PrimaryKeyConstraint("plan_id", name="pk_plans"),
    )
    op.create_index("ix_plans_case_ref", "plans", ["case_ref"])
    op.create_index("ix_plans_province", "plans", ["province"])
    op.create_index("ix_plans_requested_by", "plans", ["requested_by"])
    op.create_table(
        "plan_organizations",
        string("plan_id", 64),
        string("organization_id", 64),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.plan_id"], name="fk_plan_organizations_plan_id_plans"),
        sa.PrimaryKeyConstraint("plan_id", "organization_id", name="pk_plan_organizations"),
    )
    op.create_index("ix_plan_organizations_organization_id", "plan_organizations", ["organization_id"])
    op.create_table(
        "audit_log",
        row_id("id"),
        timestamp("at"),
        string("action", 32),
        string("token_id", 32, null=True),
        string("role", 16, null=True),
        string("organization_id", 64, null=True),
        string("plan_id", 64, null=True),
        sa.ForeignKeyConstraint(["token_id"], ["tokens.id"], name="fk_audit_log_token_id_tokens"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_plan_id", "audit_log", ["plan_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("plan_organizations")
    op.drop_table("plans")
    op.drop_table("tokens")
