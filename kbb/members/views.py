"""Member directory views."""

from __future__ import annotations

from kbb.core.htmx import render
from kbb.core.text import turkish
from kbb.extensions import db
from kbb.members import bp
from kbb.members.models import Municipality


@bp.get("/")
def index():
    """The member municipalities."""
    municipalities = db.session.scalars(
        db.select(Municipality).order_by(turkish(Municipality.name))
    ).all()
    return render("members/index.html", municipalities=municipalities)
