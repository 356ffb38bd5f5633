"""Building blocks of the role x route table (tests/test_access.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("anon", "member", "staff", "admin")
LOGIN = {"member": "selcuklu", "staff": "personel", "admin": "admin"}


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    url: Callable[[dict], str]
    expect: dict[str, int]
    data: Callable[[dict], dict] | None = None
    # Creates what the URL needs (a person, a ticket...) and stores it in the world dict.
    setup: Callable[[dict], None] | None = None


def everyone(code: int, anon: int = 302) -> dict[str, int]:
    return {"anon": anon, "member": code, "staff": code, "admin": code}


def admin_only(code: int) -> dict[str, int]:
    return {"anon": 302, "member": 403, "staff": 403, "admin": code}


def staff_only(code: int) -> dict[str, int]:
    return {"anon": 302, "member": 403, "staff": code, "admin": code}


def target(w) -> int:
    return w["other_member"].id
