"""SQLite: an FTS5 trigram index over tickets.search_key, kept in sync by triggers

PostgreSQL already serves substring search from the pg_trgm GIN index of 0003; SQLite would
scan every row of `tickets` for LIKE '%...%'. The FTS5 table holds no copy of the text
(external content), only the trigram index, and the triggers below keep it in step with
every INSERT, UPDATE of search_key and DELETE.

A later migration that rebuilds `tickets` with batch mode on SQLite drops these triggers:
it must create them again (tests/tickets/test_search_index.py fails otherwise).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 16:00:00
"""

import logging

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATEMENTS = (
    """CREATE VIRTUAL TABLE tickets_search USING fts5(
        search_key, content='tickets', content_rowid='id',
        tokenize='trigram case_sensitive 1', detail='none')""",
    """CREATE TRIGGER tickets_search_ai AFTER INSERT ON tickets BEGIN
        INSERT INTO tickets_search(rowid, search_key) VALUES (new.id, new.search_key);
    END""",
    """CREATE TRIGGER tickets_search_ad AFTER DELETE ON tickets BEGIN
        INSERT INTO tickets_search(tickets_search, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
    END""",
    """CREATE TRIGGER tickets_search_au AFTER UPDATE OF search_key ON tickets BEGIN
        INSERT INTO tickets_search(tickets_search, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
        INSERT INTO tickets_search(rowid, search_key) VALUES (new.id, new.search_key);
    END""",
    "INSERT INTO tickets_search(tickets_search) VALUES ('rebuild')",
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    version_text = bind.exec_driver_sql("SELECT sqlite_version()").scalar()
    version = tuple(int(part) for part in version_text.split("."))
    if version < (3, 34) or not bind.exec_driver_sql(
        "SELECT sqlite_compileoption_used('ENABLE_FTS5')"
    ).scalar():
        # the search still works, by scanning (kbb.tickets.services.text_condition)
        logging.getLogger("alembic").warning(
            "SQLite %s has no FTS5 trigram tokenizer (3.34+): no search index", version_text
        )
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("tickets_search_ai", "tickets_search_ad", "tickets_search_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS tickets_search")
