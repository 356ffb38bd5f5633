"""Dashboard."""

from __future__ import annotations

from flask_login import current_user

from kbb.core.htmx import render
from kbb.dashboard import bp
from kbb.tickets import services as tickets


@bp.get("/")
def index():
    """Start page: what needs the user's attention, by role."""
    user = current_user._get_current_object()
    return render(
        "dashboard/index.html",
        user=user,
        ticket_counts=tickets.dashboard_counts(user),
        open_tickets=tickets.recent_open(user) if user.is_member else [],
    )
