"""Login, logout and password change."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from kbb.auth import bp, services
from kbb.auth.forms import ChangePasswordForm, LoginForm
from kbb.core import audit
from kbb.core.htmx import render
from kbb.core.i18n import safe_next
from kbb.core.security import public
from kbb.extensions import db, limiter


def _login_limit() -> str:
    return current_app.config["KBB_LOGIN_RATE_LIMIT"]


def _username_key() -> str:
    return "login-user:" + services.normalise_username(request.form.get("username", ""))[:40]


def _start_session(user) -> None:
    """A fresh session at login: nothing from before (CSRF token included) carries over."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_username_key)
def login():
    """The login form; on success a new session and back to where the user was going."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = services.attempt_login(form.username.data, form.password.data)
        db.session.commit()
        if result.user is not None:
            _start_session(result.user)
            if result.user.must_change_password:
                flash(_("Geçici parolanızı değiştirmeniz gerekiyor."), "warning")
                return redirect(url_for("auth.change_password"), 303)
            target = safe_next(request.args.get("next")) or url_for("dashboard.index")
            return redirect(target, 303)
        error = result.error
    status = 422 if request.method == "POST" else 200
    return render("auth/login.html", form=form, error=error, status=status)


@bp.errorhandler(429)
def too_many_attempts(_error):
    """Throttled login: the form again with a clear message."""
    form = LoginForm()
    error = _("Çok fazla giriş denemesi yapıldı. Lütfen bir dakika bekleyip yeniden deneyin.")
    return render("auth/login.html", form=form, error=error, status=429)


@bp.post("/logout")
def logout():
    """End the session (POST only, with CSRF)."""
    audit.record("auth.logout", current_user._get_current_object())
    db.session.commit()
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Oturumunuz kapatıldı."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Change one's own password (forced after an admin reset)."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(user)
    if form.validate_on_submit():
        services.set_password(user, form.new_password.data)
        audit.record("auth.password_changed", user)
        db.session.commit()
        login_user(user)  # the session token changed: keep this session, end the others
        flash(_("Parolanız değiştirildi."), "success")
        return redirect(url_for("dashboard.index"), 303)
    status = 422 if request.method == "POST" else 200
    return render("auth/password.html", form=form, status=status)
