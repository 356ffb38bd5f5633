"""Who may do what: named predicates shared by views (decorators) and templates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kbb.core.htmx import hx_redirect, is_htmx
from kbb.extensions import login_manager

PREDICATES: dict[str, Callable[..., bool]] = {}


def predicate(fn: Callable[..., bool]) -> Callable[..., bool]:
    """Register a named permission rule; templates call it by the same name."""
    PREDICATES[fn.__name__] = fn
    return fn


@predicate
def is_staff(user) -> bool:
    """Union personnel or admin."""
    return bool(user.is_authenticated and user.is_staff)


@predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_admin)


@predicate
def is_member_user(user) -> bool:
    return bool(user.is_authenticated and user.is_member)


@predicate
def can_manage_users(user) -> bool:
    return is_admin(user)


@predicate
def can_read_audit_log(user) -> bool:
    return is_admin(user)


def require(rule: Callable[..., bool]):
    """View decorator: 403 unless ``rule(current_user)`` holds (login is checked before)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not rule(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_rule = rule.__name__
        return wrapped

    return decorator


staff_required = require(is_staff)
admin_required = require(is_admin)

ALLOWED_WHILE_PASSWORD_EXPIRED = {"auth.change_password", "auth.logout", "core.set_language"}


def enforce_login():
    """before_request: every view needs a session unless marked @public."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in (
        ALLOWED_WHILE_PASSWORD_EXPIRED
    ):
        target = url_for("auth.change_password")
        return hx_redirect(target) if is_htmx() else redirect(target)
    return None


@login_manager.unauthorized_handler
def unauthorized():
    """No session: a page goes to the login form; an htmx request is told to go there."""
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        return hx_redirect(url_for("auth.login"))
    flash(_("Devam etmek için giriş yapın."), "info")
    return redirect(target)


def init_app(app) -> None:
    app.before_request(enforce_login)

    @app.context_processor
    def inject_predicates():
        return dict(PREDICATES)
