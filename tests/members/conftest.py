"""Fixtures of the members area: Konya's real municipalities, people, a helper to read lists."""

from __future__ import annotations

import html
import re

import pytest

from kbb.cli import load_municipalities
from kbb.extensions import db
from kbb.members.models import Municipality, Person, PersonRole


@pytest.fixture
def konya(app) -> dict[str, Municipality]:
    """Konya Büyükşehir and the 31 district municipalities (kbb/data), by name."""
    load_municipalities()
    db.session.commit()
    return {m.name: m for m in db.session.scalars(db.select(Municipality))}


@pytest.fixture
def make_person(app):
    def make(municipality: Municipality, full_name: str = "Ali Veli", **kwargs) -> Person:
        kwargs.setdefault("role", PersonRole.CONTACT)
        person = Person(municipality=municipality, full_name=full_name, **kwargs)
        db.session.add(person)
        db.session.commit()
        return person

    return make


ROW_NAME = re.compile(r'<tr id="municipality-\d+">\s*<th scope="row"><a href="[^"]+">([^<]+)</a>')


def listed(page: str) -> list[str]:
    """The municipality names of a directory page, in page order (unescaped)."""
    return [html.unescape(name) for name in ROW_NAME.findall(page)]
