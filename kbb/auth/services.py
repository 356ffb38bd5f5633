"""Passwords, login attempts and lockout: plain functions over the session."""

from __future__ import annotations

import hmac
import secrets
import string
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import bindparam, func
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from kbb.auth.models import User
from kbb.core import audit
from kbb.core.models import utcnow
from kbb.core.notify import unread_count_of
from kbb.core.text import fold
from kbb.extensions import db

MIN_PASSWORD_LENGTH = 10
DEFAULT_HASH_METHOD = "scrypt"  # werkzeug's scrypt, N=2**15 r=8 p=1


def _hash_method() -> str:
    """KBB_PASSWORD_HASH (tests lower the scrypt cost; production keeps the default)."""
    if has_app_context():
        return current_app.config.get("KBB_PASSWORD_HASH", DEFAULT_HASH_METHOD)
    return DEFAULT_HASH_METHOD


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """Checked for unknown usernames too, so timing does not reveal which accounts exist."""
    return generate_password_hash("not-a-real-password", method=method)


def normalise_password(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(normalise_password(password), method=_hash_method())


def verify_password(user: User | None, password: str) -> bool:
    stored = user.password_hash if user else _dummy_hash(_hash_method())
    ok = check_password_hash(stored, normalise_password(password))
    return ok and user is not None


def password_problems(password: str, username: str) -> list[str]:
    """Turkish messages for every rule the password breaks (empty when it is acceptable)."""
    problems = []
    password = normalise_password(password or "")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Parola en az %(n)d karakter olmalı.", n=MIN_PASSWORD_LENGTH))
    if username and fold(password) == fold(username):
        problems.append(_("Parola kullanıcı adıyla aynı olamaz."))
    if password and not password.strip():
        problems.append(_("Parola yalnızca boşluktan oluşamaz."))
    return problems


def set_password(user: User, password: str, *, temporary: bool = False) -> None:
    """Store a new password; other sessions of the user end (their cookie token changes)."""
    user.password_hash = hash_password(password)
    user.must_change_password = temporary
    user.failed_logins = 0
    user.locked_until = None
    user.rotate_session_token()


def temporary_password() -> str:
    """A one-time password an admin reads out to the user: 12 chars, no look-alikes."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def find_user(username: str) -> User | None:
    name = normalise_username(username)
    if not name:
        return None
    return db.session.scalar(db.select(User).where(func.lower(User.username) == name))


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def attempt_login(username: str, password: str) -> LoginResult:
    """Check credentials with lockout; writes the audit log. The caller commits."""
    cfg = current_app.config
    user = find_user(username)
    now = utcnow()
    shown = normalise_username(username)[:40]

    if user is not None and user.locked_until and user.locked_until > now:
        verify_password(None, password)
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        audit.record("auth.login_locked", user, actor=user)
        return LoginResult(
            None,
            _(
                "Çok sayıda hatalı deneme nedeniyle hesap geçici olarak kilitlendi. "
                "%(m)d dakika sonra yeniden deneyin.",
                m=minutes,
            ),
        )

    if not verify_password(user, password):
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= cfg["KBB_LOCKOUT_ATTEMPTS"]:
                user.locked_until = now + timedelta(minutes=cfg["KBB_LOCKOUT_MINUTES"])
                user.failed_logins = 0
                audit.record("auth.locked", user, actor=user)
        audit.record(
            "auth.login_failed",
            user,
            {"username": shown},
            actor=user,
            actor_name=shown,
            label=shown if user is None else None,
        )
        return LoginResult(None, _("Kullanıcı adı ya da parola hatalı."))

    assert user is not None
    if not user.active:
        audit.record("auth.login_inactive", user, actor=user)
        return LoginResult(None, _("Bu hesap pasif durumda. Birlik sistem yöneticisiyle görüşün."))

    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record("auth.login", user, actor=user)
    return LoginResult(user)


@cache
def _user_select():
    # the user, their municipality and the unread counter every page shows, in one statement
    return (
        db.select(User, unread_count_of(User.id))
        .where(User.id == bindparam("user_id"))
        .options(joinedload(User.municipality))
    )


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: ``"<id>:<token>"``; a changed token ends the session."""
    user_id, _sep, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    row = db.session.execute(_user_select(), {"user_id": int(user_id)}).first()
    if row is None:
        return None
    user, unread = row
    if not user.active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    user.unread_at_load = unread  # the navigation's counter for this request
    return user
