"""Login, lockout, throttling, logout, password change, session rotation."""

from datetime import timedelta

import pytest

from kbb.auth.models import Role, User
from kbb.auth.services import password_problems
from kbb.core.audit import AuditLog
from kbb.core.models import utcnow
from kbb.extensions import db
from tests.conftest import PASSWORD


def actions():
    return [e.action for e in db.session.scalars(db.select(AuditLog).order_by(AuditLog.id))]


def test_login_page_is_turkish_with_labels(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="tr"' in html
    assert '<label for="username"' in html and '<label for="password"' in html
    assert 'name="csrf_token"' in html


@pytest.mark.parametrize("username", ["admin", "personel", "selcuklu", "meram"])
def test_each_role_logs_in_and_sees_dashboard(client, world, username):
    response = client.login(username)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert "Hoş geldiniz" in html
    assert ("Kullanıcılar" in html) == (username == "admin")
    assert "Üye belediyeler" in html


def test_login_is_case_insensitive_on_username(client, world):
    assert client.login("ADMIN").status_code == 303


def test_wrong_password_is_refused_and_audited(client, world):
    response = client.login("admin", "yanlis-parola-00")
    assert response.status_code == 422
    assert "Kullanıcı adı ya da parola hatalı" in response.get_data(as_text=True)
    assert "auth.login_failed" in actions()
    assert db.session.get(User, world["admin"].id).failed_logins == 1


def test_unknown_user_is_refused_with_the_same_message(client, world):
    response = client.login("kimse", "bir-parola-123")
    assert "Kullanıcı adı ya da parola hatalı" in response.get_data(as_text=True)
    entry = db.session.scalars(db.select(AuditLog)).one()
    assert entry.action == "auth.login_failed" and entry.actor_name == "kimse"


def test_success_is_audited_and_sets_last_login(client, world):
    client.login("personel")
    assert "auth.login" in actions()
    assert db.session.get(User, world["staff"].id).last_login_at is not None


def test_inactive_user_cannot_log_in(client, world):
    world["staff"].active = False
    db.session.commit()
    response = client.login("personel")
    assert response.status_code == 422
    assert "pasif" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_lockout_after_repeated_failures(app, client, world):
    for _ in range(app.config["KBB_LOCKOUT_ATTEMPTS"]):
        client.login("personel", "yanlis-parola-00")
    response = client.login("personel")  # even the right password is refused now
    assert response.status_code == 422
    assert "kilitlendi" in response.get_data(as_text=True)
    assert "auth.locked" in actions()
    user = db.session.get(User, world["staff"].id)
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.login("personel").status_code == 303


@pytest.fixture
def strict_limit(app):
    app.config["KBB_LOGIN_RATE_LIMIT"] = "3 per minute"
    yield
    app.config["KBB_LOGIN_RATE_LIMIT"] = "10 per minute"


def test_throttling_per_username_across_addresses(client, world, strict_limit):
    responses = [
        client.login("kimse", "yanlis-parola-00", environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
        for i in range(4)
    ]
    assert [r.status_code for r in responses] == [422, 422, 422, 429]
    assert "Çok fazla giriş denemesi" in responses[3].get_data(as_text=True)


def test_throttling_per_address_across_usernames(client, world, strict_limit):
    codes = [client.login(f"kimse{i}", "yanlis-parola-00").status_code for i in range(4)]
    assert codes == [422, 422, 422, 429]


def test_session_is_rotated_at_login(client, world):
    client.get("/auth/login")
    before = client.get_cookie("kbb_session").value
    client.login("personel")
    after = client.get_cookie("kbb_session").value
    assert before != after
    with client.session_transaction() as session:
        assert "_user_id" in session


def test_logout_is_post_only_and_ends_session(client, world):
    client.login("personel")
    assert client.get("/auth/logout").status_code == 405
    response = client.logout()
    assert response.status_code == 303
    assert client.get("/").status_code == 302
    assert "auth.logout" in actions()


def test_redirect_to_next_after_login_but_not_offsite(client, world):
    response = client.get("/admin/users/")
    assert response.status_code == 302 and "next=/admin/users/" in response.headers["Location"]
    response = client.post_form(
        "/auth/login?next=/admin/users/", {"username": "admin", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/users/"
    client.logout()
    response = client.post_form(
        "/auth/login?next=https://evil.example/", {"username": "admin", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_htmx_request_without_session_gets_hx_redirect(client, world):
    response = client.get("/admin/users/?q=a", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/auth/login"
    assert "<html" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("kisa", False),
        ("personel", False),
        ("PERSONEL", False),
        ("          ", False),
        ("uzun-ve-iyi-parola", True),
    ],
)
def test_password_policy(password, ok):
    assert (not password_problems(password, "personel")) == ok


def test_change_password(client, world):
    client.login("personel")
    response = client.post_form(
        "/auth/password",
        {
            "current_password": PASSWORD,
            "new_password": "Yeni-Parola-456",
            "confirm": "Yeni-Parola-456",
        },
    )
    assert response.status_code == 303
    assert client.get("/").status_code == 200  # this session survives
    client.logout()
    assert client.login("personel").status_code == 422
    assert client.login("personel", "Yeni-Parola-456").status_code == 303


def test_change_password_errors_are_clear(client, world):
    client.login("personel")
    response = client.post_form(
        "/auth/password",
        {"current_password": "yanlis", "new_password": "kisa", "confirm": "baska"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Şu anki parola hatalı" in html
    assert "en az 10 karakter" in html
    assert "aynı değil" in html


def test_password_change_ends_other_sessions(app, world):
    first, second = app.test_client(), app.test_client()
    first.login("personel")
    second.login("personel")
    first.post_form(
        "/auth/password",
        {
            "current_password": PASSWORD,
            "new_password": "Yeni-Parola-456",
            "confirm": "Yeni-Parola-456",
        },
    )
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_must_change_password_is_enforced(client, world):
    world["member"].must_change_password = True
    db.session.commit()
    response = client.login("selcuklu")
    assert response.headers["Location"] == "/auth/password"
    assert client.get("/members/").headers["Location"] == "/auth/password"
    htmx = client.get("/members/", headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == "/auth/password"
    client.post_form(
        "/auth/password",
        {
            "current_password": PASSWORD,
            "new_password": "Yeni-Parola-456",
            "confirm": "Yeni-Parola-456",
        },
    )
    assert client.get("/members/").status_code == 200


def test_passwords_are_nfc_normalised(client, make_user):
    from kbb.auth.services import set_password

    user = make_user("nfc", Role.STAFF)
    set_password(user, "s\u0327ifre-parola-1")  # ş decomposed
    db.session.commit()
    assert client.login("nfc", "şifre-parola-1").status_code == 303


def test_password_hash_is_scrypt(world):
    assert world["admin"].password_hash.startswith("scrypt:")


def test_production_hashes_with_full_scrypt_cost(tmp_path):
    from kbb import create_app
    from kbb.auth.services import hash_password

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 40}
    )
    with app.app_context():
        assert hash_password("uzun-bir-parola-1").startswith("scrypt:32768:8:1$")
