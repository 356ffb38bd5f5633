"""Role x route entries of the tickets area (collected by tests/test_access.py)."""

from tests.access import Case, admin_only, everyone, staff_only  # noqa: F401

CASES: list[Case] = []
