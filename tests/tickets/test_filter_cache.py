"""The filter options cache: fresh after a change in this worker, bounded staleness otherwise."""

from __future__ import annotations

import time

from sqlalchemy import update

from kbb.core import cache
from kbb.core.cache import ReferenceCache
from kbb.extensions import db
from kbb.tickets.models import Category


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
    fresh = ReferenceCache(ttl=60)
    assert fresh.get("k", lambda: loads.append(1) or "v") == "v"
    assert fresh.get("k", lambda: loads.append(1) or "w") == "v"
    assert len(loads) == 1
    expired = ReferenceCache(ttl=0)
    assert [expired.get("k", lambda: len(loads)) for _ in range(2)] == [1, 1]
    fresh.clear()
    assert fresh.get("k", lambda: "x") == "x"
