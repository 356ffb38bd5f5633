"""Area-free routes: health check and the language switch."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from kbb.core import bp
from kbb.core.htmx import render
from kbb.core.i18n import referrer_path, safe_next
from kbb.core.notify import Notification, mark_all_read, mark_read
from kbb.core.security import public
from kbb.extensions import db, limiter


@bp.get("/healthz")
@public
@limiter.exempt
def healthz():
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Health check: database did not answer")
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.post("/lang")
@public
def set_language():
    """Switch the interface language (tr/en) and go back where the user was."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["KBB_LANGUAGES"]:
        session["lang"] = lang
    target = safe_next(request.form.get("next")) or referrer_path() or url_for("dashboard.index")
    return redirect(target, 303)


@bp.get("/notifications/")
def notifications():
    """The user's notifications, newest first; opening the list marks them read."""
    user = current_user._get_current_object()
    items = db.session.scalars(
        db.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(100)
    ).all()
    unread_ids = {n.id for n in items if n.read_at is None}
    if getattr(user, "unread_at_load", None):  # the navigation's counter (see load_user)
        user.unread_at_load = max(user.unread_at_load - len(unread_ids), 0)
    # rendered before the commit (which would expire every item); new ones stay marked new
    response = render("notifications/index.html", items=items, unread_ids=unread_ids)
    if unread_ids:  # what was shown is now read (not what arrived meanwhile)
        mark_read(user, unread_ids)
        db.session.commit()
    return response


@bp.post("/notifications/read")
def notifications_read():
    """Mark every notification read."""
    mark_all_read(current_user._get_current_object())
    db.session.commit()
    return redirect(url_for("core.notifications"), 303)
