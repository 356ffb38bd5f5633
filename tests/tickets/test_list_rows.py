"""The list's pages: plain rows, ids sorted and limited before the join, in the same order
as the whole list (what the export reads), for every sort, with and without a search."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from kbb.extensions import db
from kbb.tickets import services
from kbb.tickets.models import Priority
from kbb.tickets.services import Filters

ROW_IDS = re.compile(r'<tr id="ticket-(\d+)"')


@pytest.fixture
def many(world, make_ticket):
    """70 requests of two municipalities with many ties in every sort key."""
    rng = random.Random(3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = []
    for i in range(70):
        author = world["member"] if i % 3 else world["other_member"]
        ticket = make_ticket(author, subject=f"Kanal {i}")
        ticket.due_on = rng.choice([None, date(2026, 3, 1), date(2026, 3, 2)])
        ticket.priority = rng.choice(list(Priority))
        ticket.last_activity_at = start + timedelta(hours=rng.choice([0, 1, 2]))
        made.append(ticket)
    db.session.commit()
    return made


def _ids_on_every_page(client, url: str, total: int) -> list[int]:
    found = []
    for page in range(1, (total + 24) // 25 + 1):
        found += [int(i) for i in ROW_IDS.findall(client.get(f"{url}&page={page}").text)]
    return found


@pytest.mark.parametrize("who", ["staff", "member"])
def test_pages_follow_the_list_order(client, world, many, who):
    user = world[who]
    client.login(user.username)
    for sort in Filters.SORTS:  # the 70 requests are made once for all the sorts
        query = services.list_query(user, Filters(sort=sort))
        expected = [t.id for t in db.session.scalars(query)]
        assert len(expected) == (70 if who == "staff" else 46)
        url = f"/tickets/?status=all&sort={sort}"
        assert _ids_on_every_page(client, url, len(expected)) == expected, sort
        assert _ids_on_every_page(client, f"{url}&q=kanal", len(expected)) == expected, sort


def test_rows_are_loaded_within_the_users_scope(app, world, many):
    others = [t.id for t in many if t.municipality_id == world["meram"].id]
    mine = [t.id for t in many if t.municipality_id == world["selcuklu"].id]
    rows = services.load_rows(world["member"], others + mine[:3])
    assert sorted(row.id for row in rows) == sorted(mine[:3])
    assert len(services.load_rows(world["staff"], others)) == len(others)
