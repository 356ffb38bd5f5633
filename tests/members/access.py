"""Role x route entries of the members area (collected by tests/test_access.py)."""

from tests.access import Case, admin_only, everyone, staff_only  # noqa: F401

CASES: list[Case] = [
    Case("members.index", "GET", lambda w: "/members/", everyone(200)),
]
