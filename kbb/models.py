"""Every model, imported in one place (for create_app and Alembic autogenerate)."""


def import_all() -> None:
    from kbb.auth import models as _auth  # noqa: F401
    from kbb.core import audit as _audit  # noqa: F401
    from kbb.core import notify as _notify  # noqa: F401
    from kbb.members import models as _members  # noqa: F401
    from kbb.tickets import models as _tickets  # noqa: F401
    from kbb.tickets import rules as _ticket_rules  # noqa: F401


# Tables the database has that the models do not describe: SQLite's FTS5 search index of
# tickets (migration 0004) and its shadow tables. Alembic's comparisons leave them out.
UNMODELLED_TABLES = ("tickets_search",)


def include_name(name, type_, parent_names) -> bool:
    """Alembic ``include_name``: skip the unmodelled tables (and FTS5 shadow tables)."""
    return not (type_ == "table" and name and name.startswith(UNMODELLED_TABLES))
