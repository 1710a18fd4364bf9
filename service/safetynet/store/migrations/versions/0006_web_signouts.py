"""``web_signouts``: a web session signed out ends on the server too, not only in the browser that dropped its cookie
(a copy of the cookie, on a shared computer or in a proxy's log, no longer opens the pages). A row lives until the
session would have ended.
"""

import sqlalchemy as sa
from alembic import op

from safetynet.store.migrations.columns import string, timestamp

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "web_signouts",
        string("session_hash", 64),
        timestamp("expires_at"),
        sa.PrimaryKeyConstraint("session_hash", name="pk_web_signouts"),
    )
    op.create_index("ix_web_signouts_expires_at", "web_signouts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_web_signouts_expires_at", "web_signouts")
    op.drop_table("web_signouts")
