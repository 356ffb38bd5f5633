"""Demo support requests: a realistic set in every status, and bulk volume for load work."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select, update

from kbb.auth.models import Role, User
from kbb.core.models import utcnow
from kbb.core.notify import Notification
from kbb.core.workdays import add_working_days, local_today
from kbb.extensions import db
from kbb.members.models import Municipality
from kbb.tickets import services
from kbb.tickets.models import (
    DUE_WORKING_DAYS,
    Category,
    EventKind,
    Priority,
    Status,
    Ticket,
    TicketEvent,
)

DEFAULT_CATEGORIES = (
    ("Hukuk/Mevzuat", "Hukuki görüş ve mevzuat soruları"),
    ("Teknik", "Teknik destek, bilgi işlem, mühendislik"),
    ("Proje", "Proje hazırlama ve hibe başvuruları"),
)

SUBJECTS = {
    "Hukuk/Mevzuat": [
        "İmar planı değişikliğinde meclis kararı süreci",
        "4734 sayılı Kanun kapsamında doğrudan temin limiti",
        "Belediye taşınmazının kiraya verilmesi (2886 sayılı Kanun)",
        "Meclis üyelerinin huzur hakkı hesabı",
        "Encümen kararına itiraz süresi",
        "Zabıta yönetmeliği değişikliği taslağı",
        "İşçi kadrosunun memur kadrosuna geçişi",
    ],
    "Teknik": [
        "CBS katmanlarının güncellenmesi",
        "Web sitesi SSL sertifikası yenileme",
        "e-Belediye tahsilat modülünde hata",
        "Yol yapım keşif özeti kontrolü",
        "Kanalizasyon projesi hidrolik hesap kontrolü",
        "Sunucu yedekleme planı",
        "Akıllı şehir sensör ağı kurulumu",
    ],
    "Proje": [
        "KOP destek programı başvuru dosyası",
        "AB IPA hibe projesi bütçe tablosu",
        "Kırsal kalkınma yatırımı fizibilite raporu",
        "Güneş enerjisi santrali projesi",
        "Kültür merkezi restorasyon projesi",
        "Sosyal yardımların dijitalleşmesi projesi",
    ],
}
BODIES = [
    "Merhaba,\n\n{m} olarak {s} konusunda Birliğin görüşüne ihtiyaç duyuyoruz. "
    "İlgili yazışmaları ekte bulabilirsiniz.\n\nSaygılarımızla.",
    "Sayın Birlik yetkilileri,\n\n{s} ile ilgili olarak ilçemizde yaşanan sorunun çözümü için "
    "destek talep ediyoruz. Konu meclisimizin bir sonraki toplantısında görüşülecektir.",
    "{s} hakkında mevzuatın güncel yorumunu ve benzer belediyelerdeki uygulamaları "
    "öğrenmek istiyoruz.\n\nİyi çalışmalar.",
]
REPLIES = [
    "Talebiniz incelemeye alındı. Ek bilgi gerekirse sizinle iletişime geçeceğiz.",
    "İlgili mevzuat hükümleri ve örnek kararlar ekte gönderilmiştir.",
    "Konuyla ilgili teknik ekibimiz yerinde inceleme planlıyor.",
]


def ensure_categories() -> dict[str, Category]:
    existing = {c.name: c for c in db.session.scalars(select(Category))}
    for name, description in DEFAULT_CATEGORIES:
        if name not in existing:
            existing[name] = Category(name=name, description=description)
            db.session.add(existing[name])
    db.session.flush()
    return existing


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def seed(volume: int = 0, rng: random.Random | None = None) -> int:
    """Sample requests in every status (once), plus ``volume`` generated ones."""
    rng = rng or random.Random(2026)
    categories = ensure_categories()
    added = 0
    if not db.session.scalar(select(func.count(Ticket.id))):
        added += _story_tickets(categories)
    if volume:
        added += generate(volume, rng)
    return added


def _story_tickets(categories) -> int:
    """A handful of requests walked through the real workflow (so timelines are real)."""
    staff = _user("personel")
    admin = _user("admin")
    members = [u for u in (_user("selcuklu"), _user("meram")) if u]
    if not staff or not members:
        return 0
    now = utcnow()
    plans = [
        # (member, category, subject index, days ago, steps)
        (0, "Hukuk/Mevzuat", 0, 1, []),
        (1, "Teknik", 1, 2, ["assign"]),
        (0, "Proje", 0, 6, ["assign", "reply"]),
        (1, "Hukuk/Mevzuat", 3, 9, ["assign", "wait"]),
        (0, "Teknik", 2, 12, ["assign", "reply", "resolve"]),
        (1, "Proje", 2, 20, ["assign", "reply", "resolve", "rate"]),
        (0, "Hukuk/Mevzuat", 4, 30, ["assign", "reply", "resolve", "close"]),
        (1, "Teknik", 4, 15, ["assign", "note"]),
        (0, "Proje", 4, 3, []),
    ]
    count = 0
    for member_index, category, subject_index, days_ago, steps in plans:
        member = members[member_index % len(members)]
        opened = now - timedelta(days=days_ago, hours=3)
        subject = SUBJECTS[category][subject_index]
        ticket = services.create_ticket(
            member,
            municipality_id=member.municipality_id,
            category_id=categories[category].id,
            subject=subject,
            body=BODIES[count % len(BODIES)].format(m=member.municipality.name, s=subject),
            now=opened,
        )
        when = opened
        for step in steps:
            when += timedelta(hours=5)
            if step == "assign":
                services.assign(ticket, admin or staff, staff.id, now=when)
            elif step == "reply":
                services.add_reply(ticket, staff, REPLIES[count % len(REPLIES)], now=when)
            elif step == "wait":
                services.add_reply(
                    ticket,
                    staff,
                    "Karar taslağını ve meclis tutanağını gönderebilir misiniz?",
                    new_status=Status.WAITING,
                    now=when,
                )
            elif step == "note":
                services.add_reply(
                    ticket,
                    staff,
                    "Hukuk müşavirimizle görüşüldü; benzer bir Danıştay kararı var.",
                    internal=True,
                    now=when,
                )
            elif step == "resolve":
                services.add_reply(
                    ticket,
                    staff,
                    "Görüşümüz ekte ve aşağıdadır. Talebi çözüldü olarak işaretliyoruz.",
                    new_status=Status.RESOLVED,
                    now=when,
                )
            elif step == "rate":
                services.rate(
                    ticket, member, 5, "Hızlı ve açık bir yanıt için teşekkürler.", now=when
                )
            elif step == "close":
                services.close(ticket, member, now=when)
        db.session.flush()
        count += 1
    # Older sample notifications are already read; the newest few stay unread.
    db.session.execute(
        update(Notification)
        .where(Notification.created_at < now - timedelta(days=2))
        .values(read_at=now)
    )
    return count


def generate(volume: int, rng: random.Random) -> int:
    """``volume`` realistic requests inserted in bulk (for load tests and `make bench`)."""
    municipalities = list(db.session.scalars(select(Municipality.id)))
    categories = list(db.session.scalars(select(Category).where(Category.active.is_(True))))
    staff = list(db.session.scalars(select(User.id).where(User.role.in_((Role.STAFF, Role.ADMIN)))))
    authors = {
        m: u
        for u, m in db.session.execute(
            select(User.id, User.municipality_id).where(User.municipality_id.is_not(None))
        )
    }
    fallback_author = staff[0] if staff else None
    if not municipalities or not categories or fallback_author is None:
        return 0
    today = local_today()
    year = today.year
    start = services.reserve_numbers(year, volume) - volume
    statuses = [
        Status.NEW,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.RESOLVED,
        Status.CLOSED,
        Status.CLOSED,
        Status.CLOSED,
    ]
    now = utcnow()
    batch = []
    for i in range(volume):
        seq = start + i + 1
        category = rng.choice(categories)
        subjects = SUBJECTS.get(category.name) or [s for v in SUBJECTS.values() for s in v]
        subject = rng.choice(subjects)
        municipality_id = rng.choice(municipalities)
        status = rng.choice(statuses)
        priority = rng.choice(
            [Priority.LOW, Priority.NORMAL, Priority.NORMAL, Priority.HIGH, Priority.URGENT]
        )
        days_ago = rng.randint(0, 300)
        created = now - timedelta(days=days_ago, minutes=rng.randint(0, 600))
        opened_on = local_today(created)
        author = authors.get(municipality_id, fallback_author)
        ticket = Ticket(
            number=services.format_number(year, seq),
            year=year,
            seq=seq,
            municipality_id=municipality_id,
            category_id=category.id,
            subject=f"{subject} ({seq})",
            body=rng.choice(BODIES).format(m="Belediyemiz", s=subject),
            status=status,
            priority=priority,
            created_by_id=author,
            assignee_id=rng.choice(staff) if status != Status.NEW and rng.random() < 0.85 else None,
            opened_on=opened_on,
            due_on=add_working_days(opened_on, DUE_WORKING_DAYS[priority]),
            waiting_since=opened_on if status == Status.WAITING else None,
            created_at=created,
            updated_at=created,
            last_activity_at=created + timedelta(hours=rng.randint(0, 48)),
            resolved_at=created + timedelta(days=2)
            if status in (Status.RESOLVED, Status.CLOSED)
            else None,
            closed_at=created + timedelta(days=4) if status == Status.CLOSED else None,
        )
        ticket.events = [
            TicketEvent(actor_id=author, kind=EventKind.CREATED, created_at=created),
        ]
        if status != Status.NEW:
            ticket.events.append(
                TicketEvent(
                    actor_id=ticket.assignee_id or fallback_author,
                    kind=EventKind.REPLY,
                    body=rng.choice(REPLIES),
                    created_at=created + timedelta(hours=6),
                )
            )
        batch.append(ticket)
        if len(batch) >= 500:
            db.session.add_all(batch)
            db.session.flush()
            db.session.expunge_all()
            batch = []
    db.session.add_all(batch)
    db.session.flush()
    return volume
