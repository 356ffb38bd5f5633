"""Support requests (destek talepleri): tickets, their timeline, files, categories."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbb.core.i18n import lazy_gettext as _l
from kbb.core.models import SearchableMixin, TimestampMixin, UTCDateTime, utcnow
from kbb.extensions import db

if TYPE_CHECKING:
    from kbb.auth.models import User
    from kbb.members.models import Municipality


def _enum(cls, length: int):
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Status(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


STATUS_LABELS = {
    Status.NEW: _l("Yeni"),
    Status.IN_PROGRESS: _l("İnceleniyor"),
    Status.WAITING: _l("Belediyeden yanıt bekleniyor"),
    Status.RESOLVED: _l("Çözüldü"),
    Status.CLOSED: _l("Kapatıldı"),
}
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)
# The due clock runs in these (it pauses while waiting for the municipality).
CLOCK_RUNNING = (Status.NEW, Status.IN_PROGRESS)


class Priority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return str(PRIORITY_LABELS[self])

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


PRIORITY_LABELS = {
    Priority.LOW: _l("Düşük"),
    Priority.NORMAL: _l("Normal"),
    Priority.HIGH: _l("Yüksek"),
    Priority.URGENT: _l("Acil"),
}
# Working days from opening to the due date.
DUE_WORKING_DAYS = {Priority.URGENT: 1, Priority.HIGH: 3, Priority.NORMAL: 5, Priority.LOW: 10}


class Category(db.Model):
    """Talep türü: Hukuk/Mevzuat, Teknik, Proje, ... (managed by staff)."""

    __tablename__ = "ticket_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Category {self.name}>"

    def __str__(self) -> str:
        return self.name


# SQLite only (migration 0004): an FTS5 trigram index over tickets.search_key, kept in step
# by triggers; its rowid is the ticket id. Outside db.metadata: PostgreSQL has no such table.
search_index = Table(
    "tickets_search",
    MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column("search_key", Text),
)


class TicketSequence(db.Model):
    """The last number given in a year: DT-<year>-<last> (bumped atomically)."""

    __tablename__ = "ticket_sequences"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Ticket(SearchableMixin, TimestampMixin, db.Model):
    __tablename__ = "tickets"
    __search_fields__ = ("number", "subject", "body")
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_tickets_year_seq"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
        Index("ix_tickets_status_due_on", "status", "due_on"),
        Index("ix_tickets_municipality_id_status", "municipality_id", "status"),
        # "mine" and "unassigned" (dashboard and queue) counted from the index alone
        Index("ix_tickets_assignee_id_status", "assignee_id", "status"),
        # Substring search: a trigram GIN index on PostgreSQL serves LIKE '%...%'; SQLite
        # uses the FTS5 trigram index below (this plain index serves 1-2 letter searches).
        Index(
            "ix_tickets_search_key",
            "search_key",
            postgresql_using="gin",
            postgresql_ops={"search_key": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column()
    seq: Mapped[int] = mapped_column()
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("ticket_categories.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(_enum(Status, 12), default=Status.NEW, index=True)
    priority: Mapped[Priority] = mapped_column(_enum(Priority, 8), default=Priority.NORMAL)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    waiting_since: Mapped[date | None] = mapped_column(Date)
    paused_days: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rating: Mapped[int | None] = mapped_column()
    rating_comment: Mapped[str] = mapped_column(String(1000), default="")
    version: Mapped[int] = mapped_column(default=1)
    # Tickets search their whole text: a long, unindexed folded column.
    search_key: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__ = {"version_id_col": version}

    municipality: Mapped[Municipality] = relationship(lazy="raise")
    category: Mapped[Category] = relationship(lazy="raise")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="raise")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="raise")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", lazy="raise"
    )

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.status}>"

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class EventKind(enum.StrEnum):
    CREATED = "created"
    REPLY = "reply"
    NOTE = "note"  # internal: staff only
    STATUS = "status"
    ASSIGNMENT = "assignment"
    PRIORITY = "priority"
    DUE = "due"
    CATEGORY = "category"
    FILES = "files"
    RATING = "rating"


class TicketEvent(db.Model):
    """One line of a ticket's timeline; ``internal`` lines are shown to staff only."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 12))
    internal: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text, default="")
    old_value: Mapped[str] = mapped_column(String(200), default="")
    new_value: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="events", lazy="raise")
    actor: Mapped[User | None] = relationship(lazy="raise")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="event", order_by="Attachment.id", lazy="raise"
    )

    def __repr__(self) -> str:
        return f"<TicketEvent {self.id} {self.kind}>"


class Attachment(db.Model):
    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_events.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    original_name: Mapped[str] = mapped_column(String(160))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[TicketEvent] = relationship(back_populates="attachments", lazy="raise")

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.original_name}>"
