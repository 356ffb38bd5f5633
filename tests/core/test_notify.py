"""Notifications and the e-mail outbox, delivered to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kbb.core.notify import Notification, OutboxMail, notify, send_pending, unread_count
from kbb.extensions import db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_config(app):
    port = free_port()
    old = {k: app.config[k] for k in ("KBB_MAIL_SERVER", "KBB_MAIL_PORT")}
    app.config.update(KBB_MAIL_SERVER="127.0.0.1", KBB_MAIL_PORT=port)
    yield port
    app.config.update(old)


def test_outbox_survives_an_smtp_outage_and_retries(app, world, smtp_config):
    notify(
        [world["member"]],
        "Talebinize yanıt verildi: DT-2026-000001",
        "/tickets/1",
        mail_body="Yanıt metni: Çözüm önerimiz şöyledir.",
    )
    db.session.commit()
    # no server listening: nothing is lost, the mail waits with its error
    report = send_pending()
    assert (report.sent, report.failed) == (0, 1)
    mail = db.session.scalar(db.select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and "Error" in mail.last_error
    # the server comes back; the retry time has come
    mail.next_attempt_at = mail.created_at
    db.session.commit()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_config)
    controller.start()
    try:
        report = send_pending()
    finally:
        controller.stop()
    assert (report.sent, report.failed) == (1, 0)
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["To"] == world["member"].email
    assert "DT-2026-000001" in received["Subject"]
    body = received.get_payload(decode=True).decode("utf-8")
    assert "Çözüm önerimiz" in body and "/tickets/1" in body
    assert db.session.scalar(db.select(OutboxMail)).sent_at is not None
    assert send_pending().sent == 0  # never sent twice


def test_without_smtp_mail_is_written_as_eml(app, world, tmp_path):
    app.config["KBB_OUTBOX_DIR"] = str(tmp_path)
    notify([world["staff"]], "Yeni destek talebi", "/tickets/5")
    db.session.commit()
    assert send_pending().sent == 1
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1 and "Yeni destek talebi" in files[0].read_text()


def test_unread_counter_and_list(client, world):
    notify([world["member"]], "Birinci", "/")
    notify([world["member"]], "İkinci", "/")
    db.session.commit()
    assert unread_count(world["member"]) == 2
    client.login("selcuklu")
    assert 'aria-label="2 okunmamış">2</span>' in client.get("/").get_data(as_text=True)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Birinci" in html and "İkinci" in html
    assert "okunmamış" not in html  # opening the list read them: no counter on it
    assert unread_count(world["member"]) == 0
    assert "okunmamış" not in client.get("/").get_data(as_text=True)  # the counter is gone
    notify([world["member"]], "Üçüncü", "/")
    db.session.commit()
    assert 'aria-label="1 okunmamış">1</span>' in client.get("/").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 3


def test_send_mail_command(app, world, tmp_path):
    app.config["KBB_OUTBOX_DIR"] = str(tmp_path)
    notify([world["admin"]], "Deneme", "")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0 and "1 sent" in result.output


def test_one_bad_mail_does_not_block_the_others(app, world, tmp_path):
    app.config["KBB_OUTBOX_DIR"] = str(tmp_path)
    notify([world["staff"]], "İyi", "")
    db.session.commit()
    bad = OutboxMail(to_address="bozuk\nadres", subject="x", body="y")  # header injection
    db.session.add(bad)
    notify([world["admin"]], "Bu da iyi", "")
    db.session.commit()
    report = send_pending()
    assert (report.sent, report.failed) == (2, 1)
    stored = db.session.get(OutboxMail, bad.id)
    assert stored.sent_at is None and stored.last_error


def test_overlapping_runs_do_not_send_twice(app, world, tmp_path):
    from kbb.core.models import utcnow
    from kbb.core.notify import _claim

    app.config["KBB_OUTBOX_DIR"] = str(tmp_path)
    notify([world["staff"]], "Bir kez", "")
    db.session.commit()
    first = _claim(10, utcnow())
    assert len(first) == 1
    assert send_pending().sent == 0  # the other run finds it claimed


def test_notifications_speak_the_readers_language(client, world):
    """Stored as a message and its values: each reader sees it in their language, and the
    e-mail goes out in Turkish whatever language the person who acted was using."""
    from flask import session
    from flask_babel import refresh

    from kbb.core.i18n import lazy_gettext as _l

    with client.application.test_request_context():
        session["lang"] = "en"  # the actor works in English
        refresh()
        notify(
            [world["member"]], _l("Size bir talep atandı: %(number)s", number="DT-2026-000007"), "/"
        )
        db.session.commit()
    stored = db.session.scalars(db.select(Notification)).one()
    assert stored.text == "Size bir talep atandı: DT-2026-000007"
    mail = db.session.scalars(db.select(OutboxMail)).one()
    assert mail.subject == "[KBB] Size bir talep atandı: DT-2026-000007"

    client.login("selcuklu")
    assert "Size bir talep atandı: DT-2026-000007" in client.get("/notifications/").text
    client.post_form("/lang", {"lang": "en", "next": "/"})
    assert "A request was assigned to you: DT-2026-000007" in client.get("/notifications/").text
