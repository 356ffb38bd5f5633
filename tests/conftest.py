"""Fixtures: the app on SQLite (and on PostgreSQL when KBB_TEST_DATABASE_URL is set),
a CSRF-aware test client, and factories for municipalities and users."""

from __future__ import annotations

import contextvars
import os
import re
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import MetaData, text
from werkzeug.security import generate_password_hash

from kbb import create_app
from kbb.auth.models import Role, User
from kbb.core import cache
from kbb.extensions import db, limiter
from kbb.members.models import Municipality, MunicipalityKind

PASSWORD = "Dogru-Parola-123"
# scrypt at a lower cost in tests (production keeps N=2**15); hashed once for the factories
TEST_HASH_METHOD = "scrypt:1024:8:1"
PASSWORD_HASH = generate_password_hash(PASSWORD, method=TEST_HASH_METHOD)
TOKEN_RE = re.compile(
    r'"X-CSRFToken": "([^"]+)"|name="csrf_token" (?:type="hidden" )?value="([^"]+)"'
)


def pytest_configure(config):
    os.environ.setdefault("KBB_ENV", "development")


class KbbClient(FlaskClient):
    """A test client that sends the CSRF token with every state-changing request.

    Each request runs in a fresh context, as in a real server (its own application context,
    ``g`` and database session); the test's own session is committed before and after, so
    the test sees what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.commit()
        return response

    def csrf_token(self) -> str:
        page = self.get("/auth/login", follow_redirects=True).get_data(as_text=True)
        match = TOKEN_RE.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def htmx(self, url: str, **kwargs):
        headers = {"HX-Request": "true", "HX-Target": "results", **kwargs.pop("headers", {})}
        return self.get(url, headers=headers, **kwargs)

    def login(self, username: str, password: str = PASSWORD, **kwargs):
        return self.post_form("/auth/login", {"username": username, "password": password}, **kwargs)

    def logout(self):
        return self.post_form("/auth/logout")


def _drop_everything(engine) -> None:
    meta = MetaData()
    meta.reflect(bind=engine)
    meta.drop_all(bind=engine)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    url = os.environ.get("KBB_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("KBB_REQUIRE_POSTGRES") == "1":
            pytest.fail("KBB_REQUIRE_POSTGRES=1 but KBB_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL tests need KBB_TEST_DATABASE_URL")
    return url


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "KBB_UPLOAD_DIR": str(instance / "uploads"),
            "KBB_OUTBOX_DIR": str(instance / "outbox"),
            "SECRET_KEY": "test-secret-key-not-for-production-use-0123456789",
            "KBB_DEMO_PASSWORD": PASSWORD,
            "KBB_PASSWORD_HASH": TEST_HASH_METHOD,
        }
    )
    app.test_client_class = KbbClient
    with app.app_context():
        _drop_everything(db.engine)
        upgrade(directory=str(Path(__file__).parent.parent / "migrations"))
    return app


@pytest.fixture
def app(_app):
    """The app with an application context; every table is emptied after the test."""
    limiter.reset()
    with _app.app_context():
        yield _app
        db.session.rollback()
        db.session.remove()
        cache.clear()  # the rows are emptied below, behind the ORM's back
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in reversed(tables):
                    conn.execute(text(f"DELETE FROM {name}"))  # noqa: S608 - our table names


@pytest.fixture
def client(app) -> KbbClient:
    return app.test_client()


@pytest.fixture
def make_municipality(app):
    def make(name: str = "Selçuklu Belediyesi", **kwargs) -> Municipality:
        kwargs.setdefault("kind", MunicipalityKind.DISTRICT)
        kwargs.setdefault("province", "Konya")
        kwargs.setdefault("district", name.replace(" Belediyesi", ""))
        municipality = Municipality(name=name, **kwargs)
        db.session.add(municipality)
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def make_user(app, make_municipality):
    def make(
        username: str = "kullanici",
        role: Role | str = Role.STAFF,
        municipality: Municipality | None = None,
        **kwargs,
    ) -> User:
        role = Role(role)
        if role == Role.MEMBER and municipality is None:
            municipality = (
                db.session.scalar(
                    db.select(Municipality).where(Municipality.name == "Selçuklu Belediyesi")
                )
                or make_municipality()
            )
        kwargs.setdefault("full_name", username.title())
        kwargs.setdefault("email", f"{username}@example.org")
        user = User(
            username=username,
            role=role,
            municipality=municipality,
            password_hash=PASSWORD_HASH,
            **kwargs,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def world(make_user, make_municipality):
    """Two municipalities and a user of every role."""
    selcuklu = make_municipality("Selçuklu Belediyesi")
    meram = make_municipality("Meram Belediyesi")
    return {
        "selcuklu": selcuklu,
        "meram": meram,
        "admin": make_user("admin", Role.ADMIN, full_name="Ali Yönetici"),
        "staff": make_user("personel", Role.STAFF, full_name="Ayşe Personel"),
        "member": make_user("selcuklu", Role.MEMBER, selcuklu, full_name="Mehmet Selçuklu"),
        "other_member": make_user("meram", Role.MEMBER, meram, full_name="Zeynep Meram"),
    }


@pytest.fixture
def count_queries(app):
    """``with count_queries() as queries: ...`` -> ``len(queries)`` SQL statements were run."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting
