"""notifications: the message and its values, translated for whoever reads it

`text` keeps the Turkish words (also the e-mail's); `message` and `params` let the
notification list show it in the reader's language. Older rows keep their text.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "notifications",
        sa.Column("message", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column("notifications", sa.Column("params", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_column("params")
        batch_op.drop_column("message")
