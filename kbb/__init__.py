"""Konya Belediyeler Birliği intranet."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI."""
    from kbb import config as config_module

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(config_module.load(Path(app.instance_path), config))
    if app.config["KBB_TRUSTED_PROXIES"]:
        n = app.config["KBB_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    _init_extensions(app)
    _register_blueprints(app)

    from kbb import cli

    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from kbb.auth import permissions
    from kbb.auth.services import load_user
    from kbb.core import cache, errors, forms, i18n, notify, security
    from kbb.core.pagination import page_url, url_with
    from kbb.extensions import babel, csrf, db, limiter, login_manager, migrate

    # Models are imported before the mappers are configured.
    from kbb.models import import_all

    import_all()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    i18n.init_app(app)
    forms.install()
    app.jinja_env.globals.update(page_url=page_url, url_with=url_with)
    security.init_app(app)
    errors.init_app(app)
    permissions.init_app(app)
    notify.init_app(app)
    cache.init_app(app)

    @app.teardown_appcontext
    def _close(_exc):
        db.session.remove()


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record) -> None:
    """SQLite: foreign keys, WAL, a larger page cache, and the Turkish collation."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        from kbb.core.text import register_sqlite_collation

        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # 32 MB of page cache per connection (SQLite's default is 2 MB): a request list of
        # tens of thousands stays in memory instead of being re-read page by page
        cursor.execute("PRAGMA cache_size=-32000")
        cursor.close()
        register_sqlite_collation(dbapi_connection)


def _register_blueprints(app: Flask) -> None:
    from kbb.core.pagination import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added
    from kbb import admin, auth, core, dashboard, members, tickets
    from kbb.admin import views as _admin_views  # noqa: F401
    from kbb.auth import views as _auth_views  # noqa: F401
    from kbb.core import views as _core_views  # noqa: F401
    from kbb.dashboard import views as _dashboard_views  # noqa: F401
    from kbb.members import views as _members_views  # noqa: F401
    from kbb.tickets import views as _tickets_views  # noqa: F401

    for blueprint in (core.bp, auth.bp, dashboard.bp, admin.bp, members.bp, tickets.bp):
        app.register_blueprint(blueprint)
