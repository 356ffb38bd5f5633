"""Member directory rules: plain functions over the session (the caller commits once).

Membership is a history of events (joined / left); ``Municipality.status``, ``joined_on``,
``left_on`` and ``active`` summarise it and change only through :func:`sync_membership`.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, or_

from kbb.core import audit, cache
from kbb.core.text import fold, matches, turkish
from kbb.core.workdays import local_today
from kbb.extensions import db
from kbb.members.models import (
    EventKind,
    MembershipEvent,
    MembershipStatus,
    Municipality,
    MunicipalityKind,
    Person,
    PersonRole,
)

MUNICIPALITY_FIELDS = (
    "name",
    "kind",
    "province",
    "district",
    "address",
    "phone",
    "email",
    "website",
    "population",
    "notes",
)
MEMBERSHIP_FIELDS = ("status", "joined_on", "left_on", "active")
PERSON_FIELDS = ("municipality_id", "role", "full_name", "title", "phone", "email", "active")

cache.invalidate_on(Municipality)  # municipality_options() is cached


class RuleError(Exception):
    """A request that breaks a rule; the message is shown to the user as it is."""


# Queries ------------------------------------------------------------------------------------


def municipality_query(q: str = "", kind: str = "", province: str = "", status: str = ""):
    """The directory, filtered, in Turkish alphabetical order, with each mayor loaded."""
    query = (
        db.select(Municipality)
        .options(db.selectinload(Municipality.mayors))
        .order_by(turkish(Municipality.name), Municipality.id)
    )
    if q:
        query = query.where(matches(Municipality.search_key, q))
    if kind in {k.value for k in MunicipalityKind}:
        query = query.where(Municipality.kind == MunicipalityKind(kind))
    if province:
        query = query.where(Municipality.province == province)
    if status in {s.value for s in MembershipStatus}:
        query = query.where(Municipality.status == MembershipStatus(status))
    return query


def province_choices() -> list[str]:
    """Provinces that have a municipality, in Turkish order (for the filter)."""
    query = (
        db.select(Municipality.province)
        .group_by(Municipality.province)  # not DISTINCT: PostgreSQL orders by an expression
        .order_by(turkish(Municipality.province))
    )
    return list(db.session.scalars(query))


def municipality_choices(*, only_active: bool = True) -> list[tuple[int, str]]:
    """(id, name) pairs in Turkish alphabetical order, for select fields of other areas."""
    query = db.select(Municipality.id, Municipality.name).order_by(turkish(Municipality.name))
    if only_active:
        query = query.where(Municipality.active.is_(True))
    return [(row.id, row.name) for row in db.session.execute(query)]


def municipality_options() -> tuple[tuple[int, str], ...]:
    """Every municipality as (id, name), for filter forms (cached briefly: core.cache)."""
    return cache.cached("municipalities", lambda: tuple(municipality_choices(only_active=False)))


def find_by_name(name: str) -> Municipality | None:
    """A municipality by name, Turkish-insensitively; "meram" finds "Meram Belediyesi"."""
    wanted = {fold(name), fold(f"{name} Belediyesi")}
    for municipality in db.session.scalars(db.select(Municipality)):
        if fold(municipality.name) in wanted:
            return municipality
    return None


def _is_referenced(table, row_id: int) -> bool:
    """Does any row of any table point at ``table``'s row ``row_id`` (other areas included)?"""
    checks = [
        exists().where(fk.parent == row_id)
        for other in db.metadata.tables.values()
        for fk in other.foreign_keys
        if fk.column.table is table
    ]
    if not checks:
        return False
    return bool(db.session.scalar(db.select(or_(*checks))))


def has_history(municipality: Municipality) -> bool:
    """Membership events, people, user accounts or any other area's record: never deleted."""
    if municipality.events or municipality.people or municipality.users:
        return True
    return _is_referenced(Municipality.__table__, municipality.id)


# Municipalities -----------------------------------------------------------------------------


def _apply(obj, form, fields) -> None:
    """Copy the form's values of ``fields`` onto ``obj`` (empty text is stored as "")."""
    for name in fields:
        value = form[name].data
        if name == "kind":
            value = MunicipalityKind(value)
        elif name == "role":
            value = PersonRole(value)
        elif value is None and name != "population":
            value = ""
        setattr(obj, name, value)


def create_municipality(form, actor) -> Municipality:
    """A new member municipality; with a joining date, its first membership event."""
    fields = [name for name in MUNICIPALITY_FIELDS if name in form]
    municipality = Municipality(status=MembershipStatus.MEMBER, active=True)
    _apply(municipality, form, fields)
    db.session.add(municipality)
    joined_on = form.joined_on.data if "joined_on" in form else None
    if joined_on:
        municipality.events.append(
            MembershipEvent(
                kind=EventKind.JOINED,
                effective_on=joined_on,
                decision_ref=form.decision_ref.data or "",
            )
        )
    sync_membership(municipality)
    db.session.flush()
    values = {name: getattr(municipality, name) for name in (*fields, *MEMBERSHIP_FIELDS)}
    audit.record(
        "municipality.create",
        municipality,
        {k: [None, audit._plain(v)] for k, v in values.items() if v not in (None, "")},
        actor=actor,
    )
    return municipality


def update_municipality(municipality: Municipality, form, actor) -> dict:
    """Apply an edit form (its FIELDS only); the audit log gets every old -> new value."""
    fields = [name for name in form.FIELDS if name in MUNICIPALITY_FIELDS]
    before = audit.snapshot(municipality, fields)
    _apply(municipality, form, fields)
    changes = audit.diff(municipality, before, fields)
    if changes:
        audit.record("municipality.update", municipality, changes, actor=actor)
    return changes


def delete_municipality(municipality: Municipality, actor) -> None:
    """Only a record without any history (entered by mistake) is deleted."""
    if has_history(municipality):
        raise RuleError(
            _("Bu belediyenin geçmişi var; silinemez. Bunun yerine üyeliğini sona erdirin.")
        )
    audit.record(
        "municipality.delete",
        municipality,
        {"name": [municipality.name, None], "province": [municipality.province, None]},
        actor=actor,
    )
    db.session.delete(municipality)


# Membership ---------------------------------------------------------------------------------


def sync_membership(municipality: Municipality) -> None:
    """Derive status, joined_on, left_on and active from the membership events."""
    events = sorted(
        municipality.events,
        key=lambda e: (e.effective_on, e.id if e.id is not None else float("inf")),
    )
    if events:
        last = events[-1]
        joins = [e.effective_on for e in events if e.kind == EventKind.JOINED]
        if last.kind == EventKind.LEFT:
            municipality.status = MembershipStatus.LEFT
            municipality.left_on = last.effective_on
            municipality.joined_on = joins[-1] if joins else None
        else:
            municipality.status = MembershipStatus.MEMBER
            municipality.joined_on = last.effective_on
            municipality.left_on = None
    municipality.active = municipality.status == MembershipStatus.MEMBER


def can_record_joining(municipality: Municipality) -> bool:
    """A municipality that left may rejoin; a member without a recorded joining may get one."""
    if municipality.status == MembershipStatus.LEFT:
        return True
    return municipality.joined_on is None and not municipality.events


def can_end_membership(municipality: Municipality) -> bool:
    return municipality.status == MembershipStatus.MEMBER


def _record_event(municipality, kind, effective_on, decision_ref, note, actor, action):
    if effective_on > local_today():
        raise RuleError(_("İleri bir tarih yazılamaz."))
    before = audit.snapshot(municipality, MEMBERSHIP_FIELDS)
    event = MembershipEvent(
        kind=kind, effective_on=effective_on, decision_ref=decision_ref or "", note=note or ""
    )
    municipality.events.append(event)
    sync_membership(municipality)
    db.session.flush()
    changes = audit.diff(municipality, before, MEMBERSHIP_FIELDS)
    changes["event"] = {
        "kind": kind.value,
        "effective_on": effective_on.isoformat(),
        "decision_ref": event.decision_ref,
        "note": event.note,
    }
    audit.record(action, municipality, changes, actor=actor)
    return event


def end_membership(
    municipality: Municipality, effective_on: date, decision_ref: str, note: str, actor
) -> MembershipEvent:
    """Record that the municipality left the Union (the record and its history stay)."""
    if not can_end_membership(municipality):
        raise RuleError(_("Bu belediyenin üyeliği zaten sona ermiş."))
    if municipality.joined_on and effective_on < municipality.joined_on:
        raise RuleError(_("Ayrılış tarihi katılış tarihinden önce olamaz."))
    return _record_event(
        municipality,
        EventKind.LEFT,
        effective_on,
        decision_ref,
        note,
        actor,
        "municipality.membership_end",
    )


def record_joining(
    municipality: Municipality, effective_on: date, decision_ref: str, note: str, actor
) -> MembershipEvent:
    """Record a (re)joining: after leaving, or the first joining date of an older record."""
    if not can_record_joining(municipality):
        raise RuleError(_("Bu belediye zaten üye; katılışı kayıtlı."))
    if municipality.left_on and effective_on < municipality.left_on:
        raise RuleError(_("Yeniden katılış tarihi ayrılış tarihinden önce olamaz."))
    return _record_event(
        municipality,
        EventKind.JOINED,
        effective_on,
        decision_ref,
        note,
        actor,
        "municipality.membership_join",
    )


# People -------------------------------------------------------------------------------------


def _person_label(person: Person) -> str:
    return f"{person.full_name} ({person.municipality.name})"


def add_person(municipality: Municipality, form, actor) -> Person:
    """A new person; a form without a role field (a member user's) adds a contact person."""
    person = Person(municipality=municipality, role=PersonRole.CONTACT)
    _apply(person, form, [name for name in form.FIELDS])
    db.session.add(person)
    db.session.flush()
    audit.record(
        "person.create",
        person,
        {
            name: [None, audit._plain(getattr(person, name))]
            for name in PERSON_FIELDS
            if getattr(person, name) not in (None, "")
        },
        actor=actor,
        label=_person_label(person),
    )
    return person


def update_person(person: Person, form, actor) -> dict:
    before = audit.snapshot(person, PERSON_FIELDS)
    _apply(person, form, [name for name in form.FIELDS])
    changes = audit.diff(person, before, PERSON_FIELDS)
    if changes:
        audit.record("person.update", person, changes, actor=actor, label=_person_label(person))
    return changes


def delete_person(person: Person, actor) -> None:
    """Remove a person (KVKK: no longer needed); kept when another record points at them."""
    if _is_referenced(Person.__table__, person.id):
        raise RuleError(
            _(
                "Bu kişi başka kayıtlarda geçiyor; silinemez. "
                "Bunun yerine “Görevde” işaretini kaldırın."
            )
        )
    # KVKK: the log keeps who was removed and in what role, not their contact details
    audit.record(
        "person.delete",
        person,
        {"full_name": [person.full_name, None], "role": [person.role.value, None]},
        actor=actor,
        label=_person_label(person),
    )
    db.session.delete(person)
