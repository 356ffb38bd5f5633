"""Users and roles."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbb.core.i18n import lazy_gettext as _l
from kbb.core.models import SearchableMixin, TimestampMixin, UTCDateTime
from kbb.extensions import db

if TYPE_CHECKING:
    from kbb.members.models import Municipality


class Role(enum.StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Yönetici"),
    Role.STAFF: _l("Birlik personeli"),
    Role.MEMBER: _l("Belediye kullanıcısı"),
}


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, SearchableMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __search_fields__ = ("username", "full_name", "email")
    __table_args__ = (
        CheckConstraint(
            "(role = 'member' AND municipality_id IS NOT NULL) OR "
            "(role <> 'member' AND municipality_id IS NULL)",
            name="member_has_municipality",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        index=True,
    )
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the session cookie: changing it (password change/reset) ends other sessions.
    session_token: Mapped[str] = mapped_column(String(64), default=_new_token)

    municipality: Mapped[Municipality | None] = relationship(back_populates="users")

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"

    def __str__(self) -> str:
        return self.full_name or self.username

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        self.session_token = _new_token()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Union personnel, admins included."""
        return self.role in (Role.ADMIN, Role.STAFF)

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER
