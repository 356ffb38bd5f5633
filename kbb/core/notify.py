"""In-app notifications and the e-mail outbox.

Mail is never sent inside a request: it is written to the outbox table in the same
transaction as the change, and `flask --app kbb send-mail` delivers it (SMTP when
KBB_MAIL_SERVER is set, otherwise .eml files under KBB_OUTBOX_DIR). A failed delivery stays
in the outbox and is retried later, so a mail server outage loses nothing.
"""

from __future__ import annotations

import contextlib
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, ForeignKey, String, Text, bindparam, func, update
from sqlalchemy.orm import Mapped, mapped_column

from kbb.core import i18n
from kbb.core.models import UTCDateTime, utcnow
from kbb.extensions import db

WARN_AFTER_ATTEMPTS = 8  # about a day of failures: worth a look in the logs


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))  # in Turkish (the e-mail's words)
    # what to translate for the reader: the Turkish source text and its values (empty for a
    # text that is not in the catalog)
    message: Mapped[str] = mapped_column(String(300), default="", server_default="")
    params: Mapped[dict | None] = mapped_column(JSON)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id}>"

    @property
    def shown_text(self) -> str:
        """The text in the reader's language."""
        if not self.message:
            return self.text
        return i18n.gettext(self.message, **(self.params or {}))


class OutboxMail(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} to={self.to_address} sent={self.sent_at is not None}>"


def notify(users: Iterable, text, link: str = "", mail_body: str | None = None) -> int:
    """Notify each user in the app, and by e-mail when they have an address.

    ``text`` is a lazy text, ``_l("Talebiniz çözüldü: %(number)s", number=...)``: each reader
    sees it in their language, the e-mail goes out in Turkish. ``mail_body`` is the e-mail
    text (defaults to ``text`` and the link); the caller decides what a recipient may read.
    Returns how many users were notified.
    """
    message, params = i18n.lazy_parts(text)
    if message:  # the catalog's source language is Turkish
        text = message % params if params else message
        params = params or None
    count = 0
    seen: set[int] = set()
    base = current_app.config["KBB_BASE_URL"].rstrip("/")
    for user in users:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        db.session.add(
            Notification(
                user_id=user.id, text=text[:300], message=message, params=params, link=link
            )
        )
        if user.email:
            body = mail_body if mail_body is not None else text
            if link:
                body = f"{body}\n\n{base}{link}\n"
            queue_mail(user.email, text, body)
        count += 1
    return count


def queue_mail(to_address: str, subject: str, body: str) -> OutboxMail:
    mail = OutboxMail(to_address=to_address, subject=f"[KBB] {subject}"[:300], body=body)
    db.session.add(mail)
    return mail


@cache
def _unread_select():  # built once: every page asks (the user comes as a bound parameter)
    return db.select(func.count(Notification.id)).where(
        Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
    )


def unread_count(user) -> int:
    return db.session.scalar(_unread_select(), {"user_id": user.id})


def unread_count_of(user_id_column):
    """The unread count of the user in ``user_id_column`` as a scalar subquery, so that the
    user loader reads the navigation's counter in the same statement as the user."""
    return (
        db.select(func.count())
        .where(Notification.user_id == user_id_column, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def mark_read(user, ids) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.id.in_(list(ids)))
        .values(read_at=utcnow())
    )
    return result.rowcount


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def _message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "kbb.example")
    message.set_content(mail.body)
    return message


CLAIM_MINUTES = 10  # a claimed mail is not picked up by an overlapping run for this long


def _claim(limit: int, now: datetime) -> list[OutboxMail]:
    """Due mail, claimed for this run: an overlapping run (cron) will not send it twice."""
    candidates = db.session.scalars(
        db.select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    claimed = []
    for mail_id in candidates:
        result = db.session.execute(
            update(OutboxMail)
            .where(
                OutboxMail.id == mail_id,
                OutboxMail.sent_at.is_(None),
                OutboxMail.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES))
        )
        if result.rowcount == 1:
            claimed.append(mail_id)
    db.session.commit()
    if not claimed:
        return []
    return list(
        db.session.scalars(
            db.select(OutboxMail).where(OutboxMail.id.in_(claimed)).order_by(OutboxMail.id)
        )
    )


def send_pending(limit: int = 200) -> SendReport:
    """Deliver due outbox mail. A failure stays in the outbox and is retried with back-off
    (at most a day apart, never given up): an outage or one bad message loses nothing."""
    cfg = current_app.config
    now = utcnow()
    report = SendReport()
    due = _claim(limit, now)
    if not due:
        return report
    sender = cfg["KBB_MAIL_SENDER"]
    smtp = None
    try:
        if cfg["KBB_MAIL_SERVER"]:
            smtp = smtplib.SMTP(cfg["KBB_MAIL_SERVER"], cfg["KBB_MAIL_PORT"], timeout=20)
            if cfg["KBB_MAIL_STARTTLS"]:
                smtp.starttls()
            if cfg["KBB_MAIL_USERNAME"]:
                smtp.login(cfg["KBB_MAIL_USERNAME"], cfg["KBB_MAIL_PASSWORD"])
    except (OSError, smtplib.SMTPException) as exc:
        for mail in due:
            _failed(mail, exc, now)
            report.failed += 1
        db.session.commit()
        return report
    try:
        for mail in due:
            try:
                message = _message(mail, sender)
                if smtp is not None:
                    smtp.send_message(message)
                else:
                    _write_eml(message)
            except Exception as exc:  # one bad message must not stop the others
                _failed(mail, exc, now)
                report.failed += 1
            else:
                mail.sent_at = utcnow()
                mail.attempts += 1
                mail.last_error = ""
                report.sent += 1
            db.session.commit()  # each result is recorded at once
    finally:
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
    return report


def _failed(mail: OutboxMail, exc: Exception, now: datetime) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
    mail.next_attempt_at = now + timedelta(minutes=min(2**mail.attempts, 24 * 60))
    if mail.attempts >= WARN_AFTER_ATTEMPTS:
        current_app.logger.warning(
            "outbox mail %s to %s failed %s times: %s",
            mail.id,
            mail.to_address,
            mail.attempts,
            mail.last_error,
        )


def _write_eml(message: EmailMessage) -> None:
    folder = Path(current_app.config["KBB_OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    (folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(bytes(message))


def init_app(app) -> None:
    @app.context_processor
    def unread_notifications():
        from flask_login import current_user

        def count() -> int:
            if not current_user.is_authenticated:
                return 0
            known = getattr(current_user, "unread_at_load", None)  # see auth.load_user
            return known if known is not None else unread_count(current_user)

        return {"unread_notifications": count}

    @app.cli.command("send-mail")
    def send_mail_command():
        """Deliver the e-mail outbox (SMTP from KBB_MAIL_*, or .eml files without it)."""
        import click

        report = send_pending()
        click.echo(f"send-mail: {report.sent} sent, {report.failed} failed (kept for retry).")
