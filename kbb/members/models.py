"""Member municipalities, their membership history and their people."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbb.core import text
from kbb.core.i18n import lazy_gettext as _l
from kbb.core.models import SearchableMixin, TimestampMixin
from kbb.extensions import db
from kbb.members.phones import tel_uri

if TYPE_CHECKING:
    from kbb.auth.models import User


def _enum(cls, length: int) -> Enum:
    """A portable enum column (VARCHAR) that stores the member values, not the names."""
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class MunicipalityKind(enum.StrEnum):
    METROPOLITAN = "buyuksehir"
    PROVINCE = "il"
    DISTRICT = "ilce"
    TOWN = "belde"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    MunicipalityKind.METROPOLITAN: _l("Büyükşehir"),
    MunicipalityKind.PROVINCE: _l("İl"),
    MunicipalityKind.DISTRICT: _l("İlçe"),
    MunicipalityKind.TOWN: _l("Belde"),
}


class MembershipStatus(enum.StrEnum):
    """Where the municipality stands today; follows its membership events."""

    MEMBER = "member"
    LEFT = "left"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    MembershipStatus.MEMBER: _l("Üye"),
    MembershipStatus.LEFT: _l("Ayrıldı"),
}


class EventKind(enum.StrEnum):
    JOINED = "joined"
    LEFT = "left"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self])


EVENT_LABELS = {
    EventKind.JOINED: _l("Üyeliğe katıldı"),
    EventKind.LEFT: _l("Üyelikten ayrıldı"),
}


class PersonRole(enum.StrEnum):
    """A person's role at the municipality; the order here is the order on the page."""

    MAYOR = "mayor"
    DEPUTY_MAYOR = "deputy_mayor"
    COUNCIL_MEMBER = "council_member"
    CONTACT = "contact"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return str(PERSON_ROLE_LABELS[self])

    @property
    def plural(self) -> str:
        return str(PERSON_ROLE_PLURALS[self])


PERSON_ROLE_LABELS = {
    PersonRole.MAYOR: _l("Belediye başkanı"),
    PersonRole.DEPUTY_MAYOR: _l("Başkan yardımcısı"),
    PersonRole.COUNCIL_MEMBER: _l("Meclis üyesi"),
    PersonRole.CONTACT: _l("İletişim kişisi"),
    PersonRole.STAFF: _l("Personel"),
}
PERSON_ROLE_PLURALS = {
    PersonRole.MAYOR: _l("Belediye başkanı"),
    PersonRole.DEPUTY_MAYOR: _l("Başkan yardımcıları"),
    PersonRole.COUNCIL_MEMBER: _l("Meclis üyeleri"),
    PersonRole.CONTACT: _l("İletişim kişileri"),
    PersonRole.STAFF: _l("Personel"),
}
ROLE_ORDER = {role: i for i, role in enumerate(PersonRole)}


class Municipality(SearchableMixin, TimestampMixin, db.Model):
    __tablename__ = "municipalities"
    __search_fields__ = ("name", "province", "district")
    __table_args__ = (UniqueConstraint("province", "name", name="uq_municipalities_province_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[MunicipalityKind] = mapped_column(_enum(MunicipalityKind, 12))
    province: Mapped[str] = mapped_column(String(60))
    district: Mapped[str] = mapped_column(String(60), default="")
    # True while a member (status == MEMBER); kept for other areas' "active municipality" lists.
    active: Mapped[bool] = mapped_column(default=True)

    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    website: Mapped[str] = mapped_column(String(200), default="", server_default="")
    population: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A summary of the membership events, kept in sync by services.sync_membership().
    status: Mapped[MembershipStatus] = mapped_column(
        _enum(MembershipStatus, 10),
        default=MembershipStatus.MEMBER,
        server_default=MembershipStatus.MEMBER.value,
        index=True,
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    users: Mapped[list[User]] = relationship(back_populates="municipality")
    events: Mapped[list[MembershipEvent]] = relationship(
        back_populates="municipality",
        order_by=lambda: [MembershipEvent.effective_on, MembershipEvent.id],
        cascade="all, delete-orphan",
    )
    people: Mapped[list[Person]] = relationship(back_populates="municipality")
    # The active mayor (at most one), for the directory list: selectinload(Municipality.mayors).
    mayors: Mapped[list[Person]] = relationship(
        primaryjoin=lambda: and_(
            Person.municipality_id == Municipality.id,
            Person.role == PersonRole.MAYOR,
            Person.active.is_(True),
        ),
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.name}>"

    def __str__(self) -> str:
        return self.name

    @property
    def mayor(self) -> Person | None:
        return self.mayors[0] if self.mayors else None

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    @property
    def is_member(self) -> bool:
        return self.status == MembershipStatus.MEMBER

    @property
    def place(self) -> str:
        """ "Konya / Meram", or just the province."""
        return " / ".join(p for p in (self.province, self.district) if p)

    def people_by_role(self, *, include_inactive: bool = True) -> list[tuple[PersonRole, list]]:
        """People grouped by role (page order), each group in Turkish alphabetical order."""
        groups: dict[PersonRole, list[Person]] = {}
        for person in self.people:
            if person.active or include_inactive:
                groups.setdefault(person.role, []).append(person)
        return [
            (role, sorted(groups[role], key=lambda p: (not p.active, text.sort_key(p.full_name))))
            for role in PersonRole
            if role in groups
        ]


class MembershipEvent(TimestampMixin, db.Model):
    """A municipality joined or left the Union, on a date, by a decision of the Assembly."""

    __tablename__ = "membership_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 10))
    effective_on: Mapped[date] = mapped_column(Date)
    # The Assembly decision as written on paper ("2019/12"); the assembly area may link it later.
    decision_ref: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")

    municipality: Mapped[Municipality] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<MembershipEvent {self.kind} {self.effective_on} m={self.municipality_id}>"

    def __str__(self) -> str:
        return f"{self.kind.label} {self.effective_on.isoformat()}"


class Person(TimestampMixin, db.Model):
    """A named person at a municipality. KVKK: only work contact details, nothing private."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[PersonRole] = mapped_column(_enum(PersonRole, 20), index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    active: Mapped[bool] = mapped_column(default=True)

    municipality: Mapped[Municipality] = relationship(back_populates="people")

    def __repr__(self) -> str:
        return f"<Person {self.full_name} {self.role}>"

    def __str__(self) -> str:
        return self.full_name

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)

    @property
    def role_label(self) -> str:
        return self.role.label
