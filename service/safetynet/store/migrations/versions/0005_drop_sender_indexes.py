"""Drop the indexes that nothing reads since 0004: a CM's list and event feed read its rows of
``referral_organizations``, not the referrals or events of its ``from_organization``. Every write of a referral
and of an event kept them up to date for nobody.
"""

from alembic import op

revision = "0005"
down_revision = "0004"

#: (index, table, columns), as 0002 made them.
_UNREAD = (
    ("ix_referrals_from_organization_refer_by", "referrals", ("from_organization", "refer_by", "referral_id")),
    (
        "ix_referrals_from_organization_status_refer_by",
        "referrals",
        ("from_organization", "status", "refer_by", "referral_id"),
    ),
    ("ix_events_from_organization_event_id", "events", ("from_organization", "event_id")),
)


def upgrade() -> None:
    for name, table, _ in _UNREAD:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in _UNREAD:
        op.create_index(name, table, list(columns))
