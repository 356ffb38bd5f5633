"""Text search over requests: the same answers on every path (SQLite's FTS5 trigram index,
its short-query scan, PostgreSQL's trigram LIKE), and the index stays in step with the rows."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from kbb.core.text import fold
from kbb.extensions import db
from kbb.tickets import services
from kbb.tickets.models import Ticket, TicketEvent


def _found(user, q: str) -> set[str]:
    query = services.scoped(select(Ticket.subject), user).where(services.text_condition(q))
    return set(db.session.scalars(query))


@pytest.fixture
def corpus(world, make_ticket):
    subjects = [
        "İmar planı değişikliği",
        "IMAR PLANI itirazı",
        "Kanalizasyon hattı",
        "Yüzde 50% indirim_talebi",
        "Soru: [ek] *acil*?",
        "Ilgın su şebekesi",
    ]
    for subject in subjects:
        make_ticket(world["member"], subject=subject)
    return subjects


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("imar", {"İmar planı değişikliği", "IMAR PLANI itirazı"}),
        ("İMAR PLANI", {"İmar planı değişikliği", "IMAR PLANI itirazı"}),
        ("ılgın", {"Ilgın su şebekesi"}),
        ("sebeke", {"Ilgın su şebekesi"}),
        ("50%", {"Yüzde 50% indirim_talebi"}),
        ("indirim_t", {"Yüzde 50% indirim_talebi"}),
        ("[ek]", {"Soru: [ek] *acil*?"}),  # GLOB's wildcards are literal here
        ("*acil*?", {"Soru: [ek] *acil*?"}),
        ("ŞE", {"Ilgın su şebekesi"}),  # too short for a trigram
        ("hat", {"Kanalizasyon hattı"}),
        ("DT-", None),  # every number
        ("yok böyle bir şey", set()),
        # several words: each anywhere, in any order
        ("planı imar", {"İmar planı değişikliği", "IMAR PLANI itirazı"}),
        ("imar itiraz", {"IMAR PLANI itirazı"}),
        ("ılgın şebeke", {"Ilgın su şebekesi"}),
        ("acil ek", {"Soru: [ek] *acil*?"}),  # a short word scans, a long one uses the index
        ("imar kanal", set()),
    ],
)
def test_search_answers_the_same_on_every_path(app, world, corpus, q, expected):
    staff = world["staff"]
    if expected is None:
        expected = set(corpus)
    assert _found(staff, q) == expected
    # the reference answer, in Python: every folded word inside the folded text
    words = fold(q).split()
    reference = {
        t.subject
        for t in db.session.scalars(select(Ticket))
        if all(word in t.search_key for word in words)
    }
    assert reference == expected


def test_index_follows_insert_update_and_delete(app, world, make_ticket):
    staff = world["staff"]
    ticket = make_ticket(world["member"], subject="Otopark yönetmeliği")
    assert _found(staff, "otopark") == {"Otopark yönetmeliği"}

    ticket.subject = "Katı atık tesisi"
    db.session.commit()
    assert _found(staff, "otopark") == set()
    assert _found(staff, "kati atik") == {"Katı atık tesisi"}
    services.optimize_search_index()  # after a bulk load (seed-demo): same answers
    db.session.commit()
    assert _found(staff, "kati atik") == {"Katı atık tesisi"}

    # requests are never deleted by the app; the index must still follow the table
    db.session.execute(delete(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    db.session.execute(delete(Ticket).where(Ticket.id == ticket.id))
    db.session.commit()
    assert _found(staff, "kati atik") == set()


def test_search_is_served_by_an_index(app, world, corpus):
    """SQLite: the FTS5 trigram table; PostgreSQL: the trigram GIN index (when it is cheaper
    than a scan, which a six-row table never is, so scans are ruled out for the check)."""
    staff = world["staff"]
    query = services.scoped(select(Ticket.id), staff).where(services.text_condition("imar"))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        plan = db.session.execute(db.text(f"EXPLAIN QUERY PLAN {sql}")).all()
        assert any("VIRTUAL TABLE" in row[-1] for row in plan), plan
    else:
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))
        plan = db.session.scalars(db.text(f"EXPLAIN {sql}")).all()
        db.session.rollback()
        assert any("ix_tickets_search_key" in line for line in plan), plan
