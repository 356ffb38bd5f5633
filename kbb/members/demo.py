"""Demo data of the members area (called by `flask --app kbb seed-demo`).

The municipalities are real (kbb/data); their phone numbers, e-mail addresses, people and
membership dates are invented and visibly marked: names end in "(örnek)", numbers are in the
unassigned 0332 000 range, e-mail and web addresses use the reserved ``.example`` domain.
"""

from __future__ import annotations

from datetime import date

from kbb.core.text import fold, sort_key
from kbb.extensions import db
from kbb.members.models import (
    EventKind,
    MembershipEvent,
    Municipality,
    MunicipalityKind,
    Person,
    PersonRole,
)
from kbb.members.services import sync_membership

SAMPLE = "(örnek)"
FIRST_NAMES = [
    "Ahmet", "Ayşe", "Mehmet", "Fatma", "Mustafa", "Emine", "Hüseyin", "Hatice", "İbrahim",
    "Zeynep", "Osman", "Elif", "Yusuf", "Meryem", "Ömer", "Şule", "Hasan", "Gülşen", "Ismail",
    "Özlem", "Kemal", "Sevgi", "Murat", "Çiğdem", "Recep", "Ümran", "Halil", "Esra", "Ali",
    "Dilek", "Süleyman", "Nur",
]  # fmt: skip
SURNAMES = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
    "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özdemir", "Şimşek", "Erdoğan",
    "Güneş", "Akın", "Ünal", "Bulut", "Keskin", "Tekin", "Uçar", "Işık", "Gök", "Akgül",
    "Sarı", "Ekinci", "Türkmen",
]  # fmt: skip
CONTACT_TITLES = [
    "Yazı İşleri Müdürü",
    "Basın Yayın ve Halkla İlişkiler Müdürü",
    "Özel Kalem Müdürü",
    "Destek Hizmetleri Müdürü",
]
COUNCIL = {"Selçuklu Belediyesi": 3, "Meram Belediyesi": 3, "Konya Büyükşehir Belediyesi": 2}


def _slug(m: Municipality) -> str:
    name = m.name.removesuffix(" Belediyesi")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


def _name(i: int, salt: int) -> str:
    first = FIRST_NAMES[(i * 7 + salt * 5) % len(FIRST_NAMES)]
    last = SURNAMES[(i * 11 + salt * 3) % len(SURNAMES)]
    return f"{first} {last} {SAMPLE}"


def _joined_on(i: int, m: Municipality) -> date:
    if m.kind == MunicipalityKind.METROPOLITAN:
        return date(1978, 6, 12)
    return date(1978 + (i * 5) % 33, 1 + (i * 7) % 12, 1 + (i * 3) % 27)


def seed() -> int:
    """Add sample contacts and people; returns how many records were added (idempotent)."""
    added = 0
    municipalities = sorted(
        db.session.scalars(
            db.select(Municipality).options(
                db.selectinload(Municipality.events), db.selectinload(Municipality.people)
            )
        ),
        key=lambda m: sort_key(m.name),
    )
    for i, m in enumerate(municipalities, start=1):
        slug = _slug(m)
        if not (m.phone or m.email or m.website or m.address):
            m.phone = f"0332 000 {10 + i // 100:02d} {i % 100:02d}"
            m.email = f"bilgi@{slug}.example"
            m.website = f"https://www.{slug}.example"
            place = m.district or m.province
            m.address = f"Hükümet Cad. No: {i}, {place} / {m.province} {SAMPLE}"
            if not m.notes:
                m.notes = "Örnek veri: iletişim bilgileri, kişiler ve üyelik tarihleri uydurmadır."
        if not m.events and m.joined_on is None:
            joined = _joined_on(i, m)
            m.events.append(
                MembershipEvent(
                    kind=EventKind.JOINED,
                    effective_on=joined,
                    decision_ref=f"{joined.year}/{1 + i % 9}",
                    note="Örnek kayıt",
                )
            )
            sync_membership(m)
            added += 1
        if not m.people:
            people = [
                Person(
                    role=PersonRole.MAYOR,
                    full_name=_name(i, 0),
                    title="Belediye Başkanı",
                    phone=f"0332 000 {10 + i // 100:02d} {i % 100:02d}, dahili 100",
                    email=f"baskanlik@{slug}.example",
                ),
                Person(
                    role=PersonRole.CONTACT,
                    full_name=_name(i, 1),
                    title=CONTACT_TITLES[i % len(CONTACT_TITLES)],
                    phone=f"0332 000 {10 + i // 100:02d} {i % 100:02d}, dahili 2{i:02d}",
                    email=f"yaziisleri@{slug}.example",
                ),
            ]
            for n in range(COUNCIL.get(m.name, 0)):
                people.append(
                    Person(
                        role=PersonRole.COUNCIL_MEMBER,
                        full_name=_name(i, 2 + n),
                        title="Meclis Üyesi",
                        email=f"meclis{n + 1}@{slug}.example",
                    )
                )
            for person in people:
                m.people.append(person)
            added += len(people)
    db.session.flush()
    return added
