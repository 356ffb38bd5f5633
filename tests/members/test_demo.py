"""The members demo data: every municipality gets contacts and people, marked as samples."""

from kbb.extensions import db
from kbb.members import demo
from kbb.members.models import EventKind, MembershipStatus, Municipality, Person, PersonRole
from kbb.members.phones import normalise_phone


def test_seed_is_idempotent_and_marks_samples(konya):
    added = demo.seed()
    db.session.commit()
    assert added >= 32 * 3  # a mayor, a contact person and a joining event each
    assert demo.seed() == 0
    db.session.commit()
    municipalities = db.session.scalars(db.select(Municipality)).all()
    assert len(municipalities) == 32
    for m in municipalities:
        assert m.phone == normalise_phone(m.phone) and m.phone.startswith("0332 000")
        assert m.email.endswith(".example") and m.website.endswith(".example")
        assert "(örnek)" in m.address
        assert m.status == MembershipStatus.MEMBER and m.joined_on is not None
        assert [e.kind for e in m.events] == [EventKind.JOINED]
        assert m.mayor is not None and m.mayor.full_name.endswith("(örnek)")
        roles = {p.role for p in m.people}
        assert {PersonRole.MAYOR, PersonRole.CONTACT} <= roles
    for person in db.session.scalars(db.select(Person)):
        assert person.full_name.endswith("(örnek)")
        assert not person.email or person.email.endswith(".example")
        assert person.phone == normalise_phone(person.phone)


def test_seed_keeps_what_people_entered(konya):
    meram = konya["Meram Belediyesi"]
    meram.phone = "0332 320 00 00"
    db.session.commit()
    demo.seed()
    db.session.commit()
    assert db.session.get(Municipality, meram.id).phone == "0332 320 00 00"
    assert db.session.get(Municipality, meram.id).email == ""
