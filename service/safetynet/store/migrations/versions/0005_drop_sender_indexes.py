"""Drop the indexes that nothing reads since 0004: a CM's list and event feed read its rows of
``referral_organizations``, not the referrals or events of its ``from_organization``. Every write of a referral
and of an event kept them up to date for nobody.
"""

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.drop_index("ix_referrals_from_organization_refer_by", table_name="referrals")
    op.drop_index("ix_referrals_from_organization_status_refer_by", table_name="referrals")
    op.drop_index("ix_events_from_organization_event_id", table_name="events")


def downgrade() -> None:
    op.create_index(
        "ix_referrals_from_organization_refer_by", "referrals", ["from_organization", "refer_by", "referral_id"]
    )
    op.create_index(
        "ix_referrals_from_organization_status_refer_by",
        "referrals",
        ["from_organization", "status", "refer_by", "referral_id"],
    )
    op.create_index("ix_events_from_organization_event_id", "events", ["from_organization", "event_id"])
