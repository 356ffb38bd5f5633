"""Demo data of the members area (called by `flask --app kbb seed-demo`)."""

from __future__ import annotations


def seed() -> int:
    """Add sample contacts and people; returns how many records were added (idempotent)."""
    return 0
