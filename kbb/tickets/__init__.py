"""Technical, legal and project support requests from municipalities to the Union."""

from flask import Blueprint

bp = Blueprint("tickets", __name__, url_prefix="/tickets")
