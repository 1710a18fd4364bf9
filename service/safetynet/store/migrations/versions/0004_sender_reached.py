"""Each referral's sender gets its row in ``referral_organizations``, as every referral sent since has one
(``ReferralRecord.reached``): a CM that sent a referral for another organization's plan lists it and follows its
events (a CM's list and feed read these rows since). Data only; the row takes the referral's deadline and status,
as the others are kept. Referrals sent by an admin (``sent_by`` null) get none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

_SENDERS_MISSING = """
    INSERT INTO referral_organizations (referral_id, organization_id, refer_by, status)
    SELECT r.referral_id, r.sent_by, r.refer_by, r.status FROM referrals AS r
    WHERE r.sent_by IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM referral_organizations AS o WHERE o.referral_id = r.referral_id AND o.organization_id = r.sent_by
    )
"""


def upgrade() -> None:
    op.execute(_SENDERS_MISSING)


_referrals = sa.table(
    "referrals",
    sa.column("referral_id", sa.String),
    sa.column("sent_by", sa.String),
    sa.column("from_organization", sa.String),
    sa.column("path", sa.JSON),
    sa.column("position", sa.Integer),
)
_reached = sa.table("referral_organizations", sa.column("referral_id", sa.String), sa.column("organization_id"))


def downgrade() -> None:
    """The rows of senders off the path so far go; a sender on the path keeps its row, as before. Only referrals
    sent by another organization than the path's first are read (the path is JSON: checked here, not in SQL)."""
    connection = op.get_bind()
    r = _referrals.c
    sent_by_others = sa.select(r.referral_id, r.sent_by, r.path, r.position).where(r.sent_by != r.from_organization)
    added = [
        {"b_referral_id": referral_id, "b_organization_id": sent_by}
        for referral_id, sent_by, path, position in connection.execute(sent_by_others).all()
        if sent_by not in path[: position + 1]
    ]
    if added:
        connection.execute(
            sa.delete(_reached).where(
                _reached.c.referral_id == sa.bindparam("b_referral_id"),
                _reached.c.organization_id == sa.bindparam("b_organization_id"),
            ),
            added,
        )
