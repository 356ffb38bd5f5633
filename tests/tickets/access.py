"""Role x route entries of the tickets area (collected by tests/test_access.py).

Every request here is Selçuklu's (the member user's own municipality); isolation from
other municipalities is tested in tests/tickets/test_views.py."""

from kbb.extensions import db
from kbb.tickets import services
from kbb.tickets.demo import ensure_categories
from tests.access import Case, everyone, staff_only

PDF = b"%PDF-1.4\n%%EOF\n"


def with_ticket(w) -> None:
    categories = ensure_categories()
    ticket = services.create_ticket(
        w["member"],
        municipality_id=w["member"].municipality_id,
        category_id=categories["Teknik"].id,
        subject="Erişim",
        body="Tablo",
        uploads=[("ek.pdf", "application/pdf", PDF)],
    )
    db.session.commit()
    w["ticket_id"] = ticket.id
    w["attachment_id"] = db.session.scalar(
        db.select(services.Attachment.id).where(services.Attachment.ticket_id == ticket.id)
    )
    w["category_id"] = categories["Teknik"].id


def resolved(w) -> None:
    with_ticket(w)
    ticket = db.session.get(services.Ticket, w["ticket_id"])
    services.add_reply(ticket, w["staff"], "çözüm", new_status=services.Status.RESOLVED)
    db.session.commit()


def t(w, suffix: str = "") -> str:
    return f"/tickets/{w['ticket_id']}{suffix}"


CASES: list[Case] = [
    Case("tickets.index", "GET", lambda w: "/tickets/", everyone(200)),
    Case("tickets.export_list", "GET", lambda w: "/tickets/export.csv", everyone(200)),
    Case("tickets.new", "GET", lambda w: "/tickets/new", everyone(200), setup=with_ticket),
    Case("tickets.new", "POST", lambda w: "/tickets/new", everyone(422)),
    Case("tickets.detail", "GET", lambda w: t(w), everyone(200), setup=with_ticket),
    Case(
        "tickets.reply",
        "POST",
        lambda w: t(w, "/reply"),
        everyone(303),
        setup=with_ticket,
        data=lambda w: {"body": "yanıt"},
    ),
    Case("tickets.triage", "POST", lambda w: t(w, "/triage"), staff_only(422), setup=with_ticket),
    Case(
        "tickets.assign_me",
        "POST",
        lambda w: t(w, "/assign-me"),
        staff_only(303),
        setup=with_ticket,
    ),
    Case("tickets.close", "POST", lambda w: t(w, "/close"), everyone(303), setup=with_ticket),
    Case("tickets.reopen", "POST", lambda w: t(w, "/reopen"), everyone(303), setup=resolved),
    Case(
        "tickets.rate",
        "POST",
        lambda w: t(w, "/rate"),
        {"anon": 302, "member": 303, "staff": 303, "admin": 303},
        setup=resolved,
        data=lambda w: {"rating": "4"},
    ),
    Case(
        "tickets.download",
        "GET",
        lambda w: t(w, f"/files/{w['attachment_id']}"),
        everyone(200),
        setup=with_ticket,
    ),
    Case("tickets.categories", "GET", lambda w: "/tickets/categories/", staff_only(200)),
    Case("tickets.categories", "POST", lambda w: "/tickets/categories/", staff_only(422)),
    Case(
        "tickets.category_edit",
        "GET",
        lambda w: f"/tickets/categories/{w['category_id']}",
        staff_only(200),
        setup=with_ticket,
    ),
    Case(
        "tickets.category_edit",
        "POST",
        lambda w: f"/tickets/categories/{w['category_id']}",
        staff_only(303),
        setup=with_ticket,
        data=lambda w: {"name": "Teknik", "active": "y"},
    ),
    Case("core.notifications", "GET", lambda w: "/notifications/", everyone(200)),
    Case("core.notifications_read", "POST", lambda w: "/notifications/read", everyone(303)),
]
