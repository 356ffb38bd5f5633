"""Who may do what with a support request: named predicates for views and templates."""

from __future__ import annotations

from datetime import datetime, timedelta

from kbb.auth.permissions import is_staff, predicate
from kbb.core.models import utcnow
from kbb.tickets.models import OPEN_STATUSES, Status

REOPEN_DAYS = 30


@predicate
def can_work_tickets(user) -> bool:
    """Union staff triage, assign, answer and write internal notes."""
    return is_staff(user)


@predicate
def can_open_ticket(user) -> bool:
    """Member users open requests for their municipality; staff on a municipality's behalf."""
    return bool(user.is_authenticated and (user.is_staff or user.municipality_id))


@predicate
def can_see_ticket(user, ticket) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_staff or (user.is_member and ticket.municipality_id == user.municipality_id))
    )


@predicate
def can_reply(user, ticket) -> bool:
    if not can_see_ticket(user, ticket):
        return False
    if user.is_staff:
        return ticket.status != Status.CLOSED
    return ticket.status in OPEN_STATUSES


@predicate
def can_close_ticket(user, ticket) -> bool:
    return can_see_ticket(user, ticket) and ticket.status != Status.CLOSED


@predicate
def can_reopen_ticket(user, ticket, now: datetime | None = None) -> bool:
    """Reopen from Çözüldü: staff at any time, the municipality within 30 days."""
    if not can_see_ticket(user, ticket) or ticket.status != Status.RESOLVED:
        return False
    if user.is_staff:
        return True
    resolved = ticket.resolved_at
    return resolved is not None and (now or utcnow()) - resolved <= timedelta(days=REOPEN_DAYS)


@predicate
def can_rate_ticket(user, ticket) -> bool:
    """The municipality rates the answer once it is resolved (or closed after resolution)."""
    return bool(
        can_see_ticket(user, ticket)
        and user.is_member
        and ticket.status in (Status.RESOLVED, Status.CLOSED)
        and ticket.resolved_at is not None
        and ticket.rating is None
    )
