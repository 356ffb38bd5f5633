"""Who may change the member directory: named rules for views and templates.

The directory itself is readable by every signed-in user, so refusing is 403 (not a hiding 404).
A member user keeps their own municipality's contact details (phone, e-mail, address, website)
and its contact persons up to date; the mayor, deputy mayors, council members and staff entries
and everything else are kept by the Union's staff.
"""

from __future__ import annotations

from kbb.auth.permissions import is_member_user, is_staff, predicate
from kbb.members.models import Municipality, Person, PersonRole


@predicate
def can_manage_members(user) -> bool:
    """Create municipalities, edit every field, record membership, export (staff, admin)."""
    return is_staff(user)


def _own(user, municipality_id: int | None) -> bool:
    return bool(
        is_member_user(user)
        and municipality_id is not None
        and user.municipality_id == municipality_id
    )


@predicate
def can_edit_municipality(user, municipality: Municipality) -> bool:
    """Staff: every field; a member user: their own municipality's contact details only."""
    return is_staff(user) or _own(user, municipality.id)


@predicate
def can_edit_contacts(user, municipality: Municipality) -> bool:
    """Add contact persons to this municipality."""
    return is_staff(user) or _own(user, municipality.id)


@predicate
def can_edit_person(user, person: Person) -> bool:
    """Staff: anyone; a member user: their own municipality's contact persons."""
    if is_staff(user):
        return True
    return _own(user, person.municipality_id) and person.role == PersonRole.CONTACT


@predicate
def can_see_municipality_users(user, municipality: Municipality) -> bool:
    """The user accounts of a municipality are shown to the Union's staff."""
    return is_staff(user)
