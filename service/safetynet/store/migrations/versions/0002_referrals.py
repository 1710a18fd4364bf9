"""Referrals: referrals of plan items and who each reached, the event outbox and its counter, the rules reloads
that every server process follows; plans gain ``previous_plan_id`` (the history of a case), the audit log
``referral_id``. Plans stored before are kept, and linked into their cases' histories here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('sent', 'acknowledged', 'accepted')"
STATS_COLUMNS = ["need", "to_organization", "status", "reason", "outcome", "refer_by", "acknowledged_at", "accepted_at"]
UNESCALATED = "status = 'sent' AND escalated_at IS NULL"
FIRST_OF_CASE = "previous_plan_id IS NULL"


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(condition: str) -> dict[str, Any]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def _time(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _link_existing_plans() -> None:
    """Each stored plan follows the latest earlier plan of the same case_ref by the same organization."""
    op.execute(
        """
        UPDATE plans SET previous_plan_id = (
            SELECT earlier.plan_id FROM plans AS earlier
            WHERE earlier.requested_by = plans.requested_by AND earlier.case_ref = plans.case_ref
              AND (earlier.created_at < plans.created_at
                   OR (earlier.created_at = plans.created_at AND earlier.plan_id < plans.plan_id))
            ORDER BY earlier.created_at DESC, earlier.plan_id DESC
            LIMIT 1
        )
        """
    )


def upgrade() -> None:
    with op.batch_alter_table("plans") as plans:
        plans.add_column(sa.Column("previous_plan_id", sa.String(64), nullable=True))
        plans.drop_index("ix_plans_province")
        plans.drop_index("ix_plans_requested_by")
    op.create_index("ix_plans_province_created_at", "plans", ["province", "created_at"])
    op.create_index("ix_plans_created_at", "plans", ["created_at"])
    op.create_index("ix_plans_requested_by_case_ref_created_at", "plans", ["requested_by", "case_ref", "created_at"])
    _link_existing_plans()
    op.create_index("uq_plans_previous_plan_id", "plans", ["previous_plan_id"], unique=True)
    op.create_index(
        "uq_plans_first_of_case", "plans", ["requested_by", "case_ref"], unique=True, **_when(FIRST_OF_CASE)
    )

    with op.batch_alter_table("audit_log") as audit:
        audit.add_column(sa.Column("referral_id", sa.String(64), nullable=True))
    op.create_index("ix_audit_log_referral_id", "audit_log", ["referral_id"])

    op.create_table(
        "referrals",
        sa.Column("referral_id", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(64), nullable=False),
        sa.Column("case_ref", sa.String(64), nullable=False),
        sa.Column("need", sa.String(64), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("province", sa.String(16), nullable=False),
        _time("refer_by"),
        _time("created_at"),
        sa.Column("sent_by", sa.String(64), nullable=True),
        sa.Column("from_organization", sa.String(64), nullable=False),
        sa.Column("to_organization", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(64), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("path", _json(), nullable=False),
        sa.Column("mous", _json(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _time("acknowledged_at", nullable=True),
        _time("accepted_at", nullable=True),
        _time("closed_at", nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("replaces", sa.String(64), nullable=True),
        sa.Column("replaced_by", sa.String(64), nullable=True),
        sa.Column("escalate_to", sa.String(64), nullable=True),
        _time("escalated_at", nullable=True),
        sa.Column("child", _json(), nullable=False),
        sa.Column("candidates", _json(), nullable=False),
        sa.Column("tried", _json(), nullable=False),
        sa.Column("history", _json(), nullable=False),
        sa.CheckConstraint(
            "status IN ('sent', 'acknowledged', 'accepted', 'declined', 'done', 'cancelled')",
            name="ck_referrals_status",
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.plan_id"], name="fk_referrals_plan_id_plans"),
        sa.PrimaryKeyConstraint("referral_id", name="pk_referrals"),
        sa.UniqueConstraint("replaced_by", name="uq_referrals_replaced_by"),
    )
    op.create_index("ix_referrals_refer_by", "referrals", ["refer_by", "referral_id"])
    op.create_index("ix_referrals_status_refer_by", "referrals", ["status", "refer_by", "referral_id"])
    op.create_index("ix_referrals_province_refer_by", "referrals", ["province", "refer_by", "referral_id"])
    op.create_index(
        "ix_referrals_province_status_refer_by", "referrals", ["province", "status", "refer_by", "referral_id"]
    )
    op.create_index(
        "ix_referrals_from_organization_refer_by", "referrals", ["from_organization", "refer_by", "referral_id"]
    )
    op.create_index(
        "ix_referrals_from_organization_status_refer_by",
        "referrals",
        ["from_organization", "status", "refer_by", "referral_id"],
    )
    op.create_index("ix_referrals_plan_id_need", "referrals", ["plan_id", "need"])
    op.create_index(
        "ix_referrals_province_created_at", "referrals", ["province", "created_at"], postgresql_include=STATS_COLUMNS
    )
    op.create_index("uq_referrals_active_item", "referrals", ["plan_id", "need"], unique=True, **_when(ACTIVE))
    op.create_index("ix_referrals_waiting_unescalated", "referrals", ["refer_by"], **_when(UNESCALATED))

    op.create_table(
        "referral_organizations",
        sa.Column("referral_id", sa.String(64), nullable=False),
        sa.Column("organization_id", sa.String(64), nullable=False),
        _time("refer_by"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.referral_id"], name="fk_referral_organizations_referral_id_referrals"
        ),
        sa.PrimaryKeyConstraint("referral_id", "organization_id", name="pk_referral_organizations"),
    )
    op.create_index(
        "ix_referral_organizations_organization_id_refer_by",
        "referral_organizations",
        ["organization_id", "refer_by", "referral_id"],
    )
    op.create_index(
        "ix_referral_organizations_organization_id_status_refer_by",
        "referral_organizations",
        ["organization_id", "status", "refer_by", "referral_id"],
    )

    op.create_table(
        "events",
        sa.Column("event_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("referral_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _time("at"),
        sa.Column("province", sa.String(16), nullable=False),
        sa.Column("from_organization", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
    )
    op.create_index("ix_events_referral_id", "events", ["referral_id"])
    op.create_index("ix_events_province_event_id", "events", ["province", "event_id"])
    op.create_index("ix_events_from_organization_event_id", "events", ["from_organization", "event_id"])

    counter = op.create_table(
        "event_counter",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_event_counter"),
    )
    op.bulk_insert(counter, [{"name": "events", "last": 0}])

    op.create_table(
        "rules_reloads",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("version", sa.String(128), nullable=False),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name="pk_rules_reloads"),
    )


def downgrade() -> None:
    op.drop_table("rules_reloads")
    op.drop_table("event_counter")
    op.drop_table("events")
    op.drop_table("referral_organizations")
    op.drop_table("referrals")
    op.drop_index("ix_audit_log_referral_id", "audit_log")
    with op.batch_alter_table("audit_log") as audit:
        audit.drop_column("referral_id")
    op.drop_index("uq_plans_first_of_case", "plans")
    op.drop_index("uq_plans_previous_plan_id", "plans")
    op.drop_index("ix_plans_requested_by_case_ref_created_at", "plans")
    op.drop_index("ix_plans_created_at", "plans")
    op.drop_index("ix_plans_province_created_at", "plans")
    with op.batch_alter_table("plans") as plans:
        plans.drop_column("previous_plan_id")
        plans.create_index("ix_plans_province", ["province"])
        plans.create_index("ix_plans_requested_by", ["requested_by"])
