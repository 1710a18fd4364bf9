"""Referrals: referrals of plan items and who each reached, the event outbox and its counter, the rules reloads
that every server process follows; plans gain ``previous_plan_id`` (the history of a case), the audit log
``referral_id``. Plans stored before are kept, and linked into their cases' histories here.
"""

import sqlalchemy as sa
from alembic import op

from safetynet.store.migrations.columns import document, integer, only_where, row_id, string, timestamp

revision = "0002"
down_revision = "0001"

ACTIVE = "status IN ('sent', 'acknowledged', 'accepted')"
STATS_COLUMNS = ["need", "to_organization", "status", "reason", "outcome", "refer_by", "acknowledged_at", "accepted_at"]
UNESCALATED = "status = 'sent' AND escalated_at IS NULL"
FIRST_OF_CASE = "previous_plan_id IS NULL"


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
        plans.add_column(string("previous_plan_id", 64, null=True))
        plans.drop_index("ix_plans_province")
        plans.drop_index("ix_plans_requested_by")
    op.create_index("ix_plans_province_created_at", "plans", ["province", "created_at"])
    op.create_index("ix_plans_created_at", "plans", ["created_at"])
    op.create_index("ix_plans_requested_by_case_ref_created_at", "plans", ["requested_by", "case_ref", "created_at"])
    _link_existing_plans()
    op.create_index("uq_plans_previous_plan_id", "plans", ["previous_plan_id"], unique=True)
    op.create_index(
        "uq_plans_first_of_case", "plans", ["requested_by", "case_ref"], unique=True, **only_where(FIRST_OF_CASE)
    )

    with op.batch_alter_table("audit_log") as audit:
        audit.add_column(string("referral_id", 64, null=True))
    op.create_index("ix_audit_log_referral_id", "audit_log", ["referral_id"])

    op.create_table(
        "referrals",
        string("referral_id", 64),
        string("plan_id", 64),
        string("case_ref", 64),
        string("need", 64),
        string("service", 64),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        string("province", 16),
        timestamp("refer_by"),
        timestamp("created_at"),
        string("sent_by", 64, null=True),
        string("from_organization", 64),
        string("to_organization", 64),
        string("holder", 64, null=True),
        integer("position"),
        document("path"),
        document("mous"),
        string("status", 16),
        integer("version"),
        timestamp("acknowledged_at", null=True),
        timestamp("accepted_at", null=True),
        timestamp("closed_at", null=True),
        string("outcome", 16, null=True),
        string("reason", 200, null=True),
        string("replaces", 64, null=True),
        string("replaced_by", 64, null=True),
        string("escalate_to", 64, null=True),
        timestamp("escalated_at", null=True),
        document("child"),
        document("candidates"),
        document("tried"),
        document("history"),
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
    op.create_index("uq_referrals_active_item", "referrals", ["plan_id", "need"], unique=True, **only_where(ACTIVE))
    op.create_index("ix_referrals_waiting_unescalated", "referrals", ["refer_by"], **only_where(UNESCALATED))

    op.create_table(
        "referral_organizations",
        string("referral_id", 64),
        string("organization_id", 64),
        timestamp("refer_by"),
        string("status", 16),
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
        string("referral_id", 64),
        string("type", 32),
        string("status", 16),
        timestamp("at"),
        string("province", 16),
        string("from_organization", 64),
        string("holder", 64, null=True),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
    )
    op.create_index("ix_events_referral_id", "events", ["referral_id"])
    op.create_index("ix_events_province_event_id", "events", ["province", "event_id"])
    op.create_index("ix_events_from_organization_event_id", "events", ["from_organization", "event_id"])

    counter = op.create_table(
        "event_counter",
        string("name", 32),
        integer("last", big=True),
        sa.PrimaryKeyConstraint("name", name="pk_event_counter"),
    )
    op.bulk_insert(counter, [{"name": "events", "last": 0}])

    op.create_table(
        "rules_reloads",
        row_id("id"),
        string("version", 128),
        timestamp("at"),
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
