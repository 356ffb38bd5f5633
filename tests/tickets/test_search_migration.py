"""Migration 0004 on SQLite: the search index is built over the requests already there,
searching works before it (by scanning) and after it, and it goes back down."""

from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from kbb import create_app
from kbb.auth.models import User
from kbb.extensions import db
from kbb.members.models import Municipality, MunicipalityKind
from kbb.tickets import services
from kbb.tickets.demo import ensure_categories
from kbb.tickets.models import Ticket

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


def _found(user, q):
    query = select(Ticket.subject).where(services.text_condition(q))
    return set(db.session.scalars(services.scoped(query, user)))


def test_index_is_built_over_existing_requests_and_goes_back_down(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite3'}",
            "SECRET_KEY": "migration-test-secret-key-0123456789abcdef",
            "KBB_UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0003")
        town = Municipality(
            name="Ilgın Belediyesi",
            kind=MunicipalityKind.DISTRICT,
            province="Konya",
            district="Ilgın",
        )
        staff = User(username="personel", full_name="Personel", role="staff", password_hash="x")
        db.session.add_all([town, staff])
        categories = ensure_categories()
        db.session.commit()
        services.create_ticket(
            staff,
            municipality_id=town.id,
            category_id=categories["Teknik"].id,
            subject="Otopark yönetmeliği",
            body="Görüşünüzü rica ederiz.",
            uploads=(),
        )
        db.session.commit()
        assert _found(staff, "otopark") == {"Otopark yönetmeliği"}  # no index: a scan

        upgrade(directory=MIGRATIONS, revision="0004")
        assert "tickets_search" in inspect(db.engine).get_table_names()
        assert _found(staff, "otopark") == {"Otopark yönetmeliği"}  # from the index
        sql = str(
            select(Ticket.id)
            .where(services.text_condition("otopark"))
            .compile(db.engine, compile_kwargs={"literal_binds": True})
        )
        assert "tickets_search" in sql

        db.session.remove()
        downgrade(directory=MIGRATIONS, revision="0003")
        assert "tickets_search" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
