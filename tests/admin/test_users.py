"""User management by admins: list, create, edit, deactivate, reset, delete; the audit log."""

import re

import pytest

from kbb.auth.models import Role, User
from kbb.core.audit import AuditLog
from kbb.extensions import db


def users_named(client, **params):
    html = client.get("/admin/users/", query_string=params).get_data(as_text=True)
    return {u for u in ("admin", "personel", "selcuklu", "meram") if f">{u}</a>" in html}


def test_list_search_and_filters(client, world):
    client.login("admin")
    assert users_named(client) == {"admin", "personel", "selcuklu", "meram"}
    assert users_named(client, q="SELÇUK") == {"selcuklu"}
    assert users_named(client, q="zeynep") == {"meram"}
    assert users_named(client, role="member") == {"selcuklu", "meram"}
    assert users_named(client, municipality=world["meram"].id) == {"meram"}
    world["other_member"].active = False
    db.session.commit()
    assert users_named(client, active="0") == {"meram"}
    assert users_named(client, active="1", role="member") == {"selcuklu"}


def test_live_search_returns_a_fragment(client, world):
    client.login("admin")
    response = client.htmx("/admin/users/?q=ayse")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "personel" in html and ">admin</a>" not in html
    assert "HX-Request" in response.headers["Vary"]
    full = client.get("/admin/users/?q=ayse", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in full.get_data(as_text=True)


def test_create_member_user_gets_a_one_time_password(client, world):
    client.login("admin")
    response = client.post_form(
        "/admin/users/new",
        {
            "username": "Yeni.Kullanici",
            "full_name": "Yeni  Kullanıcı",
            "email": "y@example.org",
            "role": "member",
            "municipality_id": world["meram"].id,
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "tek kullanımlık geçici parola" in html
    user = db.session.scalar(db.select(User).where(User.username == "yeni.kullanici"))
    assert user.full_name == "Yeni Kullanıcı"
    assert user.municipality_id == world["meram"].id and user.must_change_password
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "user.create"))
    assert entry.changes["role"] == [None, "member"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "member", "municipality_id": ""}, "Belediye kullanıcısı için bir belediye seçin"),
        ({"role": "staff", "municipality_id": "MERAM"}, "Yalnızca belediye kullanıcılarına"),
        ({"username": "admin"}, "zaten kullanılıyor"),
        ({"username": "ali veli"}, "yalnızca küçük harf"),
        ({"email": "not-an-email"}, "Geçerli bir e-posta"),
        ({"role": "superuser"}, "Geçerli bir seçenek değil"),
    ],
)
def test_create_validation(client, world, data, message):
    client.login("admin")
    form = {
        "username": "yeni",
        "full_name": "Yeni",
        "email": "",
        "role": "staff",
        "municipality_id": "",
    }
    form.update(data)
    if form["municipality_id"] == "MERAM":
        form["municipality_id"] = world["meram"].id
    response = client.post_form("/admin/users/new", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_edit_user_records_old_and_new(client, world):
    client.login("admin")
    staff = world["staff"]
    response = client.post_form(
        f"/admin/users/{staff.id}/edit",
        {
            "username": "ignored",
            "full_name": "Ayşe Yeni",
            "email": "ayse@example.org",
            "role": "admin",
            "municipality_id": "",
        },
    )
    assert response.status_code == 303
    user = db.session.get(User, staff.id)
    assert user.username == "personel" and user.role == Role.ADMIN
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "user.update"))
    assert entry.changes["role"] == ["staff", "admin"]
    assert entry.changes["full_name"] == ["Ayşe Personel", "Ayşe Yeni"]


def test_cannot_demote_self_or_last_admin(client, world):
    client.login("admin")
    admin = world["admin"]
    response = client.post_form(
        f"/admin/users/{admin.id}/edit",
        {"full_name": "Ali", "email": "", "role": "staff", "municipality_id": ""},
    )
    assert response.status_code == 422
    assert "Kendi yönetici yetkinizi" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).role == Role.ADMIN


def test_deactivate_rules(client, world):
    client.login("admin")
    response = client.post_form(
        f"/admin/users/{world['admin'].id}/deactivate", follow_redirects=True
    )
    assert "Kendi hesabınızı pasifleştiremezsiniz" in response.get_data(as_text=True)
    assert db.session.get(User, world["admin"].id).active
    response = client.post_form(f"/admin/users/{world['staff'].id}/deactivate")
    assert response.status_code == 303
    assert not db.session.get(User, world["staff"].id).active
    client.post_form(f"/admin/users/{world['staff'].id}/activate")
    assert db.session.get(User, world["staff"].id).active


def test_last_admin_cannot_be_deactivated(app, make_user):
    from kbb.admin import services

    only = make_user("tek", Role.ADMIN)
    other = make_user("iki", Role.ADMIN)
    services.set_active(other, False, only)
    with pytest.raises(services.RuleError, match="Son etkin yönetici"):
        services.set_active(only, False, other)


def test_deactivated_user_session_ends(app, world):
    member = app.test_client()
    member.login("selcuklu")
    assert member.get("/").status_code == 200
    admin = app.test_client()
    admin.login("admin")
    admin.post_form(f"/admin/users/{world['member'].id}/deactivate")
    assert member.get("/").status_code == 302


def test_reset_password_forces_change(app, client, world):
    client.login("admin")
    response = client.post_form(f"/admin/users/{world['staff'].id}/reset-password")
    html = response.get_data(as_text=True)
    import re

    password = re.search(r'id="temporary-password"><code>([^<]+)</code>', html).group(1)
    user_client = app.test_client()
    response = user_client.login("personel", password)
    assert response.headers["Location"] == "/auth/password"
    assert user_client.get("/").headers["Location"] == "/auth/password"


def test_delete_only_without_history(client, world, make_user):
    fresh = make_user("yanlislikla", Role.STAFF)
    db.session.add(AuditLog(actor_id=world["other_member"].id, action="auth.login"))
    db.session.commit()
    client.login("admin")
    response = client.post_form(
        f"/admin/users/{world['other_member'].id}/delete", follow_redirects=True
    )
    assert "geçmişi var; silinemez" in response.get_data(as_text=True)
    assert db.session.get(User, world["other_member"].id) is not None
    fresh_id = fresh.id
    response = client.post_form(f"/admin/users/{fresh_id}/delete")
    assert response.status_code == 303
    assert db.session.get(User, fresh_id) is None


def test_audit_log_filters(client, world):
    client.login("admin")
    client.post_form(f"/admin/users/{world['staff'].id}/deactivate")
    html = client.get("/admin/audit/", query_string={"action": "user.deactivate"}).get_data(
        as_text=True
    )
    assert "user.deactivate" in html and "auth.login</code>" not in html
    html = client.get("/admin/audit/", query_string={"user": world["admin"].id}).get_data(
        as_text=True
    )
    assert "auth.login" in html
    html = client.get("/admin/audit/", query_string={"from": "2001-01-01", "to": "2001-01-02"})
    assert "Bu ölçütlere uyan kayıt yok" in html.get_data(as_text=True)
    assert client.get("/admin/audit/?from=bozuk-tarih").status_code == 200


def test_inline_toggle_returns_the_row(client, world):
    client.login("admin")
    staff_id = world["staff"].id
    response = client.post(
        f"/admin/users/{staff_id}/deactivate",
        headers={
            "HX-Request": "true",
            "HX-Target": f"user-{staff_id}",
            "X-CSRFToken": client.csrf_token(),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.strip().startswith(f'<tr id="user-{staff_id}"') and "Etkinleştir" in html
    assert not db.session.get(User, staff_id).active


def test_inline_toggle_rule_error_is_a_message_fragment(client, world, make_user):
    client.login("admin")
    admin_id = world["admin"].id
    response = client.post(
        f"/admin/users/{admin_id}/deactivate",
        headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#messages"
    assert "Kendi hesabınızı pasifleştiremezsiniz" in response.get_data(as_text=True)


def test_htmx_post_without_token_is_refused(client, world):
    client.login("admin")
    response = client.post(
        f"/admin/users/{world['staff'].id}/deactivate", headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert db.session.get(User, world["staff"].id).active


def test_dangerous_buttons_confirm_on_their_form(client, world):
    """htmx asks before a boosted form's request only when hx-confirm is on the form."""
    client.login("admin")
    page = client.get(f"/admin/users/{world['staff'].id}").get_data(as_text=True)
    forms = re.findall(r"<form [^>]*>", page)
    assert any("user_deactivate" in f or "/deactivate" in f for f in forms)
    for form in forms:
        if "/deactivate" in form or "/delete" in form or "/reset-password" in form:
            assert "hx-confirm=" in form, form
    assert "<button" in page and not re.search(r"<button[^>]*hx-confirm", page)
