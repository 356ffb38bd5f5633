"""User management rules: plain functions over the session (the caller commits)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func

from kbb.auth import services as auth_services
from kbb.auth.models import Role, User
from kbb.core import audit
from kbb.core.audit import AuditLog
from kbb.core.text import matches
from kbb.extensions import db

USER_FIELDS = ("full_name", "email", "role", "municipality_id", "active")
ISTANBUL = ZoneInfo("Europe/Istanbul")


class RuleError(Exception):
    """A request that breaks a rule; the message is shown to the user as it is."""


def user_query(q: str = "", role: str = "", municipality_id: int | None = None, active: str = ""):
    """The admin's user list, filtered; newest rules in one place."""
    query = db.select(User).options(db.joinedload(User.municipality)).order_by(User.username)
    if q:
        query = query.where(matches(User.search_key, q))
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if municipality_id:
        query = query.where(User.municipality_id == municipality_id)
    if active in ("1", "0"):
        query = query.where(User.active.is_(active == "1"))
    return query


def active_admin_count() -> int:
    return db.session.scalar(
        db.select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))
    )


def _is_last_admin(user: User) -> bool:
    return user.role == Role.ADMIN and user.active and active_admin_count() <= 1


def create_user(form, actor: User) -> tuple[User, str]:
    """A new user with a one-time temporary password (returned to show once)."""
    password = auth_services.temporary_password()
    user = User(
        username=form.username.data,
        full_name=form.full_name.data,
        email=form.email.data or "",
        role=Role(form.role.data),
        municipality_id=form.municipality_id.data,
        password_hash="",
    )
    auth_services.set_password(user, password, temporary=True)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        user,
        {name: [None, audit._plain(getattr(user, name))] for name in USER_FIELDS},
        actor=actor,
    )
    return user, password


def update_user(user: User, form, actor: User) -> dict:
    """Apply an edit; refuses to demote oneself or the last admin."""
    new_role = Role(form.role.data)
    if user.role == Role.ADMIN and new_role != Role.ADMIN:
        if user.id == actor.id:
            raise RuleError(_("Kendi yönetici yetkinizi kaldıramazsınız."))
        if _is_last_admin(user):
            raise RuleError(_("Son etkin yönetici başka bir role alınamaz."))
    before = audit.snapshot(user, USER_FIELDS)
    user.full_name = form.full_name.data
    user.email = form.email.data or ""
    user.role = new_role
    user.municipality_id = form.municipality_id.data
    changes = audit.diff(user, before, USER_FIELDS)
    if "role" in changes or "municipality_id" in changes:
        user.rotate_session_token()  # permissions changed: sign in again
    if changes:
        audit.record("user.update", user, changes, actor=actor)
    return changes


def set_active(user: User, active: bool, actor: User) -> None:
    if not active:
        if user.id == actor.id:
            raise RuleError(_("Kendi hesabınızı pasifleştiremezsiniz."))
        if _is_last_admin(user):
            raise RuleError(_("Son etkin yönetici pasifleştirilemez."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user.rotate_session_token()
    audit.record(
        "user.activate" if active else "user.deactivate",
        user,
        {"active": [not active, active]},
        actor=actor,
    )


def reset_password(user: User, actor: User) -> str:
    """A new one-time password; the user must change it at next login; sessions end."""
    password = auth_services.temporary_password()
    auth_services.set_password(user, password, temporary=True)
    audit.record("user.password_reset", user, actor=actor)
    return password


def has_history(user: User) -> bool:
    """A user who ever logged in or acted is kept (deactivated, never deleted)."""
    if user.last_login_at is not None:
        return True
    acted = db.session.scalar(
        db.select(func.count(AuditLog.id)).where(
            AuditLog.actor_id == user.id, AuditLog.action != "auth.login_failed"
        )
    )
    return bool(acted)


def delete_user(user: User, actor: User) -> None:
    if user.id == actor.id:
        raise RuleError(_("Kendi hesabınızı silemezsiniz."))
    if has_history(user):
        raise RuleError(_("Bu kullanıcının geçmişi var; silinemez. Bunun yerine pasifleştirin."))
    if _is_last_admin(user):
        raise RuleError(_("Son etkin yönetici silinemez."))
    audit.record("user.delete", user, {"username": [user.username, None]}, actor=actor)
    db.session.delete(user)


def audit_query(actor_id: int | None = None, action: str = "", start=None, end=None):
    """Audit entries, newest first; dates are whole days in Europe/Istanbul."""
    query = db.select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    if actor_id:
        query = query.where(AuditLog.actor_id == actor_id)
    if action:
        query = query.where(AuditLog.action == action)
    if start:
        query = query.where(AuditLog.created_at >= _day_start(start))
    if end:
        query = query.where(AuditLog.created_at < _day_start(end + timedelta(days=1)))
    return query


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ISTANBUL)


def audit_actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditLog.action).distinct().order_by(AuditLog.action)))
