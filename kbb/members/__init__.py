"""Member municipalities, their people and contacts."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")
