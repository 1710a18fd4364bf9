"""${message}

Write the tables out here (op.create_table, op.add_column, ...) with the columns of columns.py rather than
importing tables.py: a migration is frozen in time, tables.py moves on. Name files versions/NNNN_what.py and
revisions "NNNN".
"""

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
from safetynet.store.migrations.columns import string, timestamp

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
