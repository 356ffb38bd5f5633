"""The filter options cache: fresh after a change in this worker, bounded staleness otherwise."""

from __future__ import annotations

import re
import time

from sqlalchemy import update

from kbb.auth.models import User
from kbb.core import cache
from kbb.core.cache import ReferenceCache
from kbb.extensions import db
from kbb.members.services import municipality_options
from kbb.tickets import services
from kbb.tickets.models import Category, Ticket


def _filter_form(client) -> str:
    page = client.get("/tickets/").get_data(as_text=True)
    return page[page.index('id="ticket-filters"') : page.index('id="results"')]


def test_a_change_made_here_shows_in_the_filters_at_once(client, world, categories):
    client.login("personel")
    assert "Eğitim" not in _filter_form(client)  # the options are now cached
    client.post_form("/tickets/categories/", {"name": "Eğitim", "description": "", "active": "y"})
    assert "Eğitim" in _filter_form(client)
    teknik = categories["Teknik"]
    client.post_form(f"/tickets/categories/{teknik.id}", {"name": "Teknik Destek", "active": "y"})
    assert "Teknik Destek" in _filter_form(client)


def test_a_change_made_elsewhere_shows_after_the_time_to_live(
    app, client, world, categories, monkeypatch
):
    client.login("personel")
    assert "Hukuk/Mevzuat" in _filter_form(client)
    # another worker (here: a statement outside the ORM) renames a type
    with db.engine.begin() as conn:
        conn.execute(
            update(Category)
            .where(Category.id == categories["Hukuk/Mevzuat"].id)
            .values(name="Mevzuat")
        )
    assert "Hukuk/Mevzuat" in _filter_form(client)  # still cached in this worker ...
    later = time.monotonic() + app.config["KBB_REFERENCE_CACHE_SECONDS"] + 1
    monkeypatch.setattr(cache, "_now", lambda: later)  # ... until its time is up
    form = _filter_form(client)
    assert "Mevzuat" in form and "Hukuk/Mevzuat" not in form


def test_reference_cache_loads_once_per_time_to_live():
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    fresh = ReferenceCache(ttl=60)
    assert [fresh.get("k", load) for _ in range(3)] == [1, 1, 1]
    expired = ReferenceCache(ttl=0)
    assert [expired.get("k", load) for _ in range(2)] == [2, 3]
    fresh.clear()
    assert fresh.get("k", load) == 4


def test_a_load_that_overlaps_a_change_is_not_kept():
    """Another thread's commit clears the cache while this load reads the old rows."""
    shared = ReferenceCache(ttl=60)

    def load_during_a_change():
        shared.clear()  # the other thread's commit lands here
        return "old rows"

    assert shared.get("k", load_during_a_change) == "old rows"
    assert shared.get("k", lambda: "new rows") == "new rows"


def test_rows_of_a_rolled_back_transaction_are_not_kept(app, world, categories):
    db.session.add(Category(name="Hayalet", active=True))
    db.session.flush()
    assert "Hayalet" in [c.name for c in services.category_options()]  # this transaction
    db.session.rollback()
    assert "Hayalet" not in [c.name for c in services.category_options()]


def test_update_statements_and_other_models_clear_it_too(app, world, categories):
    assert "Hukuk/Mevzuat" in [c.name for c in services.category_options()]
    db.session.execute(
        update(Category).where(Category.name == "Hukuk/Mevzuat").values(name="Mevzuat")
    )
    db.session.commit()
    assert "Mevzuat" in [c.name for c in services.category_options()]

    staff = world["staff"]
    assert staff.id in [u.id for u in services.staff_options()]
    staff.active = False
    db.session.commit()
    assert staff.id not in [u.id for u in services.staff_options()]

    meram = world["meram"]
    assert (meram.id, meram.name) in municipality_options()
    meram.name = "Meram Belediye Başkanlığı"
    db.session.commit()
    assert (meram.id, "Meram Belediye Başkanlığı") in municipality_options()


def test_triage_checks_a_stale_option_against_the_database(client, world, tickets, make_user):
    """A colleague deactivated in another worker is still offered for a while, but choosing
    them is refused: the submitted form is checked against the database."""
    colleague = make_user("ikinci", "staff", full_name="İkinci Personel")
    client.login("personel")
    ticket = tickets["ticket"]
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert f'value="{colleague.id}"' in page  # offered (and now cached)
    with db.engine.begin() as conn:  # another worker deactivates the colleague
        conn.execute(update(User).where(User.id == colleague.id).values(active=False))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post_form(
        f"/tickets/{ticket.id}/triage",
        {
            "status": "in_progress",
            "priority": "normal",
            "assignee_id": colleague.id,
            "category_id": ticket.category_id,
            "due_on": "",
            "version": version,
        },
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).assignee_id is None
