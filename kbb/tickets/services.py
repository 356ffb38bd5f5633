"""Support request workflow: numbering, the status flow, the due clock, replies, files,
notifications. Plain functions over the session; the caller commits once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from flask import abort, current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    func,
    select,
    text,
    true,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased, defer, joinedload

from kbb.auth.models import Role, User
from kbb.core import audit, files
from kbb.core.cache import cached, invalidate_on
from kbb.core.i18n import lazy_gettext as _l
from kbb.core.models import utcnow
from kbb.core.notify import notify
from kbb.core.pagination import id_arg
from kbb.core.text import matches, search_words, strip_controls, turkish
from kbb.core.workdays import add_working_days, local_today, working_days_between
from kbb.extensions import db
from kbb.members.models import Municipality
from kbb.tickets import rules
from kbb.tickets.models import (
    CLOCK_RUNNING,
    DUE_WORKING_DAYS,
    OPEN_STATUSES,
    Attachment,
    Category,
    EventKind,
    Priority,
    Status,
    Ticket,
    TicketEvent,
    TicketSequence,
    search_index,
)

invalidate_on(User, Category)  # staff_options(), category_options() are cached

# Status changes staff may make from the triage form.
TRANSITIONS: dict[Status, set[Status]] = {
    Status.NEW: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.WAITING: {Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED},
    Status.RESOLVED: {Status.CLOSED, Status.IN_PROGRESS},
    Status.CLOSED: set(),
}


class TicketError(Exception):
    """A request that breaks a rule; the message is shown as it is."""


class Conflict(TicketError):
    """Someone else changed the ticket since the form was loaded."""


# ---------------------------------------------------------------- scoping and loading


def scoped(query, user):
    """Limit a ticket query to what ``user`` may see: a member sees their municipality only."""
    if user.is_staff:
        return query
    if not user.municipality_id:
        return query.where(False)
    return query.where(Ticket.municipality_id == user.municipality_id)


# Statements every page runs are built once: SQLAlchemy constructs (and loader options above
# all) cost more to build in Python than the database takes to answer them. They are
# immutable; the per-request values come in as bound parameters or generative .where().


@cache
def _ticket_select():
    return select(Ticket).options(
        joinedload(Ticket.municipality),
        joinedload(Ticket.category),
        joinedload(Ticket.assignee),
        joinedload(Ticket.created_by),
    )


@cache
def _timeline_select(with_internal: bool):
    query = (
        select(TicketEvent)
        .where(TicketEvent.ticket_id == bindparam("ticket_id"))
        # one statement: an event has a file or two at most, so joining them costs little
        .options(joinedload(TicketEvent.actor), joinedload(TicketEvent.attachments))
        .order_by(TicketEvent.created_at, TicketEvent.id)
    )
    if not with_internal:
        query = query.where(TicketEvent.internal.is_(False))
    return query


def get_ticket_or_404(ticket_id: int, user, *, for_update: bool = False) -> Ticket:
    """One ticket within the user's scope; others' tickets answer 404 (ids are not confirmed)."""
    query = scoped(_ticket_select().where(Ticket.id == ticket_id), user)
    ticket = db.session.scalar(query)
    if ticket is None:
        abort(404)
    return ticket


def timeline(ticket: Ticket, user) -> list[TicketEvent]:
    """The ticket's events in order; internal ones only for staff."""
    query = _timeline_select(with_internal=user.is_staff)
    return list(db.session.scalars(query, {"ticket_id": ticket.id}).unique())


def attachment_or_404(ticket: Ticket, attachment_id: int, user) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.ticket_id != ticket.id:
        abort(404)
    if attachment.internal and not user.is_staff:
        abort(404)
    return attachment


# ---------------------------------------------------------------- lists


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    category: int | None = None
    priority: str = ""
    municipality: int | None = None
    assignee: int | None = None
    view: str = ""  # mine | unassigned | overdue | open
    sort: str = "-activity"

    SORTS = {
        "-activity": (Ticket.last_activity_at.desc(),),
        "activity": (Ticket.last_activity_at.asc(),),
        "-created": (Ticket.created_at.desc(),),
        "created": (Ticket.created_at.asc(),),
        "due": (Ticket.due_on.is_(None), Ticket.due_on.asc()),
        "-priority": (
            case({p.value: p.rank for p in Priority}, value=Ticket.priority, else_=0).desc(),
            Ticket.due_on.asc(),
        ),
        "number": (Ticket.year.desc(), Ticket.seq.desc()),
    }

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (for links such as the exports)."""
        args = {
            "q": self.q,
            "status": self.status or "all",
            "category": self.category,
            "priority": self.priority,
            "municipality": self.municipality,
            "assignee": self.assignee,
            "view": self.view,
            "sort": self.sort,
        }
        return {k: str(v) for k, v in args.items() if v not in (None, "")}

    @classmethod
    def from_args(cls, args, *, default_status: str = "") -> Filters:
        """Filters from the query string; junk values are ignored, never an error.

        ``status``: a status, "open", or "all"; missing -> ``default_status``."""
        sort = args.get("sort", "-activity")
        status = args.get("status")
        if status is None:
            status = default_status
        elif status not in {s.value for s in Status} | {"open"}:
            status = ""
        return cls(
            q=strip_controls(args.get("q", "")).strip()[:100],
            status=status,
            category=id_arg("category", args),
            priority=args.get("priority", "")
            if args.get("priority") in {p.value for p in Priority}
            else "",
            municipality=id_arg("municipality", args),
            assignee=id_arg("assignee", args),
            view=args.get("view", "")
            if args.get("view") in {"mine", "unassigned", "overdue"}
            else "",
            sort=sort if sort in cls.SORTS else "-activity",
        )


_INDEXED: set[str] = set()  # databases known to have the SQLite search index


def _has_search_index() -> bool:
    """SQLite with migration 0004's FTS5 table (an old SQLite without FTS5 has none)."""
    bind = db.session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    key = str(bind.url)
    if key not in _INDEXED:  # looked up until found; then it stays
        found = db.session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets_search'")
        ).first()
        if found is None:
            return False
        _INDEXED.add(key)
    return True


def text_condition(q: str):
    """Tickets whose number, subject or text contain every word of ``q`` (Turkish-folded,
    in any order, each literally).

    PostgreSQL answers LIKE '%...%' from the trigram GIN index. On SQLite the FTS5 trigram
    index answers GLOB '*...*' (the key is folded, so case does not matter); a trigram needs
    three letters, and GLOB's own wildcards are not worth escaping, so such words scan.
    """
    indexed = _has_search_index()
    conditions = []
    for word in search_words(q):
        if indexed and len(word) >= 3 and not set(word) & set("*?["):
            found = select(search_index.c.rowid).where(
                search_index.c.search_key.op("GLOB")(f"*{word}*")
            )
            conditions.append(Ticket.id.in_(found))
        else:
            conditions.append(matches(Ticket.search_key, word))
    return and_(true(), *conditions)


def optimize_search_index() -> None:
    """SQLite: merge the FTS5 index into one piece after a bulk load (searches read fewer
    pieces; day-to-day writes are merged by FTS5 itself). PostgreSQL: nothing to do."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("INSERT INTO tickets_search(tickets_search) VALUES ('optimize')"))


def _filtered(query, f: Filters, user, *, with_status: bool = True, today: date | None = None):
    query = scoped(query, user)
    if f.q:
        query = query.where(text_condition(f.q))
    if with_status and f.status:
        if f.status == "open":
            query = query.where(Ticket.status.in_(OPEN_STATUSES))
        else:
            query = query.where(Ticket.status == Status(f.status))
    if f.category:
        query = query.where(Ticket.category_id == f.category)
    if f.priority:
        query = query.where(Ticket.priority == Priority(f.priority))
    if f.municipality and user.is_staff:
        query = query.where(Ticket.municipality_id == f.municipality)
    if f.assignee and user.is_staff:
        query = query.where(Ticket.assignee_id == f.assignee)
    if f.view == "mine":
        query = query.where(Ticket.assignee_id == user.id)
    elif f.view == "unassigned":
        query = query.where(Ticket.assignee_id.is_(None), Ticket.status.in_(OPEN_STATUSES))
    elif f.view == "overdue":
        query = query.where(overdue_condition(today))
    return query


def reopen_deadline(ticket: Ticket) -> datetime | None:
    """Until when the municipality may reopen a resolved request."""
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return None
    return ticket.resolved_at + timedelta(days=rules.REOPEN_DAYS)


def overdue_condition(today: date | None = None):
    """Open, clock running, and past the due date."""
    return and_(
        Ticket.status.in_(CLOCK_RUNNING),
        Ticket.due_on.is_not(None),
        Ticket.due_on < (today or local_today()),
    )


def _list_options() -> tuple:
    """Loader options of the export (built on use: building them configures the mappers)."""
    return (
        defer(Ticket.body),  # the list never shows the long texts
        defer(Ticket.search_key),
        joinedload(Ticket.municipality),
        joinedload(Ticket.category),
        joinedload(Ticket.assignee),
    )


def list_query(user, f: Filters):
    """Whole tickets under the filters, in list order (the export reads these)."""
    query = select(Ticket).options(*_list_options())
    query = _filtered(query, f, user)
    return query.order_by(*Filters.SORTS[f.sort], Ticket.id.desc())


@cache
def _row_select():
    """What a list row shows, as plain rows: no ORM objects to build for a page of 25.

    Built once (selects are immutable; building this one costs more than running it).
    templates/tickets/list.html unpacks the rows in this column order."""
    assignee = aliased(User)
    return (
        select(
            Ticket.id,
            Ticket.number,
            Ticket.subject,
            Ticket.status,
            Ticket.priority,
            Ticket.due_on,
            Ticket.last_activity_at,
            Ticket.assignee_id,
            Municipality.name.label("municipality_name"),
            Category.name.label("category_name"),
            assignee.full_name.label("assignee_name"),
        )
        .join(Municipality, Ticket.municipality_id == Municipality.id)
        .join(Category, Ticket.category_id == Category.id)
        .outerjoin(assignee, Ticket.assignee_id == assignee.id)
    )


def list_ids(user, f: Filters):
    """The ids of the list under the filters, in list order: the narrow select to page
    through (sorting ids from an index is cheap; sorting whole joined rows is not)."""
    query = _filtered(select(Ticket.id), f, user)
    return query.order_by(*Filters.SORTS[f.sort], Ticket.id.desc())


def load_rows(user, page_ids, sort: str = "-activity") -> list:
    """List rows of the tickets in ``page_ids`` (a select of one page of ids, or a list of
    ids) that ``user`` may see, in list order."""
    query = scoped(_row_select().where(Ticket.id.in_(page_ids)), user)
    return db.session.execute(query.order_by(*Filters.SORTS[sort], Ticket.id.desc())).all()


def _tally(statuses) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for status, count in statuses:
        counts[Status(status).value] += count
    counts["open"] = sum(counts[s.value] for s in OPEN_STATUSES)
    counts["all"] = sum(counts[s.value] for s in Status)
    return counts


def search(user, f: Filters) -> tuple[list[int], dict[str, int]]:
    """A text search in ONE pass over the matches: their ordered ids (status aside) and the
    counts per status. Counting and paging in two statements would look the text up twice,
    which costs more than reading the few hundred (id, status) pairs once."""
    status = type_coerce(Ticket.status, String())  # the stored value: no Enum per row
    rows = db.session.execute(
        _filtered(select(Ticket.id, status), f, user, with_status=False).order_by(
            *Filters.SORTS[f.sort], Ticket.id.desc()
        )
    ).all()
    counts = _tally(Counter(value for _id, value in rows).items())
    if f.status == "open":
        wanted = {s.value for s in OPEN_STATUSES}
    elif f.status:
        wanted = {f.status}
    else:
        wanted = {s.value for s in Status}
    ids = [ticket_id for ticket_id, value in rows if value in wanted]
    return ids, counts


@cache
def _count_select():
    # count(*), not count(id): PostgreSQL answers it from the status index alone
    return select(Ticket.status, func.count()).group_by(Ticket.status)


def status_counts(user, f: Filters) -> dict[str, int]:
    """Tickets per status under the current filters (status itself aside), in one query."""
    query = _filtered(_count_select(), f, user, with_status=False)
    return _tally(db.session.execute(query))


@cache
def _staff_select():
    return (
        select(User)
        .where(User.role.in_((Role.STAFF, Role.ADMIN)), User.active.is_(True))
        .order_by(turkish(User.full_name))
    )


@cache
def _categories_select():
    return select(Category).where(Category.active.is_(True)).order_by(turkish(Category.name))


def staff_options() -> tuple:
    """(id, full_name) rows of active staff, for filter forms (cached briefly: core.cache)."""
    return cached(
        "ticket_staff",
        lambda: tuple(
            db.session.execute(
                select(User.id, User.full_name)
                .where(User.role.in_((Role.STAFF, Role.ADMIN)), User.active.is_(True))
                .order_by(turkish(User.full_name))
            )
        ),
    )


def category_options() -> tuple:
    """(id, name) rows of active request types, for filter forms (cached briefly)."""
    return cached(
        "ticket_categories",
        lambda: tuple(
            db.session.execute(
                select(Category.id, Category.name)
                .where(Category.active.is_(True))
                .order_by(turkish(Category.name))
            )
        ),
    )


def staff_members() -> list[User]:
    return list(db.session.scalars(_staff_select()))


def active_categories() -> list[Category]:
    return list(db.session.scalars(_categories_select()))


def _count_where(*conditions):
    return select(func.count()).select_from(Ticket).where(*conditions).scalar_subquery()


def dashboard_counts(user) -> dict[str, int]:
    """Counts for the dashboard: staff get mine / unassigned / overdue; members their open ones."""
    if user.is_staff:
        # one statement, each count from its own index (a FILTER per count read every row)
        row = db.session.execute(
            select(
                _count_where(Ticket.assignee_id == user.id, Ticket.status.in_(OPEN_STATUSES)),
                _count_where(Ticket.assignee_id.is_(None), Ticket.status.in_(OPEN_STATUSES)),
                _count_where(overdue_condition()),
                _count_where(Ticket.status == Status.NEW),
            )
        ).one()
        return {"mine": row[0], "unassigned": row[1], "overdue": row[2], "new": row[3]}
    query = scoped(select(func.count(Ticket.id)), user).where(Ticket.status.in_(OPEN_STATUSES))
    return {"open": db.session.scalar(query)}


def recent_open(user, limit: int = 8) -> list[Ticket]:
    query = scoped(
        select(Ticket)
        .where(Ticket.status.in_(OPEN_STATUSES))
        .options(joinedload(Ticket.category))
        .order_by(Ticket.last_activity_at.desc())
        .limit(limit),
        user,
    )
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- numbering and the clock


def reserve_numbers(year: int, count: int = 1) -> int:
    """Reserve ``count`` sequence numbers of ``year``; returns the last one.

    One atomic UPDATE ... RETURNING on the year's row: safe when several requests create
    tickets at once (the row lock serialises them; SQLite serialises all writers)."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(TicketSequence)
        .values(year=year, last=0)
        .on_conflict_do_nothing(index_elements=["year"])
    )
    return db.session.execute(
        update(TicketSequence)
        .where(TicketSequence.year == year)
        .values(last=TicketSequence.last + count)
        .returning(TicketSequence.last)
    ).scalar_one()


def format_number(year: int, seq: int) -> str:
    return f"DT-{year}-{seq:06d}"


def next_number(year: int) -> tuple[int, str]:
    """The next number of ``year``: (sequence, "DT-2026-000123")."""
    seq = reserve_numbers(year)
    return seq, format_number(year, seq)


def initial_due(opened_on: date, priority: Priority) -> date:
    return add_working_days(opened_on, DUE_WORKING_DAYS[priority])


def is_overdue(ticket: Ticket, today: date | None = None) -> bool:
    return bool(
        ticket.status in CLOCK_RUNNING
        and ticket.due_on
        and ticket.due_on < (today or local_today())
    )


def _apply_status(ticket: Ticket, new: Status, today: date, now: datetime) -> None:
    """Set the status and keep the due clock, resolution and closing times in step."""
    old = ticket.status
    if new == old:
        return
    if new == Status.WAITING:
        ticket.waiting_since = today
    elif old == Status.WAITING:
        paused = working_days_between(ticket.waiting_since or today, today)
        ticket.paused_days += paused
        if ticket.due_on and paused:
            ticket.due_on = add_working_days(ticket.due_on, paused)
        ticket.waiting_since = None
    if new == Status.RESOLVED:
        ticket.resolved_at = now
    if new == Status.CLOSED:
        ticket.closed_at = now
    if old == Status.RESOLVED and new == Status.IN_PROGRESS:  # reopened: resolved time paused
        if ticket.resolved_at is not None:
            paused = working_days_between(local_today(ticket.resolved_at), today)
            ticket.paused_days += paused
            if ticket.due_on and paused:
                ticket.due_on = add_working_days(ticket.due_on, paused)
        ticket.resolved_at = None
    ticket.status = new


# ---------------------------------------------------------------- changes


def _event(ticket, actor, kind, *, body="", old="", new="", internal=False, at=None):
    at = at or utcnow()
    event = TicketEvent(
        ticket=ticket,
        actor_id=actor.id if actor else None,
        kind=kind,
        body=body,
        old_value=str(old)[:200],
        new_value=str(new)[:200],
        internal=internal,
        created_at=at,
    )
    db.session.add(event)
    ticket.last_activity_at = at
    return event


def _attach(ticket, event, actor, uploads, *, internal: bool) -> list[Attachment]:
    stored = []
    for name, content_type, content in uploads:
        saved = files.store(name, content_type, content)
        attachment = Attachment(
            ticket_id=ticket.id,
            event=event,
            uploaded_by_id=actor.id,
            original_name=saved.original_name,
            stored_name=saved.stored_name,
            content_type=saved.content_type,
            size=saved.size,
            internal=internal,
        )
        db.session.add(attachment)
        stored.append(attachment)
    return stored


def _link(ticket) -> str:
    """The ticket's path, also from commands and threads (outside a request)."""
    if has_request_context():
        return url_for("tickets.detail", ticket_id=ticket.id)
    with current_app.test_request_context():
        return url_for("tickets.detail", ticket_id=ticket.id)


def _municipality_users(ticket) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.municipality_id == ticket.municipality_id, User.active.is_(True)
            )
        )
    )


def _staff_to_tell(ticket, actor) -> list[User]:
    users = [db.session.get(User, ticket.assignee_id)] if ticket.assignee_id else staff_members()
    return [u for u in users if u and u.id != actor.id]


def create_ticket(
    actor,
    *,
    municipality_id,
    category_id,
    subject,
    body,
    uploads=(),
    priority=Priority.NORMAL,
    now: datetime | None = None,
) -> Ticket:
    now = now or utcnow()
    today = local_today(now)
    seq, number = next_number(today.year)
    ticket = Ticket(
        number=number,
        year=today.year,
        seq=seq,
        municipality_id=municipality_id,
        category_id=category_id,
        subject=subject,
        body=body,
        status=Status.NEW,
        priority=priority,
        created_by_id=actor.id,
        opened_on=today,
        due_on=initial_due(today, priority),
        last_activity_at=now,
        created_at=now,
        updated_at=now,
    )
    db.session.add(ticket)
    db.session.flush()
    event = _event(ticket, actor, EventKind.CREATED, at=now)
    if uploads:
        db.session.flush()
        _attach(ticket, event, actor, uploads, internal=False)
    audit.record("ticket.create", ticket, {"status": [None, Status.NEW.value]}, actor=actor)
    notify(
        [u for u in staff_members() if u.id != actor.id],
        _l("Yeni destek talebi: %(number)s %(subject)s", number=number, subject=subject),
        _link(ticket),
    )
    if actor.is_staff:  # opened on the municipality's behalf: tell them
        notify(
            _municipality_users(ticket),
            _l("Birlik sizin adınıza bir talep açtı: %(number)s", number=number),
            _link(ticket),
        )
    return ticket


def add_reply(
    ticket: Ticket,
    actor,
    body: str,
    *,
    internal: bool = False,
    uploads=(),
    new_status: Status | None = None,
    now: datetime | None = None,
) -> TicketEvent:
    """A public reply or (staff only) an internal note, with files and an optional status."""
    now = now or utcnow()
    internal = bool(internal and actor.is_staff)  # a forged 'internal' from a member is ignored
    if not rules.can_reply(actor, ticket):
        raise TicketError(_("Bu talebe artık yanıt yazılamaz."))
    status_before = ticket.status
    kind = EventKind.NOTE if internal else EventKind.REPLY
    event = _event(ticket, actor, kind, body=body, internal=internal, at=now)
    if uploads:
        db.session.flush()
        _attach(ticket, event, actor, uploads, internal=internal)
    if actor.is_member and ticket.status == Status.WAITING:
        _change_status(ticket, Status.IN_PROGRESS, actor, now)
    elif actor.is_staff and not internal:
        # one notification for the reply, which names the new status (not two)
        if new_status and new_status != ticket.status:
            _check_transition(ticket, new_status)
            _change_status(ticket, new_status, actor, now, tell=False)
        elif ticket.status == Status.NEW:
            _change_status(ticket, Status.IN_PROGRESS, actor, now, tell=False)
    elif actor.is_staff and internal and new_status and new_status != ticket.status:
        _check_transition(ticket, new_status)
        _change_status(ticket, new_status, actor, now)
    audit.record("ticket.note" if internal else "ticket.reply", ticket, actor=actor)
    _notify_reply(ticket, actor, body, internal, status_changed=ticket.status != status_before)
    return event


def _notify_reply(ticket, actor, body, internal, *, status_changed: bool = False) -> None:
    if internal:
        notify(
            _staff_to_tell(ticket, actor),
            _l("İç not eklendi: %(number)s", number=ticket.number),
            _link(ticket),
        )
    elif actor.is_staff:
        notify(
            [u for u in _municipality_users(ticket) if u.id != actor.id],
            (_status_news(ticket) if status_changed else None)
            or _l("Talebinize yanıt verildi: %(number)s", number=ticket.number),
            _link(ticket),
            mail_body=f"{ticket.number} {ticket.subject}\n\n{body}",
        )
    else:
        notify(
            _staff_to_tell(ticket, actor),
            _l("Belediye yanıt yazdı: %(number)s", number=ticket.number),
            _link(ticket),
        )
        notify(
            [u for u in _municipality_users(ticket) if u.id != actor.id],
            _l("Belediyenizden bir yanıt eklendi: %(number)s", number=ticket.number),
            _link(ticket),
        )


def _check_transition(ticket: Ticket, new: Status) -> None:
    if new != ticket.status and new not in TRANSITIONS[ticket.status]:
        raise TicketError(
            _(
                "%(old)s durumundaki bir talep %(new)s durumuna alınamaz.",
                old=ticket.status.label,
                new=new.label,
            )
        )


def _status_news(ticket: Ticket):
    """What the municipality is told when staff move its request to a status that concerns it."""
    if ticket.status == Status.WAITING:
        return _l("Birlik sizden bilgi bekliyor: %(number)s", number=ticket.number)
    if ticket.status == Status.RESOLVED:
        return _l("Talebiniz çözüldü: %(number)s", number=ticket.number)
    if ticket.status == Status.CLOSED:
        return _l("Talebiniz kapatıldı: %(number)s", number=ticket.number)
    return None


def _change_status(ticket: Ticket, new: Status, actor, now: datetime, tell: bool = True) -> None:
    old = ticket.status
    if new == old:
        return
    _apply_status(ticket, new, local_today(now), now)
    _event(ticket, actor, EventKind.STATUS, old=old.value, new=new.value, at=now)
    audit.record("ticket.status", ticket, {"status": [old.value, new.value]}, actor=actor)
    news = _status_news(ticket) if tell and actor.is_staff else None
    if news:
        notify(_municipality_users(ticket), news, _link(ticket))


@dataclass
class Triage:
    status: Status
    priority: Priority
    assignee_id: int | None
    due_on: date | None
    category_id: int
    changes: dict = field(default_factory=dict)


def triage(
    ticket: Ticket, actor, expected_version: int, wanted: Triage, now: datetime | None = None
) -> dict:
    """Staff change status, priority, assignee, due date and category together.

    ``expected_version`` is the version the form was loaded with: if the ticket changed
    since, nothing is applied and Conflict is raised (the form keeps what the user typed)."""
    now = now or utcnow()
    if ticket.version != expected_version:
        raise Conflict(
            _(
                "Bu talep siz düzenlerken başka biri tarafından değiştirildi. Değişiklikleriniz "
                "kaydedilmedi; güncel hâli aşağıda, girdiğiniz değerler formda duruyor."
            )
        )
    changes = {}
    loaded_due = ticket.due_on  # what the form showed
    if wanted.status != ticket.status:
        _check_transition(ticket, wanted.status)
        changes["status"] = [ticket.status.value, wanted.status.value]
        _change_status(ticket, wanted.status, actor, now)  # may move due_on (pause ended)
    if wanted.priority != ticket.priority:
        old = ticket.priority
        ticket.priority = wanted.priority
        changes["priority"] = [old.value, wanted.priority.value]
        _event(ticket, actor, EventKind.PRIORITY, old=old.value, new=wanted.priority.value, at=now)
    if wanted.assignee_id != ticket.assignee_id:
        assign(ticket, actor, wanted.assignee_id, now=now)
        changes["assignee_id"] = "changed"
    new_due, manual = _wanted_due(ticket, wanted.due_on, loaded_due, "priority" in changes)
    if new_due != ticket.due_on:
        old_due = ticket.due_on
        changes["due_on"] = [str(old_due or ""), str(new_due or "")]
        _event(
            ticket,
            actor,
            EventKind.DUE,
            old=old_due.isoformat() if old_due else "",
            new=new_due.isoformat() if new_due else "",
            at=now,
        )
    ticket.due_on, ticket.due_manual = new_due, manual
    if wanted.category_id != ticket.category_id:
        old_category = ticket.category_id
        category = db.session.get(Category, wanted.category_id)
        ticket.category_id = wanted.category_id
        changes["category_id"] = [old_category, wanted.category_id]
        _event(ticket, actor, EventKind.CATEGORY, new=category.name if category else "", at=now)
    if changes:
        audit.record(
            "ticket.triage",
            ticket,
            {k: v for k, v in changes.items() if k != "assignee_id"},
            actor=actor,
        )
    return changes


def computed_due(ticket: Ticket) -> date:
    """The due date the clock gives: priority's working days plus the paused days."""
    return add_working_days(
        ticket.opened_on, DUE_WORKING_DAYS[ticket.priority] + ticket.paused_days
    )


def _wanted_due(ticket, typed, loaded, priority_changed) -> tuple[date, bool]:
    """(due date, set by hand?) after a triage: a date typed by staff wins; an emptied field
    goes back to the clock; otherwise the clock's date stands (it may have moved while the
    form was open, e.g. a pause ended) and follows a new priority unless set by hand."""
    if typed is None:
        return computed_due(ticket), False
    if typed != loaded:
        return typed, True
    if priority_changed and not ticket.due_manual:
        return computed_due(ticket), False
    return ticket.due_on, ticket.due_manual


def assign(ticket: Ticket, actor, assignee_id: int | None, now: datetime | None = None) -> None:
    if assignee_id == ticket.assignee_id:
        return
    assignee = db.session.get(User, assignee_id) if assignee_id else None
    if assignee_id and (assignee is None or not assignee.is_staff or not assignee.active):
        raise TicketError(_("Talep yalnızca etkin bir Birlik personeline atanabilir."))
    old = db.session.get(User, ticket.assignee_id) if ticket.assignee_id else None
    ticket.assignee_id = assignee_id
    _event(
        ticket,
        actor,
        EventKind.ASSIGNMENT,
        old=old.full_name if old else "",
        new=assignee.full_name if assignee else "",
        at=now,
    )
    audit.record(
        "ticket.assign",
        ticket,
        {"assignee": [old.username if old else None, assignee.username if assignee else None]},
        actor=actor,
    )
    if assignee and assignee.id != actor.id:
        notify(
            [assignee], _l("Size bir talep atandı: %(number)s", number=ticket.number), _link(ticket)
        )


def close(ticket: Ticket, actor, now: datetime | None = None) -> None:
    if not rules.can_close_ticket(actor, ticket):
        raise TicketError(_("Bu talep zaten kapatılmış."))
    _change_status(ticket, Status.CLOSED, actor, now or utcnow())
    if actor.is_member:
        notify(
            _staff_to_tell(ticket, actor),
            _l("Belediye talebi kapattı: %(number)s", number=ticket.number),
            _link(ticket),
        )


def reopen(ticket: Ticket, actor, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not rules.can_reopen_ticket(actor, ticket, now):
        raise TicketError(_("Talep yalnızca çözüldükten sonraki 30 gün içinde yeniden açılabilir."))
    _change_status(ticket, Status.IN_PROGRESS, actor, now)
    notify(
        _staff_to_tell(ticket, actor),
        _l("Talep yeniden açıldı: %(number)s", number=ticket.number),
        _link(ticket),
    )


def rate(ticket: Ticket, actor, rating: int, comment: str, now: datetime | None = None) -> None:
    if not rules.can_rate_ticket(actor, ticket):
        raise TicketError(_("Bu talep şu anda puanlanamaz."))
    ticket.rating = rating
    ticket.rating_comment = comment
    _event(ticket, actor, EventKind.RATING, new=str(rating), body=comment, at=now)
    audit.record("ticket.rate", ticket, {"rating": [None, rating]}, actor=actor)
    notify(
        _staff_to_tell(ticket, actor),
        _l("Yanıtınız puanlandı (%(n)d/5): %(number)s", n=rating, number=ticket.number),
        _link(ticket),
    )
