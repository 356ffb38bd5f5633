"""Chromium (Debian's) driven by Playwright against the app served on 127.0.0.1.

Browser tests run when /usr/bin/chromium exists, and fail instead of skipping when
KBB_REQUIRE_BROWSER=1. The server is a real WSGI server in a thread, on its own SQLite file
with the demo data."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from kbb import create_app
from kbb.cli import ensure_demo_users, load_municipalities
from kbb.extensions import db
from tests.conftest import PASSWORD, TEST_HASH_METHOD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("KBB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KBB_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'live.sqlite3'}",
            "KBB_UPLOAD_DIR": str(instance / "uploads"),
            "KBB_OUTBOX_DIR": str(instance / "outbox"),
            "SECRET_KEY": "browser-test-secret-key-0123456789-abcdef",
            "KBB_DEMO_PASSWORD": PASSWORD,
            "KBB_LOGIN_RATE_LIMIT": "1000 per minute",
            "KBB_PASSWORD_HASH": TEST_HASH_METHOD,
        }
    )
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parents[2] / "migrations"))
        load_municipalities()
        ensure_demo_users(PASSWORD)
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(_chromium, base_url, request):
    context = _chromium.new_context(
        base_url=base_url, locale="tr-TR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/auth/login")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Parola").fill(password)
    page.get_by_role("button", name="Giriş yap").click()
    expect(page.get_by_role("button", name="Çıkış")).to_be_visible()


def logout(page) -> None:
    page.get_by_role("button", name="Çıkış").click()
    page.wait_for_url("**/auth/login")


@pytest.fixture(scope="session", autouse=True)
def _quiet_server_log():
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
