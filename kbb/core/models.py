"""Model mixins shared by every area."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, String, TypeDecorator, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from kbb.core.text import fold


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every engine (SQLite drops the offset on write)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timestamps as aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SearchableMixin:
    """Keeps ``search_key`` (Turkish-folded text of ``__search_fields__``) in sync on flush."""

    __search_fields__: tuple[str, ...] = ()
    search_key: Mapped[str] = mapped_column(String(1000), default="", index=True)

    def refresh_search_key(self) -> None:
        parts = (getattr(self, name, None) for name in self.__search_fields__)
        self.search_key = fold(" ".join(str(p) for p in parts if p))


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, _ctx, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, SearchableMixin):
            obj.refresh_search_key()
