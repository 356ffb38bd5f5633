"""Membership history, deletion rules and people: services over the session, no request."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kbb.auth.models import Role
from kbb.core.audit import AuditLog
from kbb.extensions import db
from kbb.members import services
from kbb.members.models import (
    EventKind,
    MembershipEvent,
    MembershipStatus,
    Municipality,
    Person,
    PersonRole,
)


@pytest.fixture
def staff(make_user):
    return make_user("personel", Role.STAFF)


def test_sync_membership_follows_the_last_event(make_municipality):
    m = make_municipality("Hadim Belediyesi")
    services.sync_membership(m)  # no events: an older record stays a member
    assert (m.status, m.joined_on, m.left_on, m.active) == (
        MembershipStatus.MEMBER,
        None,
        None,
        True,
    )
    m.events = [
        MembershipEvent(kind=EventKind.JOINED, effective_on=date(1980, 1, 1)),
        MembershipEvent(kind=EventKind.LEFT, effective_on=date(1999, 1, 1)),
    ]
    services.sync_membership(m)
    assert (m.status, m.joined_on, m.left_on, m.active) == (
        MembershipStatus.LEFT,
        date(1980, 1, 1),
        date(1999, 1, 1),
        False,
    )
    m.events.append(MembershipEvent(kind=EventKind.JOINED, effective_on=date(2005, 1, 1)))
    services.sync_membership(m)
    assert (m.status, m.joined_on, m.left_on, m.active) == (
        MembershipStatus.MEMBER,
        date(2005, 1, 1),
        None,
        True,
    )


def test_end_membership_rules(make_municipality, staff):
    m = make_municipality("Hadim Belediyesi")
    services.record_joining(m, date(1990, 1, 1), "1990/1", "", staff)
    with pytest.raises(services.RuleError, match="zaten üye"):
        services.record_joining(m, date(1991, 1, 1), "", "", staff)
    with pytest.raises(services.RuleError, match="katılış tarihinden önce"):
        services.end_membership(m, date(1989, 12, 31), "", "", staff)
    with pytest.raises(services.RuleError, match="İleri bir tarih"):
        services.end_membership(m, date.today() + timedelta(days=1), "", "", staff)
    services.end_membership(m, date(1990, 1, 1), "1990/9", "aynı gün", staff)  # same day is fine
    db.session.commit()
    assert m.status == MembershipStatus.LEFT and not m.active
    with pytest.raises(services.RuleError, match="zaten sona ermiş"):
        services.end_membership(m, date(2000, 1, 1), "", "", staff)
    actions = db.session.scalars(db.select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["municipality.membership_join", "municipality.membership_end"]
    # a municipality that left stays in other areas' full lists, not in the "active" ones
    assert m.id not in dict(services.municipality_choices())
    assert m.id in dict(services.municipality_choices(only_active=False))


def test_has_history_counts_every_reference(make_municipality, make_user):
    plain = make_municipality("Boş Belediyesi")
    assert not services.has_history(plain)
    with_user = make_municipality("Kullanıcılı Belediyesi")
    make_user("kullanici", Role.MEMBER, with_user)
    db.session.expire_all()
    assert services.has_history(db.session.get(Municipality, with_user.id))
    # the generic check sees every table that points at municipalities (other areas too)
    assert services._is_referenced(Municipality.__table__, with_user.id)
    assert not services._is_referenced(Municipality.__table__, plain.id)


def test_delete_municipality_refuses_history(make_municipality, staff):
    m = make_municipality("Geçmişli Belediyesi")
    services.record_joining(m, date(2000, 1, 1), "", "", staff)
    db.session.commit()
    with pytest.raises(services.RuleError, match="geçmişi var"):
        services.delete_municipality(m, staff)


def test_people_by_role_order(make_municipality):
    m = make_municipality()
    for name, role, active in [
        ("Zeki Personel", PersonRole.STAFF, True),
        ("Çiğdem İrtibat", PersonRole.CONTACT, True),
        ("Cem İrtibat", PersonRole.CONTACT, True),
        ("Ahmet Eski", PersonRole.CONTACT, False),
        ("Başkan", PersonRole.MAYOR, True),
    ]:
        db.session.add(Person(municipality=m, full_name=name, role=role, active=active))
    db.session.commit()
    groups = [(role, [p.full_name for p in people]) for role, people in m.people_by_role()]
    assert groups == [
        (PersonRole.MAYOR, ["Başkan"]),
        (PersonRole.CONTACT, ["Cem İrtibat", "Çiğdem İrtibat", "Ahmet Eski"]),
        (PersonRole.STAFF, ["Zeki Personel"]),
    ]
    assert m.mayor.full_name == "Başkan"
