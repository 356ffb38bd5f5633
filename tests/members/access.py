"""Role x route entries of the members area (collected by tests/test_access.py).

The directory is readable by everyone signed in; a member user (``selcuklu``) edits only
Selçuklu's contact details and contact persons and gets 403 elsewhere; staff and admin manage
everything. Several entries per route show both sides of a scoped rule.
"""

from kbb.extensions import db
from kbb.members.models import Municipality, MunicipalityKind, Person, PersonRole
from tests.access import Case, admin_only, everyone, staff_only  # noqa: F401


def own(w) -> int:
    return w["selcuklu"].id


def other(w) -> int:
    return w["meram"].id


def member_and_staff(member: int, staff: int) -> dict[str, int]:
    return {"anon": 302, "member": member, "staff": staff, "admin": staff}


def _person(key: str, municipality: str, role: PersonRole):
    def setup(w):
        person = Person(municipality=w[municipality], role=role, full_name=f"{key} kişi", email="")
        db.session.add(person)
        db.session.commit()
        w[key] = person

    return setup


def _fresh(w):
    """A municipality without history (deletable)."""
    m = Municipality(name="Yanlış Kayıt Belediyesi", kind=MunicipalityKind.TOWN, province="Konya")
    db.session.add(m)
    db.session.commit()
    w["fresh"] = m


def person_url(key: str, action: str):
    return lambda w: f"/members/people/{w[key].id}/{action}"


CONTACT_DATA = {"full_name": "Ayşe Kaya", "role": "contact", "phone": "0332 111 22 33"}

CASES: list[Case] = [
    Case("members.index", "GET", lambda w: "/members/", everyone(200)),
    Case("members.index", "GET", lambda w: "/members/?q=sel&kind=ilce&page=2", everyone(200)),
    Case("members.privacy", "GET", lambda w: "/members/privacy", everyone(200, anon=200)),
    Case("members.export_directory", "GET", lambda w: "/members/export.csv", staff_only(200)),
    Case("members.export_directory", "GET", lambda w: "/members/export.xlsx", staff_only(200)),
    Case("members.detail", "GET", lambda w: f"/members/{other(w)}", everyone(200)),
    Case("members.detail", "GET", lambda w: "/members/999999", everyone(404)),
    Case("members.new", "GET", lambda w: "/members/new", staff_only(200)),
    Case("members.new", "POST", lambda w: "/members/new", staff_only(422)),
    Case(
        "members.new",
        "POST",
        lambda w: "/members/new",
        staff_only(303),
        lambda w: {"name": "Yeni Belediyesi", "kind": "belde", "province": "Konya"},
    ),
    # edit: own municipality (member: contact details) and another one (member: 403)
    Case("members.edit", "GET", lambda w: f"/members/{own(w)}/edit", everyone(200)),
    Case("members.edit", "GET", lambda w: f"/members/{other(w)}/edit", member_and_staff(403, 200)),
    Case(
        "members.edit",
        "POST",
        lambda w: f"/members/{own(w)}/edit",
        member_and_staff(303, 422),  # staff's full form misses the name
        lambda w: {"phone": "0332 111 22 33"},
    ),
    Case(
        "members.edit",
        "POST",
        lambda w: f"/members/{other(w)}/edit",
        member_and_staff(403, 303),
        lambda w: {"name": "Meram Belediyesi", "kind": "ilce", "province": "Konya"},
    ),
    Case(
        "members.delete",
        "POST",
        lambda w: f"/members/{w['fresh'].id}/delete",
        staff_only(303),
        setup=_fresh,
    ),
    Case("members.end_membership", "GET", lambda w: f"/members/{other(w)}/end", staff_only(200)),
    Case(
        "members.end_membership",
        "POST",
        lambda w: f"/members/{other(w)}/end",
        staff_only(303),
        lambda w: {"effective_on": "2020-01-31", "decision_ref": "2019/12"},
    ),
    Case("members.end_membership", "POST", lambda w: f"/members/{other(w)}/end", staff_only(422)),
    Case("members.record_joining", "GET", lambda w: f"/members/{other(w)}/join", staff_only(200)),
    Case(
        "members.record_joining",
        "POST",
        lambda w: f"/members/{other(w)}/join",
        staff_only(303),
        lambda w: {"effective_on": "1990-05-04"},
    ),
    # people: a member user manages only their own municipality's contact persons
    Case("members.person_new", "GET", lambda w: f"/members/{own(w)}/people/new", everyone(200)),
    Case(
        "members.person_new",
        "GET",
        lambda w: f"/members/{other(w)}/people/new",
        member_and_staff(403, 200),
    ),
    Case(
        "members.person_new",
        "POST",
        lambda w: f"/members/{own(w)}/people/new",
        everyone(303),
        lambda w: CONTACT_DATA,
    ),
    Case(
        "members.person_new",
        "POST",
        lambda w: f"/members/{other(w)}/people/new",
        member_and_staff(403, 303),
        lambda w: CONTACT_DATA,
    ),
    Case(
        "members.person_edit",
        "GET",
        person_url("contact", "edit"),
        everyone(200),
        setup=_person("contact", "selcuklu", PersonRole.CONTACT),
    ),
    Case(
        "members.person_edit",
        "GET",
        person_url("mayor", "edit"),
        member_and_staff(403, 200),
        setup=_person("mayor", "selcuklu", PersonRole.MAYOR),
    ),
    Case(
        "members.person_edit",
        "GET",
        person_url("elsewhere", "edit"),
        member_and_staff(403, 200),
        setup=_person("elsewhere", "meram", PersonRole.CONTACT),
    ),
    Case("members.person_edit", "GET", lambda w: "/members/people/999999/edit", everyone(404)),
    Case(
        "members.person_edit",
        "POST",
        person_url("contact", "edit"),
        everyone(303),
        lambda w: CONTACT_DATA,
        setup=_person("contact", "selcuklu", PersonRole.CONTACT),
    ),
    Case(
        "members.person_edit",
        "POST",
        person_url("elsewhere", "edit"),
        member_and_staff(403, 303),
        lambda w: CONTACT_DATA,
        setup=_person("elsewhere", "meram", PersonRole.CONTACT),
    ),
    Case(
        "members.person_delete",
        "POST",
        person_url("contact", "delete"),
        everyone(303),
        setup=_person("contact", "selcuklu", PersonRole.CONTACT),
    ),
    Case(
        "members.person_delete",
        "POST",
        person_url("mayor", "delete"),
        member_and_staff(403, 303),
        setup=_person("mayor", "selcuklu", PersonRole.MAYOR),
    ),
]
