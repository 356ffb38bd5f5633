"""Flask commands: seed-demo, create-user."""

from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import text

from kbb.auth.models import Role, User
from kbb.auth.services import hash_password, password_problems, set_password, temporary_password
from kbb.core import audit
from kbb.extensions import db
from kbb.members.models import Municipality, MunicipalityKind
from kbb.members.services import find_by_name

DATA = Path(__file__).parent / "data"

DEMO_USERS = [
    ("admin", "Sistem Yöneticisi", "admin@kbb.example", Role.ADMIN, None),
    ("personel", "Ayşe Yıldız (örnek)", "personel@kbb.example", Role.STAFF, None),
    ("selcuklu", "Mehmet Öztürk (örnek)", "bilgi@selcuklu.example", Role.MEMBER, "Selçuklu"),
    ("meram", "Zeynep Çelik (örnek)", "bilgi@meram.example", Role.MEMBER, "Meram"),
]


def load_municipalities() -> int:
    """Konya's municipalities from kbb/data (copied from shared/data); returns how many added."""
    added = 0
    with (DATA / "konya-belediyeleri.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            exists = db.session.scalar(
                db.select(Municipality.id).where(
                    Municipality.name == row["ad"], Municipality.province == row["il"]
                )
            )
            if exists:
                continue
            db.session.add(
                Municipality(
                    name=row["ad"],
                    kind=MunicipalityKind(row["tur"]),
                    province=row["il"],
                    district=row["ilce"] or "",
                )
            )
            added += 1
    db.session.flush()
    return added


def ensure_demo_users(password: str) -> int:
    added = 0
    for username, full_name, email, role, municipality_name in DEMO_USERS:
        if db.session.scalar(db.select(User.id).where(User.username == username)):
            continue
        municipality = find_by_name(municipality_name) if municipality_name else None
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            role=role,
            municipality=municipality,
            password_hash=hash_password(password),
        )
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", user, actor_name="seed-demo")
        added += 1
    return added


def init_app(app) -> None:
    @app.cli.command("seed-demo")
    @click.option(
        "--volume",
        type=click.IntRange(0, 1_000_000),
        default=0,
        help="Also generate N realistic support requests (for load tests and make bench)",
    )
    def seed_demo(volume):
        """Load Konya's municipalities, the demo accounts and each area's samples (idempotent)."""
        from kbb.members import demo as members_demo
        from kbb.tickets import demo as tickets_demo
        from kbb.tickets import services as tickets_services

        municipalities = load_municipalities()
        users = ensure_demo_users(current_app.config["KBB_DEMO_PASSWORD"])
        db.session.commit()
        click.echo(f"seed-demo: {municipalities} municipalities and {users} users added.")
        click.echo(f"seed-demo: members: {members_demo.seed()} records added.")
        db.session.commit()
        click.echo(f"seed-demo: tickets: {tickets_demo.seed(volume)} requests added.")
        db.session.commit()
        # Fresh statistics, so the query planner picks the indexes (ORDER BY ... LIMIT)
        # right after a bulk load, on SQLite and PostgreSQL alike.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
        tickets_services.optimize_search_index()  # one row at a time left it in many pieces
        db.session.commit()

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="Role")
    @click.option("--municipality", default=None, help="Municipality name (member users)")
    @click.option("--full-name", default=None, help="Full name (defaults to the username)")
    @click.option("--email", default="", help="E-mail address")
    @click.option(
        "--temporary",
        is_flag=True,
        help="Generate a one-time password that must be changed at first login",
    )
    def create_user(username, role, municipality, full_name, email, temporary):
        """Create a user; asks for the password unless --temporary is given."""
        username = username.strip().lower()
        if db.session.scalar(db.select(User.id).where(User.username == username)):
            raise click.ClickException(f"user {username!r} already exists")
        place = None
        if role == Role.MEMBER.value:
            if not municipality:
                raise click.ClickException("a member user needs --municipality NAME")
            place = find_by_name(municipality)
            if place is None:
                raise click.ClickException(f"no municipality named {municipality!r}")
        elif municipality:
            raise click.ClickException("only member users belong to a municipality")
        if temporary:
            password = temporary_password()
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            problems = password_problems(password, username)
            if problems:
                raise click.ClickException(" ".join(problems))
        user = User(
            username=username,
            full_name=full_name or username,
            email=email,
            role=Role(role),
            municipality=place,
            password_hash="",
        )
        set_password(user, password, temporary=temporary)
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", user, actor_name="cli")
        db.session.commit()
        click.echo(f"created {username} ({role})")
        if temporary:
            click.echo(f"one-time password: {password}")
