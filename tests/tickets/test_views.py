"""Support request pages: scoping, internal notes, files, conflicts, exports, queries."""

from __future__ import annotations

import html
import io
import re

import pytest
from openpyxl import load_workbook

from kbb.extensions import db
from kbb.tickets import services
from kbb.tickets.models import Attachment, Status, Ticket, TicketEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def upload(name: str, content: bytes):
    return (io.BytesIO(content), name)


def test_member_opens_a_request_with_files(client, world, categories):
    client.login("selcuklu")
    response = client.post_form(
        "/tickets/new",
        {
            "subject": "Encümen kararı",
            "body": "Satır 1\nSatır 2",
            "category": categories["Hukuk/Mevzuat"].id,
            "files": [upload("karar.pdf", PDF), upload("foto.png", PNG)],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    ticket = db.session.scalar(db.select(Ticket))
    assert response.headers["Location"] == f"/tickets/{ticket.id}"
    assert re.fullmatch(r"DT-\d{4}-000001", ticket.number)
    assert ticket.municipality_id == world["member"].municipality_id
    html = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert ticket.number in html and "karar.pdf" in html and "foto.png" in html
    assert "Satır 1<br>Satır 2" in html
    # the Union is notified (staff and admin)
    client.logout()
    client.login("personel")
    assert "Yeni destek talebi" in client.get("/notifications/").get_data(as_text=True)


def test_member_cannot_choose_another_municipality(client, world, categories):
    client.login("selcuklu")
    client.post_form(
        "/tickets/new",
        {
            "subject": "x",
            "body": "y",
            "category": categories["Teknik"].id,
            "municipality_id": world["meram"].id,
            "priority": "urgent",
        },
    )
    ticket = db.session.scalar(db.select(Ticket))
    assert ticket.municipality_id == world["selcuklu"].id
    assert ticket.priority.value == "normal"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "uzantısıyla uyuşmuyor",
        ),
        ("sayfa.html", b"<html><script>alert(1)</script></html>", "kabul edilmiyor"),
        (
            "sayfa.txt",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "uzantısıyla uyuşmuyor",
        ),
        ("program.exe", b"MZ\x90\x00", "kabul edilmiyor"),
        ("bos.pdf", b"", "boş"),
    ],
)
def test_bad_files_are_refused_and_text_kept(client, world, categories, name, content, message):
    client.login("selcuklu")
    response = client.post_form(
        "/tickets/new",
        {
            "subject": "Dosyalı talep",
            "body": "Uzun açıklama metnim",
            "category": categories["Teknik"].id,
            "files": [upload(name, content)],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Uzun açıklama metnim" in html
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_file_limits(client, world, categories):
    client.login("selcuklu")
    data = {"subject": "s", "body": "b", "category": categories["Teknik"].id}
    six = [upload(f"n{i}.txt", b"not\n") for i in range(6)]
    response = client.post_form(
        "/tickets/new", {**data, "files": six}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "en fazla 5 dosya" in response.get_data(as_text=True)
    big = [upload("buyuk.txt", b"a" * (10 * 1024 * 1024 + 1))]
    response = client.post_form(
        "/tickets/new", {**data, "files": big}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "10 MB" in response.get_data(as_text=True)


def test_too_large_request_is_a_clear_413(app, client, world, categories):
    client.login("selcuklu")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post_form(
            "/tickets/new",
            {
                "subject": "s",
                "body": "b",
                "category": categories["Teknik"].id,
                "files": [upload("a.txt", b"a" * 5000)],
            },
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 55 * 1024 * 1024
    assert response.status_code == 413
    assert "Dosya çok büyük" in response.get_data(as_text=True)


def _ticket_urls(t) -> list[str]:
    return [f"/tickets/{t.id}"]


def test_other_municipality_sees_404_everywhere(client, tickets, make_ticket):
    other = tickets["other_ticket"]
    services.add_reply(other, tickets["staff"], "ek", uploads=[("a.pdf", "application/pdf", PDF)])
    db.session.commit()
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.ticket_id == other.id))
    client.login("selcuklu")
    for url in (f"/tickets/{other.id}", f"/tickets/{other.id}/files/{attachment.id}"):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    for action in ("reply", "close", "reopen", "rate", "triage", "assign-me"):
        response = client.post_form(f"/tickets/{other.id}/{action}", {"body": "x", "rating": "5"})
        assert response.status_code in (403, 404), action
    assert db.session.get(Ticket, other.id).status == Status.IN_PROGRESS
    for url in ("/tickets/", "/tickets/?q=Meram", "/tickets/export.csv", "/tickets/export.xlsx"):
        body = client.get(url).get_data()
        assert other.number.encode() not in body, url
    fragment = client.htmx("/tickets/?q=talebi").get_data(as_text=True)
    assert "Selçuklu talebi" in fragment and "Meram talebi" not in fragment
    # both users of a municipality see all of its requests
    assert tickets["ticket"].number in client.get("/tickets/").get_data(as_text=True)


def test_internal_notes_never_reach_members(client, tickets):
    ticket = tickets["ticket"]
    services.add_reply(
        ticket,
        tickets["staff"],
        "GİZLİ-NOT içerik",
        internal=True,
        uploads=[("gizli.pdf", "application/pdf", PDF)],
    )
    db.session.commit()
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.internal.is_(True)))
    client.login("selcuklu")
    pages = [
        client.get(f"/tickets/{ticket.id}"),
        client.get("/tickets/export.csv"),
        client.get("/tickets/export.xlsx"),
        client.get("/notifications/"),
        client.htmx("/tickets/?q=gizli"),
        client.get("/"),
    ]
    for page in pages:
        body = page.get_data()
        assert "GİZLİ-NOT".encode() not in body and b"gizli.pdf" not in body
    assert client.get(f"/tickets/{ticket.id}/files/{attachment.id}").status_code == 404
    from kbb.core.notify import OutboxMail

    for mail in db.session.scalars(db.select(OutboxMail)):
        assert "GİZLİ-NOT" not in mail.body
    client.logout()
    client.login("personel")
    assert "GİZLİ-NOT" in client.get(f"/tickets/{ticket.id}").get_data(as_text=True)


def test_forged_internal_flag_from_member_is_ignored(client, tickets):
    ticket = tickets["ticket"]
    client.login("selcuklu")
    client.post_form(f"/tickets/{ticket.id}/reply", {"body": "Bizim yanıt", "internal": "y"})
    client.logout()
    client.login("meram")  # sanity: not visible to another municipality
    client.logout()
    client.login("selcuklu")
    assert "Bizim yanıt" in client.get(f"/tickets/{ticket.id}").get_data(as_text=True)


def test_download_is_an_attachment_with_nosniff(client, tickets):
    ticket = tickets["ticket"]
    services.add_reply(
        ticket, tickets["staff"], "ek", uploads=[("Görüş yazısı.pdf", "application/pdf", PDF)]
    )
    db.session.commit()
    attachment = db.session.scalar(db.select(Attachment))
    client.login("selcuklu")
    response = client.get(f"/tickets/{ticket.id}/files/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "G%C3%B6r%C3%BC%C5%9F" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert attachment.stored_name not in attachment.original_name


def test_escaping_of_subject_body_and_file_names(client, world, make_ticket):
    ticket = make_ticket(
        world["member"],
        subject="<script>alert(1)</script>",
        body="<img src=x onerror=alert(2)>",
        uploads=[("<b>x</b>.pdf", "application/pdf", PDF)],
    )
    client.login("personel")
    for url in (f"/tickets/{ticket.id}", "/tickets/", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "<b>x</b>" not in html
    assert "&lt;script&gt;" in client.get("/tickets/").get_data(as_text=True)


def test_staff_queue_filters_and_counts(client, tickets, make_ticket):
    staff = tickets["staff"]
    services.assign(tickets["ticket"], staff, staff.id)
    db.session.commit()
    client.login("personel")
    html = client.get("/tickets/").get_data(as_text=True)
    assert "Selçuklu talebi" in html and "Meram talebi" in html
    mine = client.get("/tickets/?view=mine").get_data(as_text=True)
    assert "Selçuklu talebi" in mine and "Meram talebi" not in mine
    unassigned = client.get("/tickets/?view=unassigned").get_data(as_text=True)
    assert "Meram talebi" in unassigned and "Selçuklu talebi" not in unassigned
    by_town = client.get(f"/tickets/?municipality={tickets['meram'].id}").get_data(as_text=True)
    assert "Meram talebi" in by_town and "Selçuklu talebi" not in by_town
    search = client.get("/tickets/?q=SELCUKLU").get_data(as_text=True)
    assert "Selçuklu talebi" in search and "Meram talebi" not in search
    number = client.get(f"/tickets/?q={tickets['other_ticket'].number}").get_data(as_text=True)
    assert "Meram talebi" in number and "Selçuklu talebi" not in number
    for q in ("%", "_", "'", "\\", "a%b"):
        assert client.get("/tickets/", query_string={"q": q}).status_code == 200
    resolved = client.get("/tickets/?status=resolved").get_data(as_text=True)
    assert "Bu ölçütlere uyan talep yok" in resolved
    assert client.get("/tickets/?status=bozuk&sort=bozuk&page=x").status_code == 200


def test_overdue_view(client, tickets):
    ticket = tickets["ticket"]
    ticket.due_on = ticket.opened_on.replace(year=ticket.opened_on.year - 1)
    db.session.commit()
    client.login("personel")
    html = client.get("/tickets/?view=overdue").get_data(as_text=True)
    assert "Selçuklu talebi" in html and "Meram talebi" not in html
    assert "Süresi geçmiş" in client.get("/").get_data(as_text=True)


def test_exports_open_and_hold_the_rows(client, tickets):
    client.login("personel")
    csv_response = client.get("/tickets/export.csv?q=talebi")
    assert csv_response.headers["Content-Disposition"].startswith("attachment")
    text = csv_response.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Numara;Belediye;Talep türü")
    assert "Selçuklu Belediyesi" in text and "Meram Belediyesi" in text
    xlsx = client.get(f"/tickets/export.xlsx?municipality={tickets['meram'].id}")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Numara", "Belediye", "Talep türü")
    assert len(rows) == 2 and rows[1][1] == "Meram Belediyesi"
    # dates are dates in Excel (sortable), in Istanbul time, shown the Turkish way
    opened = sheet.cell(row=2, column=rows[0].index("Açılış") + 1)
    assert opened.is_date and opened.value.date() == tickets["other_ticket"].opened_on
    assert opened.number_format == "dd.mm.yyyy"
    due = sheet.cell(row=2, column=rows[0].index("Son tarih") + 1)
    assert due.is_date and due.number_format == "dd.mm.yyyy"


def test_triage_conflict_keeps_input(client, tickets):
    ticket = tickets["ticket"]
    client.login("personel")
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    services.add_reply(ticket, tickets["member"], "araya giren yanıt")
    db.session.commit()
    response = client.post_form(
        f"/tickets/{ticket.id}/triage",
        {
            "status": "resolved",
            "priority": "urgent",
            "assignee_id": tickets["staff"].id,
            "category_id": ticket.category_id,
            "due_on": "",
            "version": version,
        },
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "başka biri tarafından değiştirildi" in html
    assert re.search(r'<option selected value="urgent">|<option value="urgent" selected>', html)
    assert db.session.get(Ticket, ticket.id).priority.value == "normal"


def test_whole_path_views(client, tickets):
    ticket = tickets["ticket"]
    client.login("personel")
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post_form(
        f"/tickets/{ticket.id}/triage",
        {
            "status": "in_progress",
            "priority": "high",
            "assignee_id": tickets["staff"].id,
            "category_id": ticket.category_id,
            "due_on": "",
            "version": version,
        },
    )
    assert response.status_code == 303
    client.post_form(f"/tickets/{ticket.id}/reply", {"body": "İç değerlendirme", "internal": "y"})
    client.post_form(f"/tickets/{ticket.id}/reply", {"body": "Cevabımız", "status": "resolved"})
    assert db.session.get(Ticket, ticket.id).status == Status.RESOLVED
    client.logout()
    client.login("selcuklu")
    html = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Cevabımız" in html and "İç değerlendirme" not in html and "Yanıtı değerlendirin" in html
    assert (
        client.post_form(
            f"/tickets/{ticket.id}/rate", {"rating": "5", "comment": "Süper"}
        ).status_code
        == 303
    )
    assert db.session.get(Ticket, ticket.id).rating == 5
    assert client.post_form(f"/tickets/{ticket.id}/rate", {"rating": "9"}).status_code == 422


def test_categories_are_managed_by_staff(client, world, categories):
    client.login("personel")
    response = client.post_form(
        "/tickets/categories/", {"name": "Eğitim", "description": "", "active": "y"}
    )
    assert response.status_code == 303
    assert client.post_form("/tickets/categories/", {"name": "Teknik"}).status_code == 422
    teknik = categories["Teknik"]
    client.post_form(f"/tickets/categories/{teknik.id}", {"name": "Teknik Destek"})
    db.session.refresh(teknik)
    assert teknik.name == "Teknik Destek" and not teknik.active


def test_list_and_detail_run_a_bounded_number_of_queries(
    client, tickets, make_ticket, count_queries
):
    for i in range(30):
        t = make_ticket(tickets["member"], subject=f"Yük {i}")
        services.add_reply(t, tickets["staff"], "yanıt", uploads=[("a.txt", "text/plain", b"x")])
    db.session.commit()
    ticket_id = t.id
    client.login("personel")
    with count_queries() as list_queries:
        assert client.get("/tickets/").status_code == 200
    with count_queries() as detail_queries:
        assert client.get(f"/tickets/{ticket_id}").status_code == 200
    with count_queries() as fragment_queries:
        assert client.htmx("/tickets/?q=yuk").status_code == 200
    # the user with the unread counter, counts per status, the rows; the filter options
    # (request types, staff, municipalities) once, then from the cache
    assert len(list_queries) <= 6, list_queries
    # the user, the ticket with its joins, the events with their actors and files
    assert len(detail_queries) <= 3, detail_queries
    assert len(fragment_queries) <= 3, fragment_queries
    with count_queries() as warm_list_queries:
        assert client.get("/tickets/").status_code == 200
    assert len(warm_list_queries) <= 3, warm_list_queries


def test_member_pages_load_the_municipality_with_the_user(client, tickets, count_queries):
    client.login("selcuklu")
    client.get("/tickets/")  # warm the option cache
    with count_queries() as queries:
        page = client.get("/tickets/").get_data(as_text=True)
    assert "Selçuklu Belediyesi" in page  # in the navigation and the heading
    # the user (with unread counter and municipality), counts, rows
    assert len(queries) <= 3, queries


def test_search_pages_and_counts(client, tickets, make_ticket):
    for i in range(27):
        make_ticket(tickets["member"], subject=f"Kanalizasyon {i:02d}")
    client.login("personel")
    first = client.get("/tickets/?q=KANALİZASYON&sort=-created").get_data(as_text=True)
    second = client.get("/tickets/?q=kanalizasyon&sort=-created&page=2").get_data(as_text=True)
    assert "27 kayıt" in first and "Kanalizasyon 26" in first and "Kanalizasyon 01" not in first
    assert "Kanalizasyon 01" in second and "Kanalizasyon 00" in second
    assert "Kanalizasyon 26" not in second
    assert client.get("/tickets/?q=kanalizasyon&page=99").status_code == 200
    closed = client.get("/tickets/?q=kanalizasyon&status=closed").get_data(as_text=True)
    assert "Bu ölçütlere uyan talep yok" in closed


@pytest.mark.parametrize(
    "url",
    [
        "/tickets/99999999999999999999",
        "/tickets/2147483648",
        "/tickets/1/files/99999999999999999999",
        "/tickets/categories/99999999999",
    ],
)
def test_huge_ids_are_404_not_500(client, world, url):
    client.login("personel")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "category=99999999999999999999",
        "municipality=2147483648",
        "assignee=-5",
        "fmt=x",
        "_anchor=x",
        "_external=1",
        "_scheme=ftp",
        "page=99999999999999999999",
        "status=%00",
        "q=%00abc",
    ],
)
def test_odd_query_strings_never_500(client, tickets, query):
    client.login("personel")
    response = client.get(f"/tickets/?{query}")
    assert response.status_code == 200
    assert "ftp://" not in response.get_data(as_text=True)
    assert client.get(f"/tickets/export.xlsx?{query}").status_code == 200


def test_control_characters_are_dropped_and_excel_still_opens(client, world, categories):
    client.login("meram")
    client.post_form(
        "/tickets/new",
        {
            "subject": "Kontrol\x01karakteri",
            "body": "a\x00b\nc",
            "category": categories["Teknik"].id,
        },
    )
    ticket = db.session.scalar(db.select(Ticket))
    assert ticket.subject == "Kontrolkarakteri" and ticket.body == "ab\nc"
    client.logout()
    client.login("personel")
    response = client.get("/tickets/export.xlsx")
    assert response.status_code == 200
    load_workbook(io.BytesIO(response.data))


def test_conflict_then_resubmit_applies(client, tickets):
    ticket = tickets["ticket"]
    client.login("personel")
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    services.add_reply(ticket, tickets["member"], "araya giren yanıt")
    db.session.commit()
    form = {
        "status": "in_progress",
        "priority": "urgent",
        "assignee_id": "",
        "category_id": ticket.category_id,
        "due_on": "",
        "version": version,
    }
    conflict = client.post_form(f"/tickets/{ticket.id}/triage", form)
    assert conflict.status_code == 409
    assert conflict.headers["HX-Push-Url"] == f"/tickets/{ticket.id}"
    form["version"] = re.search(
        r'name="version" type="hidden" value="(\d+)"', conflict.get_data(as_text=True)
    ).group(1)
    assert client.post_form(f"/tickets/{ticket.id}/triage", form).status_code == 303
    assert db.session.get(Ticket, ticket.id).priority.value == "urgent"


def test_take_refuses_a_ticket_a_colleague_took(client, tickets):
    ticket = tickets["ticket"]
    services.assign(ticket, tickets["admin"], tickets["admin"].id)
    db.session.commit()
    client.login("personel")
    response = client.post(
        f"/tickets/{ticket.id}/assign-me",
        headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 409 and "üstlendi" in response.get_data(as_text=True)
    assert db.session.get(Ticket, ticket.id).assignee_id == tickets["admin"].id


def test_taking_a_request_refreshes_the_list_being_looked_at(client, tickets):
    """The taken row is swapped at once; then the list (counts, and the unassigned view
    without that row) reloads itself from the URL the user is looking at."""
    ticket = tickets["ticket"]
    client.login("personel")
    url = "/tickets/?view=unassigned&status=open"
    page = client.get(url).get_data(as_text=True)
    assert f'id="ticket-{ticket.id}"' in page
    refresher = re.search(r'<div hidden class="list-refresh" hx-get="([^"]+)"', page)
    assert refresher and html.unescape(refresher.group(1)) == url
    response = client.post(
        f"/tickets/{ticket.id}/assign-me",
        headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "tickets-changed"
    fragment = response.get_data(as_text=True)
    assert tickets["staff"].full_name in fragment
    # and says so in the message area (announced to screen readers)
    assert re.search(r'<div id="messages"[^>]*hx-swap-oob="true"', fragment)
    assert "Talep size atandı." in fragment
    reloaded = client.htmx(url).get_data(as_text=True)  # what the refresher asks for
    assert f'id="ticket-{ticket.id}"' not in reloaded


def test_triage_keeps_an_inactive_category(client, tickets, categories):
    ticket = tickets["ticket"]
    hukuk = categories["Hukuk/Mevzuat"]
    hukuk.active = False
    db.session.commit()
    client.login("personel")
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{hukuk.id}">|<option value="{hukuk.id}" selected', page
    )
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post_form(
        f"/tickets/{ticket.id}/triage",
        {
            "status": "in_progress",
            "priority": "normal",
            "assignee_id": "",
            "category_id": hukuk.id,
            "due_on": ticket.due_on.isoformat(),
            "version": version,
        },
    )
    assert response.status_code == 303
    assert db.session.get(Ticket, ticket.id).category_id == hukuk.id


def test_triage_due_date_out_of_range_is_refused(client, tickets):
    ticket = tickets["ticket"]
    client.login("personel")
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post_form(
        f"/tickets/{ticket.id}/triage",
        {
            "status": "new",
            "priority": "normal",
            "assignee_id": "",
            "category_id": ticket.category_id,
            "due_on": "9999-12-31",
            "version": version,
        },
    )
    assert response.status_code == 422 and "üç yıl" in response.get_data(as_text=True)


def test_staff_queue_starts_with_open_requests(client, tickets):
    services.close(tickets["ticket"], tickets["staff"])
    db.session.commit()
    client.login("personel")
    html = client.get("/tickets/").get_data(as_text=True)
    assert "Meram talebi" in html and "Selçuklu talebi" not in html
    everything = client.get("/tickets/?status=all").get_data(as_text=True)
    assert "Selçuklu talebi" in everything


def test_failed_reply_leaves_no_file_behind(app, tickets):
    from pathlib import Path

    ticket = tickets["ticket"]
    folder = Path(app.config["KBB_UPLOAD_DIR"])
    before = set(folder.glob("*"))
    services.add_reply(ticket, tickets["staff"], "x", uploads=[("a.pdf", "application/pdf", PDF)])
    assert len(set(folder.glob("*")) - before) == 1  # written...
    db.session.rollback()  # ...and the transaction fails (a conflict at commit, say)
    assert set(folder.glob("*")) == before


def test_a_reply_to_a_request_closed_meanwhile_keeps_its_text(client, tickets):
    ticket = tickets["ticket"]
    client.login("selcuklu")
    client.get(f"/tickets/{ticket.id}")
    services.close(ticket, tickets["staff"])  # closed in another tab / by a colleague
    db.session.commit()
    text = "Ek bilgi: <encümen> kararı 12/3 sayılı."
    response = client.post_form(f"/tickets/{ticket.id}/reply", {"body": text})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "yanıtınız eklenemedi" in page
    assert "Ek bilgi: &lt;encümen&gt; kararı 12/3 sayılı." in page  # kept, and escaped
    assert "yeniden açın" not in page  # a closed request cannot be reopened
    assert (
        db.session.scalar(db.select(db.func.count(TicketEvent.id)).where(TicketEvent.body == text))
        == 0
    )


def test_exports_speak_the_users_language(client, tickets):
    client.login("personel")
    client.post_form("/lang", {"lang": "en", "next": "/"})
    response = client.get("/tickets/export.csv?status=all")
    header = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert header.split(";") == [
        "Number",
        "Municipality",
        "Request type",
        "Subject",
        "Status",
        "Priority",
        "Assignee",
        "Opened",
        "Due date",
        "Resolved",
        "Rating",
    ]
    assert "support-requests-" in response.headers["Content-Disposition"]


def test_detail_page_ids_are_unique(client, tickets):
    client.login("personel")
    page = client.get(f"/tickets/{tickets['ticket'].id}").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert page.count("<form") >= 3
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
