"""tickets: index (assignee_id, status) instead of (assignee_id)

"Assigned to me" and "unassigned" open requests (the staff dashboard, the queue's views) are
counted from the index alone. Plain CREATE/DROP INDEX, not batch mode: rebuilding `tickets`
on SQLite would drop the search index triggers of 0004.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 17:00:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_tickets_assignee_id_status", "tickets", ["assignee_id", "status"])
    op.drop_index("ix_tickets_assignee_id", table_name="tickets")


def downgrade():
    op.create_index("ix_tickets_assignee_id", "tickets", ["assignee_id"])
    op.drop_index("ix_tickets_assignee_id_status", table_name="tickets")
