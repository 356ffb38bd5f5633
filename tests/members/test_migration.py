"""Migration 0002 on a database with rows from 0001: the rows survive, status and search key
are filled in, and it goes back down (SQLite here; PostgreSQL runs it in every session)."""

from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from kbb import create_app
from kbb.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


def test_existing_rows_survive_and_are_backfilled(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite3'}",
            "SECRET_KEY": "migration-test-secret-key-0123456789abcdef",
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0001")
        with db.engine.begin() as conn:
            for name, active in (("Ilgın Belediyesi", True), ("Eski Belediyesi", False)):
                conn.execute(
                    text(
                        "INSERT INTO municipalities (name, kind, province, district, active,"
                        " search_key, created_at, updated_at) VALUES (:n, 'ilce', 'Konya',"
                        " :d, :a, '', '2026-01-01', '2026-01-01')"
                    ),
                    {"n": name, "d": name.split()[0], "a": active},
                )
        upgrade(directory=MIGRATIONS, revision="0002")
        with db.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT name, status, search_key, phone, notes, joined_on FROM municipalities"
                    " ORDER BY id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("Ilgın Belediyesi", "member", "ilgin belediyesi konya ilgin", "", "", None),
            ("Eski Belediyesi", "left", "eski belediyesi konya eski", "", "", None),
        ]
        assert {"people", "membership_events"} <= set(inspect(db.engine).get_table_names())
        downgrade(directory=MIGRATIONS, revision="0001")
        columns = {c["name"] for c in inspect(db.engine).get_columns("municipalities")}
        assert "status" not in columns and "phone" not in columns
        assert "people" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM municipalities")).scalar() == 2
        db.engine.dispose()
