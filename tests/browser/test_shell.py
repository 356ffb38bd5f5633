"""The intranet shell in real Chromium: roles, user creation, CSRF across sessions, expiry, a11y."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import login, logout
from tests.conftest import PASSWORD

NAV = {
    "admin": ["Ana sayfa", "Destek talepleri", "Üye belediyeler", "Kullanıcılar", "Denetim kaydı"],
    "personel": ["Ana sayfa", "Destek talepleri", "Üye belediyeler"],
    "selcuklu": ["Ana sayfa", "Destek talepleri", "Üye belediyeler"],
    "meram": ["Ana sayfa", "Destek talepleri", "Üye belediyeler"],
}


@pytest.mark.parametrize("username", list(NAV))
def test_each_role_sees_its_navigation(page, username):
    login(page, username)
    nav = page.get_by_role("navigation", name="Ana menü")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoş geldiniz")
    links = [t.strip() for t in nav.locator(".main-nav a").all_inner_texts()]
    assert links == NAV[username]
    if username in ("selcuklu", "meram"):
        expect(nav).to_contain_text("Belediyesi")
    assert page.console_errors == []


def test_admin_creates_user_who_must_change_password(page, _chromium, base_url):
    login(page, "admin")
    page.get_by_role("link", name="Kullanıcılar").first.click()
    page.get_by_role("button", name="Yeni kullanıcı").click()
    page.get_by_label("Kullanıcı adı").fill("karatay.bt")
    page.get_by_label("Ad soyad").fill("Fatma Karatay")
    page.get_by_label("E-posta").fill("fatma@karatay.example")
    page.get_by_label("Rol").select_option("member")
    page.get_by_label("Belediye").select_option(label="Karatay Belediyesi")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_role("heading", name="Kullanıcı oluşturuldu")).to_be_visible()
    password = page.locator("#temporary-password code").inner_text().strip()
    assert re.fullmatch(r"[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}", password)

    other = _chromium.new_context(base_url=base_url)
    user_page = other.new_page()
    login(user_page, "karatay.bt", password)
    expect(user_page).to_have_url(re.compile(r"/auth/password$"))
    user_page.goto("/members/")
    expect(user_page).to_have_url(re.compile(r"/auth/password$"))
    user_page.get_by_label("Şu anki parola").fill(password)
    user_page.locator("#new_password").fill("Karatay-Yeni-2026")
    user_page.get_by_label("Yeni parola (tekrar)").fill("Karatay-Yeni-2026")
    user_page.get_by_role("button", name="Parolayı değiştir").click()
    expect(user_page.locator("#messages")).to_contain_text("Parolanız değiştirildi")
    expect(user_page.get_by_role("heading", level=1)).to_contain_text("Fatma Karatay")
    other.close()


def test_logout_login_same_tab_then_htmx_post_passes_csrf(page):
    login(page, "admin")
    logout(page)
    login(page, "admin")
    page.get_by_role("link", name="Kullanıcılar").first.click()  # boosted: same tab
    expect(page).to_have_url(re.compile(r"/admin/users/$"))  # swapped and set up by htmx
    page.get_by_label("Ara").fill("meram")
    row = page.locator("tr", has_text="meram").first
    expect(page.locator("#results tbody tr")).to_have_count(1)
    with page.expect_response(re.compile(r"/deactivate$")) as info:
        row.get_by_role("button", name=re.compile("Pasifleştir")).click()
    assert info.value.status == 200
    expect(page.locator("#results tbody tr").first).to_contain_text("Pasif")
    # and back, so the demo account stays usable
    with page.expect_response(re.compile(r"/activate$")) as info:
        page.locator("#results tbody tr").first.get_by_role(
            "button", name=re.compile("Etkinleştir")
        ).click()
    assert info.value.status == 200
    expect(page.locator("#results tbody tr").first).to_contain_text("Etkin")


def test_live_search_updates_without_page_load(page):
    login(page, "admin")
    page.goto("/admin/users/")
    page.evaluate("window.__marker = 'same-page'")
    page.get_by_label("Ara").fill("SELÇUK")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("selcuklu")
    assert page.evaluate("window.__marker") == "same-page"
    expect(page).to_have_url(re.compile(r"q=SEL"))


def test_expired_session_during_htmx_lands_on_login(page):
    login(page, "admin")
    page.goto("/admin/users/")
    page.context.clear_cookies()
    page.get_by_label("Ara").fill("meram")
    page.wait_for_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("giriş")
    assert page.locator("#results").count() == 0


def test_keyboard_only_login(page):
    page.goto("/auth/login")
    expect(page.get_by_label("Kullanıcı adı")).to_be_focused()  # autofocus
    page.keyboard.type("personel")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoş geldiniz")
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_phone_width_has_no_horizontal_scroll(_chromium, base_url):
    context = _chromium.new_context(base_url=base_url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    login(page, "admin")
    for url in ("/", "/admin/users/", "/members/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px on a phone"
    context.close()


def test_works_without_javascript(_chromium, base_url):
    context = _chromium.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    login(page, "admin")
    page.goto("/admin/users/?q=meram")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.locator("#results tbody tr").first.get_by_role("button").click()
    expect(page.locator("#messages")).to_contain_text("pasifleştirildi")
    page.get_by_role("button", name="Etkinleştir").click()
    expect(page.locator("#messages")).to_contain_text("yeniden etkinleştirildi")
    context.close()


@pytest.mark.parametrize("url", ["/auth/login", "/", "/admin/users/", "/admin/audit/"])
def test_no_serious_accessibility_violations(page, url):
    if url != "/auth/login":
        login(page, "admin")
    page.goto(url)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious


def test_language_switch_keeps_the_live_filters_and_sets_the_page_language(page):
    login(page, "personel")
    page.goto("/tickets/")
    page.get_by_label("Öncelik").select_option(label="Acil")
    expect(page).to_have_url(re.compile(r"priority=urgent"))  # changed without a page load
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support requests")
    expect(page).to_have_url(re.compile(r"/tickets/\?.*priority=urgent"))
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="Türkçe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Destek talepleri")
    assert page.evaluate("document.documentElement.lang") == "tr"
    logout(page)
