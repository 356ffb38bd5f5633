"""Service-level rules: numbering, the status flow, the due clock, reopen window, rating."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from kbb.core.audit import AuditLog
from kbb.core.workdays import add_working_days, working_days_between
from kbb.extensions import db
from kbb.tickets import rules, services
from kbb.tickets.models import EventKind, Priority, Status, Ticket, TicketEvent


def test_working_days():
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1) == date(2026, 11, 30)  # Monday
    assert add_working_days(friday, 5) == date(2026, 12, 4)
    assert working_days_between(friday, date(2026, 11, 30)) == 1
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 30)) == 0


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 10, 28), 1, date(2026, 10, 30)),  # Cumhuriyet Bayramı, Thu 29 October
        (date(2026, 3, 19), 1, date(2026, 3, 23)),  # Ramazan Bayramı, Fri 20 March
        (date(2026, 5, 26), 1, date(2026, 6, 1)),  # Kurban Bayramı, Wed 27 - Sat 30 May
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # Yılbaşı, then the weekend
        (date(2026, 4, 22), 3, date(2026, 4, 28)),  # 23 Nisan, then the weekend
    ],
)
def test_official_holidays_are_not_working_days(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days


def test_the_clock_does_not_run_on_holidays():
    # waiting from Tue 26 May to Mon 1 June 2026: Kurban Bayramı leaves one working day
    assert working_days_between(date(2026, 5, 26), date(2026, 6, 1)) == 1


def test_numbers_are_sequential_per_year(world, make_ticket):
    first = make_ticket(world["member"])
    second = make_ticket(world["member"])
    year = first.year
    assert first.number == f"DT-{year}-{first.seq:06d}"
    assert second.seq == first.seq + 1
    seq, number = services.next_number(1999)
    assert (seq, number) == (1, "DT-1999-000001")


def test_numbers_are_unique_under_concurrent_creation(app, world, categories):
    """Several threads (own sessions and connections) create tickets at the same moment."""
    member_id = world["member"].id
    municipality_id = world["member"].municipality_id
    category_id = categories["Teknik"].id
    errors: list[Exception] = []
    barrier = threading.Barrier(6)

    def worker():
        with app.app_context():
            from kbb.auth.models import User

            try:
                barrier.wait()
                for _ in range(3):
                    for attempt in range(20):
                        try:
                            services.create_ticket(
                                db.session.get(User, member_id),
                                municipality_id=municipality_id,
                                category_id=category_id,
                                subject="Eşzamanlı",
                                body="x",
                            )
                            db.session.commit()
                            break
                        except Exception as exc:  # SQLite: "database is locked" -> retry
                            db.session.rollback()
                            if "locked" not in str(exc) or attempt == 19:
                                raise
            except Exception as exc:
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(db.session.scalars(db.select(Ticket.seq)))
    assert seqs == list(range(1, 19))


def test_due_date_follows_priority_in_working_days(world, make_ticket):
    opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday
    normal = make_ticket(world["member"], now=opened)
    urgent = make_ticket(world["member"], now=opened, priority=Priority.URGENT)
    assert normal.opened_on == date(2026, 11, 27)
    assert normal.due_on == date(2026, 12, 4)  # 5 working days
    assert urgent.due_on == date(2026, 11, 30)  # next working day


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_clock_pauses_while_waiting_for_the_municipality(world, make_ticket):
    staff, member = world["staff"], world["member"]
    monday = date(2026, 11, 30)
    ticket = make_ticket(member, now=_at(monday))
    assert ticket.due_on == date(2026, 12, 7)
    services.add_reply(
        ticket, staff, "Belge gerekli", new_status=Status.WAITING, now=_at(monday, 12)
    )
    assert ticket.status == Status.WAITING and ticket.waiting_since == monday
    assert not services.is_overdue(ticket, today=date(2026, 12, 20))  # paused
    # the municipality answers three working days later (Thursday)
    services.add_reply(ticket, member, "Belge ekte", now=_at(date(2026, 12, 3)))
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.paused_days == 3
    assert ticket.due_on == date(2026, 12, 10)
    assert services.is_overdue(ticket, today=date(2026, 12, 11))


def test_status_flow_and_invalid_transition(world, make_ticket):
    staff = world["staff"]
    ticket = make_ticket(world["member"])
    assert ticket.status == Status.NEW
    services.add_reply(ticket, staff, "İnceliyoruz")  # first public answer
    assert ticket.status == Status.IN_PROGRESS
    services.triage(
        ticket,
        staff,
        ticket.version,
        services.Triage(
            status=Status.RESOLVED,
            priority=ticket.priority,
            assignee_id=None,
            due_on=ticket.due_on,
            category_id=ticket.category_id,
        ),
    )
    assert ticket.status == Status.RESOLVED and ticket.resolved_at is not None
    db.session.commit()
    services.close(ticket, staff)
    assert ticket.status == Status.CLOSED
    with pytest.raises(services.TicketError):
        services.triage(
            ticket,
            staff,
            ticket.version,
            services.Triage(
                status=Status.NEW,
                priority=ticket.priority,
                assignee_id=None,
                due_on=ticket.due_on,
                category_id=ticket.category_id,
            ),
        )


def test_status_changes_are_in_timeline_and_audit(world, make_ticket):
    ticket = make_ticket(world["member"])
    services.add_reply(ticket, world["staff"], "Tamam", new_status=Status.WAITING)
    db.session.commit()
    kinds = [
        e.kind
        for e in db.session.scalars(
            db.select(TicketEvent)
            .where(TicketEvent.ticket_id == ticket.id)
            .order_by(TicketEvent.id)
        )
    ]
    assert kinds == [EventKind.CREATED, EventKind.REPLY, EventKind.STATUS]
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "ticket.status"))
    assert entry.changes == {"status": ["new", "waiting"]}


def test_reopen_within_30_days_only(world, make_ticket):
    member, staff = world["member"], world["staff"]
    ticket = make_ticket(member)
    services.add_reply(ticket, staff, "Çözüm", new_status=Status.RESOLVED)
    db.session.commit()
    later = ticket.resolved_at + timedelta(days=31)
    assert not rules.can_reopen_ticket(member, ticket, later)
    with pytest.raises(services.TicketError, match="30 gün"):
        services.reopen(ticket, member, now=later)
    services.reopen(ticket, member, now=ticket.resolved_at + timedelta(days=29))
    assert ticket.status == Status.IN_PROGRESS and ticket.resolved_at is None


def test_rating_only_when_resolved_and_once(world, make_ticket):
    member, staff = world["member"], world["staff"]
    ticket = make_ticket(member)
    with pytest.raises(services.TicketError):
        services.rate(ticket, member, 5, "")
    services.add_reply(ticket, staff, "Çözüm", new_status=Status.RESOLVED)
    services.rate(ticket, member, 4, "Teşekkürler")
    assert ticket.rating == 4
    with pytest.raises(services.TicketError):
        services.rate(ticket, member, 5, "")


def test_optimistic_lock_conflict_changes_nothing(world, make_ticket):
    staff = world["staff"]
    ticket = make_ticket(world["member"])
    loaded_version = ticket.version
    services.add_reply(ticket, world["member"], "Ek bilgi")  # someone else changes it
    db.session.commit()
    with pytest.raises(services.Conflict):
        services.triage(
            ticket,
            staff,
            loaded_version,
            services.Triage(
                status=Status.RESOLVED,
                priority=Priority.URGENT,
                assignee_id=staff.id,
                due_on=ticket.due_on,
                category_id=ticket.category_id,
            ),
        )
    db.session.rollback()
    fresh = db.session.get(Ticket, ticket.id)
    assert fresh.status == Status.NEW and fresh.priority == Priority.NORMAL
    assert fresh.assignee_id is None


def test_member_cannot_write_internal_notes(world, make_ticket):
    ticket = make_ticket(world["member"])
    event = services.add_reply(ticket, world["member"], "gizli mi?", internal=True)
    assert event.internal is False and event.kind == EventKind.REPLY


def test_assign_only_to_active_staff(world, make_ticket):
    ticket = make_ticket(world["member"])
    with pytest.raises(services.TicketError):
        services.assign(ticket, world["staff"], world["other_member"].id)
    services.assign(ticket, world["admin"], world["staff"].id)
    assert ticket.assignee_id == world["staff"].id


def _triage(ticket, actor, **changes):
    wanted = services.Triage(
        status=changes.get("status", ticket.status),
        priority=changes.get("priority", ticket.priority),
        assignee_id=changes.get("assignee_id", ticket.assignee_id),
        due_on=changes.get("due_on", ticket.due_on),
        category_id=changes.get("category_id", ticket.category_id),
    )
    return services.triage(ticket, actor, ticket.version, wanted, now=changes.get("now"))


def test_leaving_waiting_through_triage_keeps_the_pause(world, make_ticket):
    staff = world["staff"]
    monday = date(2026, 11, 2)
    ticket = make_ticket(world["member"], now=_at(monday))
    services.add_reply(ticket, staff, "Belge?", new_status=Status.WAITING, now=_at(monday))
    shown_due = ticket.due_on  # what the triage form shows
    assert shown_due == date(2026, 11, 9)
    # five working days later staff move it back to İnceleniyor from the form
    _triage(ticket, staff, status=Status.IN_PROGRESS, due_on=shown_due, now=_at(date(2026, 11, 9)))
    assert ticket.due_on == date(2026, 11, 16) and ticket.due_manual is False
    kinds = [
        e.kind
        for e in db.session.scalars(
            db.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
        )
    ]
    assert EventKind.DUE not in kinds


def test_due_date_typed_emptied_and_priority(world, make_ticket):
    staff = world["staff"]
    ticket = make_ticket(world["member"], now=_at(date(2026, 11, 2)))
    _triage(ticket, staff, due_on=date(2026, 12, 1))
    assert ticket.due_on == date(2026, 12, 1) and ticket.due_manual
    _triage(ticket, staff, priority=Priority.URGENT)  # a date set by hand stays
    assert ticket.due_on == date(2026, 12, 1)
    _triage(ticket, staff, due_on=None)  # emptied: back to the clock
    assert ticket.due_on == date(2026, 11, 3) and not ticket.due_manual
    _triage(ticket, staff, priority=Priority.LOW)
    assert ticket.due_on == date(2026, 11, 16)


def test_reopened_ticket_is_not_overdue_at_once(world, make_ticket):
    staff, member = world["staff"], world["member"]
    ticket = make_ticket(member, now=_at(date(2026, 11, 2)))
    services.add_reply(
        ticket, staff, "Çözüm", new_status=Status.RESOLVED, now=_at(date(2026, 11, 3))
    )
    services.reopen(ticket, member, now=_at(date(2026, 11, 20)))
    assert ticket.status == Status.IN_PROGRESS
    assert not services.is_overdue(ticket, today=date(2026, 11, 20))
    assert ticket.due_on == date(2026, 11, 9) + timedelta(days=17)  # 13 working days later


def test_status_news_only_when_the_status_changes(world, make_ticket):
    from kbb.core.notify import Notification

    staff, member = world["staff"], world["member"]
    ticket = make_ticket(member)
    services.add_reply(ticket, staff, "Belge?", new_status=Status.WAITING)
    services.add_reply(ticket, staff, "Hatırlatma")
    db.session.commit()
    texts = [
        n.text
        for n in db.session.scalars(
            db.select(Notification)
            .where(Notification.user_id == member.id)
            .order_by(Notification.id)
        )
    ]
    assert texts[0].startswith("Birlik sizden bilgi bekliyor")
    assert texts[1].startswith("Talebinize yanıt verildi")


def test_created_at_follows_now(world, make_ticket):
    opened = _at(date(2026, 3, 4))
    ticket = make_ticket(world["member"], now=opened)
    assert ticket.created_at == opened


def test_dashboard_counts(world, make_ticket):
    staff, admin = world["staff"], world["admin"]
    yesterday = date.today() - timedelta(days=2)
    layout = [
        # status, assignee, due date: mine / unassigned / overdue / new
        (Status.NEW, None, yesterday),  # unassigned, overdue, new
        (Status.NEW, staff, None),  # mine, new
        (Status.IN_PROGRESS, staff, yesterday),  # mine, overdue
        (Status.WAITING, staff, yesterday),  # mine (the clock is paused: not overdue)
        (Status.WAITING, None, None),  # unassigned
        (Status.RESOLVED, staff, yesterday),  # none: not open
        (Status.CLOSED, None, None),  # none
        (Status.IN_PROGRESS, admin, None),  # somebody else's
    ]
    for status, assignee, due in layout:
        ticket = make_ticket(world["member"])
        ticket.status, ticket.due_on = status, due
        ticket.assignee_id = assignee.id if assignee else None
    other = make_ticket(world["other_member"])  # another municipality's new request
    db.session.commit()
    assert services.dashboard_counts(staff) == {
        "mine": 3,
        "unassigned": 3,  # the other municipality's new request too
        "overdue": 2,
        "new": 3,
    }
    assert services.dashboard_counts(world["member"]) == {"open": 6}
    assert services.dashboard_counts(world["other_member"]) == {"open": 1}
    assert other.status == Status.NEW


def test_request_notifications_are_stored_for_translation(world, make_ticket):
    from kbb.core.notify import Notification

    ticket = make_ticket(world["member"], subject="Otopark")
    sent = db.session.scalars(
        db.select(Notification).where(Notification.user_id == world["staff"].id)
    ).one()
    assert sent.message == "Yeni destek talebi: %(number)s %(subject)s"
    assert sent.params == {"number": ticket.number, "subject": "Otopark"}
    assert sent.text == f"Yeni destek talebi: {ticket.number} Otopark"
