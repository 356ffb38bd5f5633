"""The member directory in real Chromium: live search, a member editing their contacts,
no JavaScript, phone width, accessibility."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kbb.extensions import db
from kbb.members import demo
from kbb.members.services import find_by_name
from tests.browser.conftest import login as _login
from tests.browser.conftest import logout


@pytest.fixture(scope="module", autouse=True)
def _directory(live_app):
    """The demo directory: contacts, mayors and membership dates (idempotent)."""
    with live_app.app_context():
        demo.seed()
        db.session.commit()


def login(page, username: str) -> None:
    """Sign in and wait for the dashboard (the boosted login must land before we navigate)."""
    _login(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoş geldiniz")


def _detail_url(live_app, name: str) -> str:
    with live_app.app_context():
        return f"/members/{find_by_name(name).id}"


def test_live_search_updates_without_page_load(page):
    login(page, "meram")
    page.goto("/members/")
    expect(page.locator("#results tbody tr")).to_have_count(25)
    page.evaluate("window.__marker = 'same-page'")
    page.get_by_label("Ara").fill("SEYDİŞEHİR")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Seydişehir Belediyesi")
    expect(page.locator("#results")).to_contain_text("(örnek)")  # the sample mayor
    assert page.evaluate("window.__marker") == "same-page"
    expect(page).to_have_url(re.compile(r"q=SEYD"))

    page.get_by_label("Ara").fill("şehir")
    expect(page.locator("#results tbody tr")).to_have_count(4)
    page.get_by_label("Türü").select_option("buyuksehir")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Konya Büyükşehir Belediyesi")
    expect(page).to_have_url(re.compile(r"kind=buyuksehir"))
    assert page.evaluate("window.__marker") == "same-page"
    assert page.console_errors == []


def test_member_edits_own_contact_details(page, live_app):
    login(page, "selcuklu")
    page.goto("/members/?q=selçuklu")
    page.get_by_role("link", name="Selçuklu Belediyesi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selçuklu Belediyesi")
    page.get_by_role("button", name="İletişim bilgilerini düzenle").click()
    expect(page.get_by_label("Belediye adı")).to_have_count(0)  # not theirs to change
    page.get_by_label("Telefon").fill("0332 12")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator(".field-error")).to_contain_text("Geçerli bir Türkiye telefon numarası")
    page.get_by_label("Telefon").fill("+90 (332) 350 01 02")
    page.get_by_label("E-posta").fill("iletisim@selcuklu.example")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("#messages")).to_contain_text("Bilgiler güncellendi.")
    expect(page.locator(".details")).to_contain_text("0332 350 01 02")
    expect(page.locator(".details")).to_contain_text("iletisim@selcuklu.example")

    page.get_by_role("button", name="İletişim kişisi ekle").click()
    expect(page.get_by_role("link", name="Aydınlatma metni")).to_be_visible()
    page.get_by_label("Ad soyad").fill("Deniz Tarayıcı (örnek)")
    page.get_by_label("Unvan / görev").fill("Bilgi İşlem Müdürü")
    page.get_by_label("İş telefonu").fill("0332 350 01 02 / 345")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.locator("#messages")).to_contain_text("Deniz Tarayıcı (örnek) eklendi.")
    row = page.locator("tr", has_text="Deniz Tarayıcı")
    expect(row).to_contain_text("0332 350 01 02, dahili 345")

    # another municipality: readable, no edit controls
    page.goto(_detail_url(live_app, "Meram"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meram Belediyesi")
    expect(page.get_by_text(re.compile("düzenle", re.I))).to_have_count(0)
    # the only console message is the browser noting the 422 of the invalid phone number
    assert [e for e in page.console_errors if "422" not in e] == []


def test_search_works_without_javascript(_chromium, base_url):
    context = _chromium.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    login(page, "personel")
    page.goto("/members/")
    page.get_by_label("Ara").fill("ilgin")
    page.get_by_role("button", name="Filtrele").click()
    expect(page).to_have_url(re.compile(r"q=ilgin"))
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Ilgın Belediyesi")
    context.close()


def test_phone_width_has_no_horizontal_scroll(_chromium, base_url, live_app):
    context = _chromium.new_context(base_url=base_url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    login(page, "personel")
    for url in ("/members/", _detail_url(live_app, "Selçuklu"), "/members/privacy"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px on a phone"
    context.close()


@pytest.mark.parametrize("which", ["list", "detail", "edit", "person"])
def test_no_serious_accessibility_violations(page, live_app, which):
    detail = _detail_url(live_app, "Meram")
    url = {
        "list": "/members/",
        "detail": detail,
        "edit": f"{detail}/edit",
        "person": f"{detail}/people/new",
    }[which]
    login(page, "personel")
    page.goto(url)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious


def test_deleting_a_person_asks_first(page):
    login(page, "personel")
    page.goto("/members/")
    page.get_by_role("link", name="Meram Belediyesi").first.click()
    delete = page.locator(".row-actions").first.get_by_role("button", name=re.compile("Sil"))
    expect(delete).to_be_visible()
    rows = page.locator(".row-actions").count()
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    delete.click()
    expect(page.locator(".row-actions")).to_have_count(rows)  # nothing deleted
    assert questions and questions[0].endswith("kaydı silinecek. Devam edilsin mi?")
    logout(page)
