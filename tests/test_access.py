"""Role x route table: every route of the app, what each role gets.

A new route without an entry fails test_every_route_is_in_the_table. Each area keeps its
entries in tests/<area>/access.py (a CASES list); codes: 302 = sent to the login page,
403 = refused, 404 = hidden, 2xx/303/422 = allowed.
"""

from __future__ import annotations

import pytest

from tests.access import LOGIN, ROLES, Case, admin_only, everyone, target
from tests.members.access import CASES as MEMBERS_CASES
from tests.tickets.access import CASES as TICKETS_CASES

CORE_CASES = [
    Case("core.healthz", "GET", lambda w: "/healthz", everyone(200, anon=200)),
    Case(
        "core.set_language",
        "POST",
        lambda w: "/lang",
        everyone(303, anon=303),
        lambda w: {"lang": "en"},
    ),
    Case("auth.login", "GET", lambda w: "/auth/login", everyone(302, anon=200)),
    Case(
        "auth.login",
        "POST",
        lambda w: "/auth/login",
        everyone(302, anon=422),
        lambda w: {"username": "x", "password": "y"},
    ),
    Case("auth.logout", "POST", lambda w: "/auth/logout", everyone(303)),
    Case("auth.change_password", "GET", lambda w: "/auth/password", everyone(200)),
    Case("auth.change_password", "POST", lambda w: "/auth/password", everyone(422)),
    Case("dashboard.index", "GET", lambda w: "/", everyone(200)),
    Case("admin.users", "GET", lambda w: "/admin/users/", admin_only(200)),
    Case("admin.user_new", "GET", lambda w: "/admin/users/new", admin_only(200)),
    Case("admin.user_new", "POST", lambda w: "/admin/users/new", admin_only(422)),
    Case("admin.user_detail", "GET", lambda w: f"/admin/users/{target(w)}", admin_only(200)),
    Case("admin.user_edit", "GET", lambda w: f"/admin/users/{target(w)}/edit", admin_only(200)),
    Case("admin.user_edit", "POST", lambda w: f"/admin/users/{target(w)}/edit", admin_only(303)),
    Case(
        "admin.user_deactivate",
        "POST",
        lambda w: f"/admin/users/{target(w)}/deactivate",
        admin_only(303),
    ),
    Case(
        "admin.user_activate",
        "POST",
        lambda w: f"/admin/users/{target(w)}/activate",
        admin_only(303),
    ),
    Case(
        "admin.user_reset_password",
        "POST",
        lambda w: f"/admin/users/{target(w)}/reset-password",
        admin_only(200),
    ),
    Case(
        "admin.user_delete", "POST", lambda w: f"/admin/users/{target(w)}/delete", admin_only(303)
    ),
    Case("admin.audit", "GET", lambda w: "/admin/audit/", admin_only(200)),
]


CASES = CORE_CASES + MEMBERS_CASES + TICKETS_CASES


def test_every_route_is_in_the_table(app):
    in_table = {(c.endpoint, c.method) for c in CASES}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in in_table:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes missing from the role x route table: " + ", ".join(missing)
    routes = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in r.methods}
    stale = in_table - routes
    assert not stale, f"table entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.endpoint}")
def test_role_route(client, world, case, role):
    if role != "anon":
        assert client.login(LOGIN[role]).status_code == 303
    if case.setup:
        case.setup(world)
    url = case.url(world)
    if case.method == "GET":
        response = client.get(url)
    else:
        data = case.data(world) if case.data else {}
        response = client.post_form(url, data)
    assert response.status_code == case.expect[role], (
        f"{role} {case.method} {url}: {response.status_code}"
    )
    if response.status_code == 302 and role == "anon":
        assert response.headers["Location"].startswith("/auth/login")
