"""Dashboard."""

from __future__ import annotations

from flask_login import current_user

from kbb.core.htmx import render
from kbb.dashboard import bp


@bp.get("/")
def index():
    """Start page: what needs the user's attention, by role."""
    return render("dashboard/index.html", user=current_user)
