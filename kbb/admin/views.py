"""User management and the audit log viewer (admins only)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kbb.admin import bp, services
from kbb.admin.forms import UserForm
from kbb.auth.models import ROLE_LABELS, Role, User
from kbb.auth.permissions import admin_required
from kbb.core.errors import error_response
from kbb.core.htmx import render, wants_fragment
from kbb.core.pagination import paginate
from kbb.extensions import db
from kbb.members.services import municipality_choices


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/users/")
@admin_required
def users():
    """Users with live search and filters (role, municipality, active)."""
    filters = {
        "q": request.args.get("q", "").strip()[:100],
        "role": request.args.get("role", ""),
        "municipality_id": request.args.get("municipality", type=int),
        "active": request.args.get("active", ""),
    }
    pagination = paginate(services.user_query(**filters))
    return render(
        "admin/users.html",
        block="results",
        pagination=pagination,
        filters=filters,
        roles=ROLE_LABELS,
        municipalities=municipality_choices(only_active=False),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    """Create a user; the one-time password is shown once."""
    form = UserForm()
    if form.validate_on_submit():
        user, password = services.create_user(form, current_user)
        db.session.commit()
        return render("admin/password_shown.html", user=user, password=password, created=True)
    status = 422 if request.method == "POST" else 200
    return render("admin/user_form.html", form=form, user=None, status=status)


@bp.get("/users/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    """A user's account, actions and recent audit entries."""
    user = get_user_or_404(user_id)
    recent = db.session.scalars(
        services.audit_query()
        .where(
            (services.AuditLog.actor_id == user.id)
            | ((services.AuditLog.target_type == "User") & (services.AuditLog.target_id == user.id))
        )
        .limit(20)
    ).all()
    return render(
        "admin/user_detail.html",
        user=user,
        recent=recent,
        action_form=FlaskForm(),
        can_delete=not services.has_history(user),
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Edit name, e-mail, role and municipality."""
    user = get_user_or_404(user_id)
    form = UserForm(obj=user, editing=user)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            changes = services.update_user(user, form, current_user)
        except services.RuleError as exc:
            db.session.rollback()
            form.role.errors = [*form.role.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("Kullanıcı güncellendi.") if changes else _("Değişiklik yok."), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("admin/user_form.html", form=form, user=user, status=status)


def _rule_action(user_id: int, action) -> object:
    """Run a POST action: a broken rule is a message (a fragment for htmx), never a 500."""
    form = FlaskForm()
    user = get_user_or_404(user_id)
    if not form.validate_on_submit():
        abort(400)
    try:
        result = action(user)
    except services.RuleError as exc:
        db.session.rollback()
        if wants_fragment():
            return error_response(409, str(exc))
        flash(str(exc), "error")
        return redirect(url_for("admin.user_detail", user_id=user.id), 303)
    db.session.commit()
    return result


def _after_toggle(user: User, message: str):
    """The list row for an inline htmx toggle, the detail page otherwise."""
    if wants_fragment():
        return render("admin/users.html", block="user_row", u=user)
    flash(message, "success")
    return redirect(url_for("admin.user_detail", user_id=user.id), 303)


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def user_deactivate(user_id: int):
    """Deactivate (never yourself, never the last admin)."""

    def act(user):
        services.set_active(user, False, current_user)
        return _after_toggle(user, _("%(name)s pasifleştirildi.", name=user.username))

    return _rule_action(user_id, act)


@bp.post("/users/<int:user_id>/activate")
@admin_required
def user_activate(user_id: int):
    """Activate a deactivated user again."""

    def act(user):
        services.set_active(user, True, current_user)
        return _after_toggle(user, _("%(name)s yeniden etkinleştirildi.", name=user.username))

    return _rule_action(user_id, act)


@bp.post("/users/<int:user_id>/reset-password")
@admin_required
def user_reset_password(user_id: int):
    """Give a one-time temporary password that must be changed at next login."""

    def act(user):
        password = services.reset_password(user, current_user)
        return user, password

    result = _rule_action(user_id, act)
    if not isinstance(result, tuple):
        return result
    user, password = result
    return render("admin/password_shown.html", user=user, password=password, created=False)


@bp.post("/users/<int:user_id>/delete")
@admin_required
def user_delete(user_id: int):
    """Delete a user created by mistake (only without any history)."""

    def act(user):
        name = user.username
        services.delete_user(user, current_user)
        flash(_("%(name)s silindi.", name=name), "success")
        return redirect(url_for("admin.users"), 303)

    return _rule_action(user_id, act)


@bp.get("/audit/")
@admin_required
def audit():
    """The audit log, filtered by user, action and dates."""
    filters = {
        "actor_id": request.args.get("user", type=int),
        "action": request.args.get("action", "")[:60],
        "start": _date_arg("from"),
        "end": _date_arg("to"),
    }
    pagination = paginate(
        services.audit_query(**filters).options(db.selectinload(services.AuditLog.actor)),
        per_page=50,
    )
    users = db.session.execute(db.select(User.id, User.username).order_by(User.username)).all()
    return render(
        "admin/audit.html",
        block="results",
        pagination=pagination,
        filters=filters,
        actions=services.audit_actions(),
        users=users,
        Role=Role,
    )
