"""Support requests in Chromium: the whole path from opening to rating."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_member_opens_staff_resolves_member_rates(page, tmp_path):
    document = tmp_path / "Encümen kararı.pdf"
    document.write_bytes(PDF)

    login(page, "meram")
    page.get_by_role("link", name="Destek talepleri").first.click()
    expect(page.get_by_role("heading", name=re.compile("Destek talepleri"))).to_be_visible()
    page.get_by_role("button", name="Yeni talep").click()
    expect(page.get_by_role("heading", name="Yeni destek talebi")).to_be_visible()
    page.get_by_label("Talep türü").select_option(label="Hukuk/Mevzuat")
    page.get_by_label("Konu").fill("Encümen kararına itiraz süresi")
    page.get_by_label("Açıklama").fill("Kararın tebliğinden itibaren süre nasıl hesaplanır?")
    page.get_by_label("Dosyalar").set_input_files(str(document))
    page.get_by_role("button", name="Talebi gönder").click()
    expect(page.locator("#messages")).to_contain_text("numarasıyla alındı")
    number = page.locator(".ticket-number").inner_text()
    assert re.fullmatch(r"DT-\d{4}-\d{6}", number)
    expect(page.locator(".timeline")).to_contain_text("Encümen kararı.pdf")
    url = page.url
    logout(page)

    login(page, "personel")
    expect(page.locator(".stat-card").first).to_be_visible()
    page.goto("/tickets/?view=unassigned")
    row = page.locator("tr", has_text=number)
    with page.expect_response(re.compile(r"/assign-me$")) as info:
        row.get_by_role("button", name=re.compile("Üstlen")).click()
    assert info.value.status == 200
    expect(page.locator("tr", has_text=number)).to_have_count(0)  # the view refreshes
    page.goto(url)
    expect(page.locator(".details")).to_contain_text("Ayşe Yıldız")
    page.get_by_label("Yanıtınız").fill("İç değerlendirme: Danıştay kararı var.")
    page.get_by_text("İç not (yalnızca Birlik personeli görür)").click()
    page.get_by_role("button", name="Gönder").click()
    expect(page.locator(".timeline .internal")).to_contain_text("Danıştay")
    page.get_by_label("Yanıtınız").fill("Süre tebliğden itibaren 7 gündür.")
    page.get_by_label("Yanıttan sonra durum").select_option(label="Çözüldü")
    page.get_by_role("button", name="Gönder").click()
    expect(page.locator(".ticket-head")).to_contain_text("Çözüldü")
    logout(page)

    login(page, "meram")
    expect(page.get_by_role("link", name=re.compile("Bildirimler"))).to_contain_text("1")
    page.goto(url)
    expect(page.locator(".timeline")).to_contain_text("7 gündür")
    expect(page.locator(".timeline")).not_to_contain_text("Danıştay")
    page.locator("label", has_text="4").first.click()
    page.get_by_label("Yorumunuz (isteğe bağlı)").fill("Teşekkürler")
    page.get_by_role("button", name="Değerlendir").click()
    expect(page.locator("#messages")).to_contain_text("teşekkürler")
    expect(page.locator(".details")).to_contain_text("4/5")
    assert page.console_errors == []


def test_too_many_files_are_flagged_before_upload(page, tmp_path):
    paths = []
    for i in range(6):
        path = tmp_path / f"not{i}.txt"
        path.write_text("not")
        paths.append(str(path))
    login(page, "selcuklu")
    page.goto("/tickets/new")
    page.get_by_label("Dosyalar").set_input_files(paths)
    message = page.get_by_label("Dosyalar").evaluate("el => el.validationMessage")
    assert "en fazla 5 dosya" in message


def test_filter_form_is_not_drawn_as_one_search_pill(page):
    """Pico styles role=search as one joined group: a pill around every field on focus and
    squared-off inner corners. The filter form is a landmark with separate fields."""
    login(page, "personel")
    page.get_by_role("link", name="Destek talepleri").first.click()
    page.get_by_label("Ara").focus()
    form = page.locator("#ticket-filters")
    assert form.evaluate("f => getComputedStyle(f).boxShadow") == "none"
    corners = page.get_by_label("Talep türü").evaluate(
        "e => [getComputedStyle(e).borderTopLeftRadius, getComputedStyle(e).borderTopRightRadius]"
    )
    assert corners[0] == corners[1] != "0px", corners


def test_taking_a_request_refreshes_the_unassigned_view(page, live_app):
    from kbb.auth.models import User
    from kbb.extensions import db
    from kbb.tickets import services
    from kbb.tickets.demo import ensure_categories

    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "meram"))
        ticket = services.create_ticket(
            author,
            municipality_id=author.municipality_id,
            category_id=ensure_categories()["Teknik"].id,
            subject="Sunucu yedekleme planı",
            body="Yedekleme için görüşünüzü rica ederiz.",
            uploads=(),
        )
        db.session.commit()
        ticket_id = ticket.id

    login(page, "personel")
    page.goto("/tickets/?view=unassigned")
    row = page.locator(f"#ticket-{ticket_id}")
    expect(row).to_be_visible()
    all_tab = page.locator(".status-tabs a").first.locator(".badge")
    before = int(all_tab.inner_text())
    row.get_by_role("button", name=re.compile("Üstlen")).click()
    expect(row).to_have_count(0)  # gone from the unassigned view, without a reload
    expect(all_tab).to_have_text(str(before - 1))
    expect(page.locator("#messages")).to_contain_text("Talep size atandı.")
    logout(page)


def test_filter_urls_hold_only_the_filters_in_use(page):
    login(page, "personel")
    page.goto("/tickets/")  # a whole page: htmx has set the form up once it has loaded
    page.get_by_label("Öncelik").select_option(label="Acil")
    expect(page).to_have_url(re.compile(r"priority=urgent"))
    query = page.evaluate("location.search")
    assert "=&" not in query + "&" and not query.endswith("="), query
    logout(page)


def test_closing_a_request_asks_first(page, live_app):
    from kbb.auth.models import User
    from kbb.extensions import db
    from kbb.tickets import services
    from kbb.tickets.demo import ensure_categories
    from kbb.tickets.models import Status, Ticket

    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "selcuklu"))
        ticket = services.create_ticket(
            author,
            municipality_id=author.municipality_id,
            category_id=ensure_categories()["Proje"].id,
            subject="Hibe başvurusu taslağı",
            body="Taslağı inceler misiniz?",
            uploads=(),
        )
        db.session.commit()
        ticket_id = ticket.id

    login(page, "selcuklu")
    page.goto(f"/tickets/{ticket_id}")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("button", name="Talebi kapat").click()
    expect(page.get_by_role("button", name="Talebi kapat")).to_be_visible()
    assert questions == ["Talep kapatılsın mı?"]
    with live_app.app_context():
        assert db.session.get(Ticket, ticket_id).status == Status.NEW  # still open

    page.once("dialog", lambda d: answer(d, True))
    page.get_by_role("button", name="Talebi kapat").click()
    expect(page.locator(".ticket-head")).to_contain_text("Kapatıldı")
    logout(page)


def test_list_cards_on_a_phone_say_which_date_is_which(page, live_app):
    from kbb.auth.models import User
    from kbb.extensions import db
    from kbb.tickets import services
    from kbb.tickets.demo import ensure_categories

    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "meram"))
        services.create_ticket(
            author,
            municipality_id=author.municipality_id,
            category_id=ensure_categories()["Teknik"].id,
            subject="Telefon görünümü",
            body="Kartlar okunaklı mı?",
            uploads=(),
        )
        db.session.commit()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "meram")
    page.goto("/tickets/")
    row = page.locator("table.tickets tbody tr").first
    labels = row.locator("td[data-label]").evaluate_all(
        "cells => cells.filter(c => c.offsetParent !== null)"
        ".map(c => getComputedStyle(c, '::before').content)"
    )
    assert '"Son tarih: "' in labels, labels
    logout(page)


def test_filters_fold_on_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "personel")
    page.goto("/tickets/")
    toggle = page.get_by_role("button", name="Filtreler")
    expect(page.get_by_label("Ara")).to_be_visible()
    expect(page.get_by_label("Öncelik")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_label("Öncelik")).to_be_visible()
    page.get_by_label("Öncelik").select_option(label="Acil")
    expect(page).to_have_url(re.compile(r"priority=urgent"))
    page.reload()  # a filter in use: open from the start
    expect(page.get_by_label("Öncelik")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name="Filtreler")).to_be_hidden()
    logout(page)


def test_on_a_phone_the_request_comes_before_the_staff_form(page, live_app):
    from kbb.auth.models import User
    from kbb.extensions import db
    from kbb.tickets import services
    from kbb.tickets.demo import ensure_categories

    with live_app.app_context():
        author = db.session.scalar(db.select(User).where(User.username == "meram"))
        ticket = services.create_ticket(
            author,
            municipality_id=author.municipality_id,
            category_id=ensure_categories()["Teknik"].id,
            subject="Okuma sırası",
            body="Önce talep, sonra form.",
            uploads=(),
        )
        db.session.commit()
        ticket_id = ticket.id
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "personel")
    page.goto(f"/tickets/{ticket_id}")
    body_top = page.locator(".ticket-body").bounding_box()["y"]
    form_top = page.locator(".ticket-side").bounding_box()["y"]
    assert body_top < form_top, (body_top, form_top)
    logout(page)
