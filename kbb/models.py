"""Every model, imported in one place (for create_app and Alembic autogenerate)."""


def import_all() -> None:
    from kbb.auth import models as _auth  # noqa: F401
    from kbb.core import audit as _audit  # noqa: F401
    from kbb.core import notify as _notify  # noqa: F401
    from kbb.members import models as _members  # noqa: F401
    from kbb.tickets import models as _tickets  # noqa: F401
    from kbb.tickets import rules as _ticket_rules  # noqa: F401
