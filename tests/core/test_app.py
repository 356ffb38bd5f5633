"""App shell: security headers, health check, errors, htmx conventions, config."""

import pytest
from sqlalchemy import text

from kbb import create_app
from kbb.config import ConfigError
from kbb.core import audit
from kbb.core.audit import AuditLog
from kbb.extensions import db


def test_security_headers_on_every_response(client):
    for url in ("/auth/login", "/healthz", "/static/css/app.css", "/nowhere"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "HX-Request" in response.headers["Vary"]


def test_pages_have_no_inline_script_or_style(client, world):
    client.login("admin")
    for url in ("/", "/auth/login", "/admin/users/", "/admin/audit/"):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
        assert "style=" not in html and "<style" not in html
        assert "onclick" not in html


def test_session_cookie_flags(client, world):
    response = client.login("admin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_weak_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("KBB_ENV", "production")
    monkeypatch.delenv("KBB_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="KBB_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("KBB_SECRET_KEY", "short")
    with pytest.raises(ConfigError):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_sets_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("KBB_ENV", "production")
    monkeypatch.setenv("KBB_SECRET_KEY", "x" * 48)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert not app.debug
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_503_when_database_is_down(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody:x@127.0.0.1:9/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}},
            "SECRET_KEY": "k" * 40,
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_404_page_is_turkish(client, world):
    client.login("personel")
    response = client.get("/yok-boyle-bir-sayfa")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Sayfa bulunamadı" in html and "<html" in html


def test_htmx_error_is_a_fragment_in_the_message_area(client, world):
    client.login("personel")
    response = client.get("/yok", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#messages"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Sayfa bulunamadı" in html


def test_500_shows_no_traceback_and_rolls_back(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 40}
    )

    @app.get("/_boom")
    def boom():
        db.session.execute(text("SELECT * FROM no_such_table"))

    boom.is_public = True
    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Beklenmeyen bir hata" in html
    assert "Traceback" not in html and "no_such_table" not in html


def test_csrf_missing_is_a_clear_400(client, world):
    client.login("admin")
    response = client.post("/auth/logout")
    assert response.status_code == 400
    assert "güvenlik anahtarı" in response.get_data(as_text=True)


def test_language_switch_to_english_and_back(client, world):
    client.login("personel")
    response = client.post_form("/lang", {"lang": "en", "next": "/"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="en"' in html
    response = client.post_form("/lang", {"lang": "tr", "next": "/"}, follow_redirects=True)
    assert '<html lang="tr"' in response.get_data(as_text=True)


def test_language_switch_refuses_open_redirect(client):
    response = client.post_form("/lang", {"lang": "en", "next": "//evil.example/"})
    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]


def test_dates_in_turkish_and_istanbul_time(app):
    from datetime import UTC, date, datetime

    from kbb.core.i18n import date_filter, datetime_filter, number_filter

    with app.test_request_context():
        assert date_filter(date(2026, 11, 28)) == "28 Kasım 2026"
        # 21:30 UTC is 00:30 the next day in Istanbul (UTC+3)
        assert datetime_filter(datetime(2026, 11, 28, 21, 30, tzinfo=UTC)) == "29 Kasım 2026 00:30"
        assert number_filter(1234.5, 1) == "1.234,5"


def test_audit_record_stores_old_and_new(app, world):
    entry = audit.record(
        "user.update", world["staff"], {"role": ["staff", "admin"]}, actor=world["admin"]
    )
    db.session.commit()
    stored = db.session.get(AuditLog, entry.id)
    assert stored.actor_id == world["admin"].id
    assert stored.target_type == "User" and stored.target_id == world["staff"].id
    assert stored.changes == {"role": ["staff", "admin"]}
    assert stored.created_at.tzinfo is not None


def test_dashboard_and_user_list_run_few_queries(client, world, make_user, count_queries):
    client.login("admin")
    for i in range(30):
        make_user(f"ek{i}", "member", world["meram"])
    with count_queries() as queries:
        assert client.get("/admin/users/").status_code == 200
    assert len(queries) <= 6, queries


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_fast_date_formats_match_babel(app, lang):
    import random
    from datetime import UTC, datetime

    import flask_babel
    from flask import session

    from kbb.core.i18n import _FAST, _format

    rng = random.Random(7)
    with app.test_request_context():
        session["lang"] = lang
        flask_babel.refresh()
        for _ in range(200):
            moment = datetime(
                2026,
                rng.randint(1, 12),
                rng.randint(1, 28),
                rng.randint(0, 23),
                rng.randint(0, 59),
                tzinfo=UTC,
            )
            for fmt in _FAST:
                assert _format(moment, fmt) == flask_babel.format_datetime(moment, fmt)
                if "HH" not in fmt:
                    assert _format(moment.date(), fmt) == flask_babel.format_date(
                        moment.date(), fmt
                    )


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_fast_numbers_match_babel(app, lang):
    import flask_babel
    from flask import session

    from kbb.core.i18n import number_filter

    with app.test_request_context():
        session["lang"] = lang
        flask_babel.refresh()
        for value in (0, 7, -7, 999, 1000, 12345, -1234567, 10**12):
            assert number_filter(value) == flask_babel.format_decimal(value, "#,##0")
        assert number_filter(1234.56, 1) == flask_babel.format_decimal(1234.56, "#,##0.0")


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_template_gettext_matches_babel(app, lang):
    """Templates translate through a per-language cache: same text, escaping and %-rules."""
    import flask_babel
    from flask import render_template_string, session

    source = (
        "{{ _('Destek talepleri') }}|{{ _('%(n)s <b>', n='<i>') }}|{{ _('100%% hazır') }}"
        "|{{ gettext('Ara') }}|{% trans %}Ara{% endtrans %}"
        "|{{ ngettext('%(num)s okunmamış', '%(num)s okunmamış', 3) }}"
    )
    with app.test_request_context():
        session["lang"] = lang
        flask_babel.refresh()
        rendered = [render_template_string(source) for _ in range(2)]  # cold, then cached
        t = flask_babel.gettext
        expected = "|".join(
            [
                t("Destek talepleri"),
                t("%(n)s <b>") % {"n": "&lt;i&gt;"},  # the text is trusted, values escaped
                "100% hazır",
                t("Ara"),
                t("Ara"),
                flask_babel.ngettext("%(num)s okunmamış", "%(num)s okunmamış", 3),
            ]
        )
    assert rendered == [expected, expected]
    if lang == "en":
        assert rendered[0].startswith("Support requests|")


@pytest.mark.parametrize(("lang", "message"), [("tr", "Bu alan zorunludur."), ("en", None)])
def test_form_messages_follow_the_language_on_every_request(app, monkeypatch, lang, message):
    """WTForms' own messages come from a catalog loaded once per language, not per request."""
    from flask import request, session
    from flask_wtf import FlaskForm
    from wtforms import StringField
    from wtforms.validators import InputRequired

    from kbb.core import i18n

    class Probe(FlaskForm):
        name = StringField("Ad", validators=[InputRequired()])

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    seen = []
    for _ in range(2):
        with app.test_request_context(method="POST", data={}):
            session["lang"] = lang
            app.preprocess_request()
            # the catalog parsed once for the language, handed to Flask-WTF per request
            assert request.wtforms_translations is i18n.wtforms_translations(lang)
            form = Probe()
            form.validate()
            seen.append(form.name.errors[0])
    assert seen[0] == seen[1] == (message or "This field is required.")


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_template_filters_take_the_language_of_the_render(app, lang):
    from datetime import date

    import flask_babel
    from flask import render_template_string, session

    with app.test_request_context():
        session["lang"] = lang
        flask_babel.refresh()
        page = render_template_string(
            "{{ d|date }}|{{ d|date('d MMM y') }}|{{ n|number }}", d=date(2026, 11, 28), n=12345
        )
        imported = render_template_string(  # macros imported without context still work
            "{% from '_macros/forms.html' import total %}{{ d|date }}", d=date(2026, 2, 1)
        )
    expected = {
        "tr": ("28 Kasım 2026|28 Kas 2026|12.345", "1 Şubat 2026"),
        "en": ("28 November 2026|28 Nov 2026|12,345", "1 February 2026"),
    }[lang]
    assert (page, imported) == expected


def test_request_language_does_not_outlive_its_request(app, client, world):
    from kbb.core.i18n import current_language

    client.login("personel")
    client.post_form("/lang", {"lang": "en", "next": "/"})
    assert "Support requests" in client.get("/tickets/").get_data(as_text=True)
    with app.test_request_context():  # a new request without a choice: Turkish
        assert current_language() == "tr"
    # the next request in this thread comes from someone who chose nothing: Turkish
    stranger = app.test_client()
    assert 'lang="tr"' in stranger.get("/auth/login").get_data(as_text=True)
    assert "Support requests" in client.get("/tickets/").get_data(as_text=True)


def test_lazy_texts_follow_each_requests_language(app):
    import flask_babel
    from flask import session

    from kbb.core.i18n import lazy_gettext

    label = lazy_gettext("Durum")
    seen = []
    for lang in ("en", "tr", "en"):
        with app.test_request_context():
            session["lang"] = lang
            flask_babel.refresh()
            seen.append(str(label))  # outside a request's start: Flask-Babel's answer
            app.preprocess_request()
            seen.append(str(label))  # as views see it: the language set at the start
    assert seen == ["Status", "Status", "Durum", "Durum", "Status", "Status"]


def test_id_urls_match_url_for(app):
    from flask import url_for

    from kbb.core.pagination import MAX_ID, id_urls

    with app.test_request_context():
        detail = id_urls("tickets.detail", "ticket_id")
        files = id_urls("tickets.assign_me", "ticket_id")
        for ticket_id in (1, 7, 12345, MAX_ID):
            assert detail(ticket_id) == url_for("tickets.detail", ticket_id=ticket_id)
            assert files(ticket_id) == url_for("tickets.assign_me", ticket_id=ticket_id)


def test_database_connections_are_set_up(app):
    from kbb.extensions import db

    with db.engine.connect() as conn:
        run = conn.exec_driver_sql
        if db.engine.dialect.name == "sqlite":
            assert run("PRAGMA foreign_keys").scalar() == 1
            assert run("PRAGMA journal_mode").scalar() == "wal"
            assert run("PRAGMA cache_size").scalar() == -32000
        else:  # the Turkish order needs PostgreSQL's ICU collation
            found = run("SELECT 1 FROM pg_collation WHERE collname = 'tr-TR-x-icu'").scalar()
            assert found == 1


@pytest.mark.parametrize(("lang", "small"), [("tr", "50 bayt"), ("en", "50 bytes")])
def test_file_sizes(app, lang, small):
    import flask_babel
    from flask import session

    from kbb.core.i18n import filesize

    with app.test_request_context():
        session["lang"] = lang
        flask_babel.refresh()
        assert filesize(50) == small
        assert filesize(2048) == "2 KB"
        assert filesize(int(1.25 * 1024 * 1024)) == ("1,2 MB" if lang == "tr" else "1.2 MB")
