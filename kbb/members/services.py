"""Member-area queries shared by other areas."""

from __future__ import annotations

from kbb.core.text import fold, turkish
from kbb.extensions import db
from kbb.members.models import Municipality


def municipality_choices(*, only_active: bool = True) -> list[tuple[int, str]]:
    """(id, name) pairs in Turkish alphabetical order, for select fields."""
    query = db.select(Municipality.id, Municipality.name).order_by(turkish(Municipality.name))
    if only_active:
        query = query.where(Municipality.active.is_(True))
    return [(row.id, row.name) for row in db.session.execute(query)]


def find_by_name(name: str) -> Municipality | None:
    """A municipality by name, Turkish-insensitively; "meram" finds "Meram Belediyesi"."""
    wanted = {fold(name), fold(f"{name} Belediyesi")}
    for municipality in db.session.scalars(db.select(Municipality)):
        if fold(municipality.name) in wanted:
            return municipality
    return None
