"""Area-free routes: health check and the language switch."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, request, session, url_for
from sqlalchemy import text

from kbb.core import bp
from kbb.core.i18n import referrer_path, safe_next
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
