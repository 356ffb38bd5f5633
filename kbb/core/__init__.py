"""Shared, area-free helpers: htmx rendering, pagination, Turkish text, audit log, security."""

from flask import Blueprint

bp = Blueprint("core", __name__)
