"""Commands: seed-demo (idempotent), create-user; migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kbb.auth.models import Role, User
from kbb.extensions import db
from kbb.members.models import Municipality
from kbb.models import include_name
from tests.conftest import PASSWORD


def test_seed_demo_is_idempotent(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = (
        db.session.scalar(db.select(db.func.count(Municipality.id))),
        db.session.scalar(db.select(db.func.count(User.id))),
    )
    assert counts[0] >= 32 and counts[1] >= 4
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert counts == (
        db.session.scalar(db.select(db.func.count(Municipality.id))),
        db.session.scalar(db.select(db.func.count(User.id))),
    )
    users = {u.username: u for u in db.session.scalars(db.select(User))}
    assert users["selcuklu"].municipality.name == "Selçuklu Belediyesi"
    assert users["meram"].municipality.name == "Meram Belediyesi"
    assert users["admin"].role == Role.ADMIN and users["personel"].role == Role.STAFF
    assert client.login("selcuklu", PASSWORD).status_code == 303  # KBB_DEMO_PASSWORD


def test_create_user_command(app, make_municipality):
    make_municipality("Meram Belediyesi")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "ahmet", "--role", "member", "--municipality", "meram", "--temporary"]
    )
    assert result.exit_code == 0, result.output
    assert "one-time password" in result.output
    user = db.session.scalar(db.select(User).where(User.username == "ahmet"))
    assert user.municipality.name == "Meram Belediyesi" and user.must_change_password

    result = runner.invoke(
        args=["create-user", "ayse", "--role", "staff"],
        input="Uzun-Parola-2026\nUzun-Parola-2026\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "veli", "--role", "member"])
    assert result.exit_code != 0 and "--municipality" in result.output
    result = runner.invoke(args=["create-user", "veli", "--role", "staff", "--municipality", "x"])
    assert result.exit_code != 0
    result = runner.invoke(args=["create-user", "kisa", "--role", "staff"], input="kisa\nkisa\n")
    assert result.exit_code != 0 and "10" in result.output


def test_migrations_match_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run flask db migrate: {diff}"
