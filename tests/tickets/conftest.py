"""Fixtures of the tickets area: categories and a ticket factory."""

from __future__ import annotations

import pytest

from kbb.extensions import db
from kbb.tickets import services
from kbb.tickets.demo import ensure_categories


@pytest.fixture
def categories(app):
    found = ensure_categories()
    db.session.commit()
    return found


@pytest.fixture
def make_ticket(app, categories):
    def make(
        author,
        subject="İmar planı değişikliği",
        body="Görüşünüzü rica ederiz.",
        category="Hukuk/Mevzuat",
        uploads=(),
        **kwargs,
    ):
        ticket = services.create_ticket(
            author,
            municipality_id=kwargs.pop("municipality_id", author.municipality_id),
            category_id=categories[category].id,
            subject=subject,
            body=body,
            uploads=uploads,
            **kwargs,
        )
        db.session.commit()
        return ticket

    return make


@pytest.fixture
def tickets(world, make_ticket):
    """One request of Selçuklu and one of Meram."""
    world["ticket"] = make_ticket(world["member"], subject="Selçuklu talebi")
    world["other_ticket"] = make_ticket(world["other_member"], subject="Meram talebi")
    return world
