"""The start page, tailored to the role."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
