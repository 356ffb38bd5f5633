"""The member directory in the browser's place: list, search, detail, edits, people."""

from __future__ import annotations

from datetime import date

import pytest

from kbb.auth.models import Role
from kbb.core.audit import AuditLog
from kbb.core.text import sort_key
from kbb.extensions import db
from kbb.members import demo
from kbb.members.models import (
    EventKind,
    MembershipEvent,
    MembershipStatus,
    Municipality,
    MunicipalityKind,
    Person,
    PersonRole,
)
from tests.members.conftest import listed

ODD = 'Deneme %50_a\'b\\c "tırnak" Belediyesi'


def names(client, **params) -> list[str]:
    return listed(client.get("/members/", query_string=params).get_data(as_text=True))


# Search, order, filters, pages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ilgin", {"Ilgın Belediyesi"}),
        ("ILGIN", {"Ilgın Belediyesi"}),
        ("SEYDİŞEHİR", {"Seydişehir Belediyesi"}),
        ("seydisehir", {"Seydişehir Belediyesi"}),
        (
            "şehir",
            {
                "Akşehir Belediyesi",
                "Beyşehir Belediyesi",
                "Seydişehir Belediyesi",
                "Konya Büyükşehir Belediyesi",
            },
        ),
        ("  EREĞLİ ", {"Ereğli Belediyesi"}),
        ("%", {ODD}),
        ("_", {ODD}),
        ("'", {ODD}),
        ('"', {ODD}),
        ("\\", {ODD}),
        ("%50_a'b\\c", {ODD}),
        ("5%", set()),
        ("a_b", set()),
        ("' OR 1=1 --", set()),
        ("zzz", set()),
    ],
)
def test_search_is_turkish_insensitive_and_literal(
    client, world, konya, make_municipality, q, expected
):
    make_municipality(ODD, kind=MunicipalityKind.TOWN, district="")
    client.login("selcuklu")
    response = client.get("/members/", query_string={"q": q})
    assert response.status_code == 200
    assert set(listed(response.get_data(as_text=True))) == expected


def test_turkish_alphabetical_order_over_pages(client, world, konya):
    client.login("selcuklu")
    first, second = names(client), names(client, page=2)
    assert len(first) == 25 and len(second) == 7
    everything = first + second
    assert everything == sorted(everything, key=sort_key)
    start = everything.index("Cihanbeyli Belediyesi")
    assert everything[start : start + 4] == [
        "Cihanbeyli Belediyesi",
        "Çeltik Belediyesi",
        "Çumra Belediyesi",
        "Derbent Belediyesi",
    ]
    assert everything.index("Hüyük Belediyesi") + 1 == everything.index("Ilgın Belediyesi")


def test_filters_total_and_pages_are_in_the_url(client, world, konya, make_municipality):
    make_municipality("Aksaray Belediyesi", kind=MunicipalityKind.PROVINCE, province="Aksaray")
    client.login("personel")
    html = client.get("/members/").get_data(as_text=True)
    assert "33 kayıt" in html
    assert 'href="/members/?page=2"' in html
    assert names(client, kind="buyuksehir") == ["Konya Büyükşehir Belediyesi"]
    assert names(client, province="Aksaray") == ["Aksaray Belediyesi"]
    assert "31 kayıt" in client.get("/members/?province=Konya&kind=ilce").get_data(as_text=True)

    ilgin = konya["Ilgın Belediyesi"]
    ilgin.status, ilgin.active = MembershipStatus.LEFT, False
    db.session.commit()
    assert names(client, status="left") == ["Ilgın Belediyesi"]
    assert "Ilgın Belediyesi" not in names(client, status="member", q="ilgin")

    html = client.get("/members/?q=belediyesi&kind=ilce&status=member").get_data(as_text=True)
    assert "30 kayıt" in html
    # the pager keeps every filter; the selects show the chosen ones
    assert 'href="/members/?q=belediyesi&amp;kind=ilce&amp;status=member&amp;page=2"' in html
    assert '<option value="ilce" selected>' in html
    assert '<option value="member" selected>' in html
    assert 'value="belediyesi"' in html


def test_junk_filters_and_pages_are_harmless(client, world, konya):
    client.login("selcuklu")
    for params in (
        {"kind": "metropol", "status": "gone", "page": "abc"},
        {"page": "-5"},
        {"page": "99999"},
        {"province": "x" * 500, "q": "y" * 5000},
        {"q": "il\x00gın", "province": "\x00"},  # PostgreSQL refuses NUL in text
        {"page": "99999999999999999999999"},  # beyond any integer type
        {"page": "400000000000000000"},  # beyond PostgreSQL's bigint OFFSET
        {"endpoint": "x", "_external": "1", "_anchor": "y"},  # url_for's own keywords
    ):
        assert client.get("/members/", query_string=params).status_code == 200
    assert len(names(client, kind="metropol", status="gone")) == 25
    assert names(client, page=99999)[-1] == "Yunak Belediyesi"  # the last page


def test_live_search_answers_with_the_results_fragment(client, world, konya):
    client.login("selcuklu")
    response = client.htmx("/members/?q=ilgin")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert listed(html) == ["Ilgın Belediyesi"] and "1 kayıt" in html
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get("/members/?q=ilgin", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_list_shows_mayor_phone_email_status(client, world, make_person):
    selcuklu = world["selcuklu"]
    selcuklu.phone, selcuklu.email = "0332 123 45 67", "bilgi@selcuklu.example"
    make_person(selcuklu, "Eski Başkan", role=PersonRole.MAYOR, active=False)
    make_person(selcuklu, "Ahmet Başkan", role=PersonRole.MAYOR)
    make_person(selcuklu, "İrtibat Kişisi", role=PersonRole.CONTACT)
    client.login("meram")
    html = client.get("/members/").get_data(as_text=True)
    row = html[html.index(f'id="municipality-{selcuklu.id}"') :].split("</tr>")[0]
    assert "Ahmet Başkan" in row and "Eski Başkan" not in row and "İrtibat" not in row
    assert 'href="tel:+903321234567"' in row and "mailto:bilgi@selcuklu.example" in row
    assert "İlçe" in row and "Konya / Selçuklu" in row and ">Üye<" in row


def test_exports_are_offered_to_staff_only(client, world):
    client.login("selcuklu")
    assert "/members/export.csv" not in client.get("/members/").get_data(as_text=True)
    assert "Yeni belediye" not in client.get("/members/").get_data(as_text=True)
    client.logout()
    client.login("personel")
    html = client.get("/members/?q=sel&kind=ilce").get_data(as_text=True)
    assert 'href="/members/export.csv?q=sel&amp;kind=ilce"' in html
    assert 'href="/members/export.xlsx?q=sel&amp;kind=ilce"' in html


# Detail ----------------------------------------------------------------------------------


def test_detail_shows_details_history_and_people(client, world, make_person):
    selcuklu = world["selcuklu"]
    selcuklu.address, selcuklu.website, selcuklu.population = (
        "Hükümet Cad. 1",
        "https://s.example",
        712345,
    )
    selcuklu.events.append(
        MembershipEvent(kind=EventKind.JOINED, effective_on=date(1990, 3, 1), decision_ref="1990/4")
    )
    db.session.commit()
    make_person(selcuklu, "Ahmet Başkan", role=PersonRole.MAYOR, phone="0332 000 00 01")
    make_person(selcuklu, "Zehra Üye", role=PersonRole.COUNCIL_MEMBER)
    make_person(selcuklu, "Can İrtibat", title="Yazı İşleri Müdürü", email="can@selcuklu.example")
    client.login("meram")
    html = client.get(f"/members/{selcuklu.id}").get_data(as_text=True)
    for text in (
        "Hükümet Cad. 1",
        "https://s.example",
        "712.345",
        "1990/4",
        "Üyeliğe katıldı",
        "1 Mart 1990",
        "Belediye başkanı",
        "Meclis üyeleri",
        "İletişim kişileri",
        "Yazı İşleri Müdürü",
        "mailto:can@selcuklu.example",
    ):
        assert text in html, text
    assert html.index("Ahmet Başkan") < html.index("Zehra Üye") < html.index("Can İrtibat")
    # another municipality's user: no edit links, no user accounts
    assert f"/members/{selcuklu.id}/edit" not in html and "/people/" not in html
    assert "Kullanıcı hesapları" not in html
    assert "/members/privacy" in html


def test_people_no_longer_in_office_are_shown_to_editors_only(client, world, make_person):
    make_person(world["selcuklu"], "Eski İrtibat", active=False)
    client.login("meram")
    assert "Eski İrtibat" not in client.get(f"/members/{world['selcuklu'].id}").get_data(
        as_text=True
    )
    client.logout()
    client.login("selcuklu")
    html = client.get(f"/members/{world['selcuklu'].id}").get_data(as_text=True)
    assert "Eski İrtibat" in html and "Görevde değil" in html


def test_user_accounts_on_detail_staff_see_admin_links(client, world):
    selcuklu = world["selcuklu"]
    client.login("personel")
    html = client.get(f"/members/{selcuklu.id}").get_data(as_text=True)
    assert "Kullanıcı hesapları" in html and "selcuklu" in html
    assert f"/admin/users/{world['member'].id}" not in html
    client.logout()
    client.login("admin")
    html = client.get(f"/members/{selcuklu.id}").get_data(as_text=True)
    assert f'href="/admin/users/{world["member"].id}"' in html


def test_member_sees_edit_links_for_own_municipality_only(client, world, make_person):
    mayor = make_person(world["selcuklu"], "Ahmet Başkan", role=PersonRole.MAYOR)
    contact = make_person(world["selcuklu"], "Can İrtibat")
    client.login("selcuklu")
    html = client.get(f"/members/{world['selcuklu'].id}").get_data(as_text=True)
    assert "İletişim bilgilerini düzenle" in html and "İletişim kişisi ekle" in html
    assert f"/members/people/{contact.id}/edit" in html
    assert f"/members/people/{mayor.id}/edit" not in html
    assert "Üyeliği sona erdir" not in html and "Kullanıcı hesapları" not in html
    assert "/edit" not in client.get(f"/members/{world['meram'].id}").get_data(as_text=True)


def test_html_in_names_is_escaped_everywhere(client, world, make_municipality, make_person):
    evil = make_municipality("<script>alert(1)</script> Belediyesi", district="<b>x</b>")
    make_person(evil, "<img src=x onerror=alert(2)>", role=PersonRole.MAYOR)
    client.login("personel")
    pages = [
        client.get("/members/").get_data(as_text=True),
        client.htmx("/members/?q=script").get_data(as_text=True),
        client.get(f"/members/{evil.id}").get_data(as_text=True),
        client.get(f"/members/{evil.id}/edit").get_data(as_text=True),
        client.get(f"/members/{evil.id}/end").get_data(as_text=True),
    ]
    for html in pages:
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Editing ---------------------------------------------------------------------------------


def test_member_edits_own_contact_details_forged_fields_are_ignored(client, world):
    selcuklu = world["selcuklu"]
    client.login("selcuklu")
    form = client.get(f"/members/{selcuklu.id}/edit").get_data(as_text=True)
    assert 'name="phone"' in form and 'name="name"' not in form and 'name="kind"' not in form
    response = client.post_form(
        f"/members/{selcuklu.id}/edit",
        {
            "phone": "+90 (332) 350-00-00",
            "email": "bilgi@selcuklu.example",
            "address": "  Yeni   adres  ",
            "website": "www.selcuklu.example",
            # forged: not on the member's form
            "name": "Ele Geçirilmiş Belediyesi",
            "kind": "buyuksehir",
            "province": "Ankara",
            "status": "left",
            "notes": "hack",
            "population": "1",
            "active": "",
        },
    )
    assert response.status_code == 303
    m = db.session.get(Municipality, selcuklu.id)
    assert (m.phone, m.email, m.address, m.website) == (
        "0332 350 00 00",
        "bilgi@selcuklu.example",
        "Yeni adres",
        "https://www.selcuklu.example",
    )
    assert (m.name, m.kind, m.province, m.status, m.notes, m.population, m.active) == (
        "Selçuklu Belediyesi",
        MunicipalityKind.DISTRICT,
        "Konya",
        MembershipStatus.MEMBER,
        "",
        None,
        True,
    )
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "municipality.update"))
    assert entry.actor_name == "selcuklu" and entry.target_id == m.id
    assert entry.changes == {
        "phone": ["", "0332 350 00 00"],
        "email": ["", "bilgi@selcuklu.example"],
        "address": ["", "Yeni adres"],
        "website": ["", "https://www.selcuklu.example"],
    }


def test_member_cannot_edit_another_municipality(client, world):
    meram = world["meram"]
    client.login("selcuklu")
    assert client.get(f"/members/{meram.id}/edit").status_code == 403
    response = client.post_form(f"/members/{meram.id}/edit", {"phone": "0332 111 11 11"})
    assert response.status_code == 403
    assert db.session.get(Municipality, meram.id).phone == ""
    assert (
        client.post_form(f"/members/{meram.id}/end", {"effective_on": "2020-01-01"}).status_code
        == 403
    )
    assert db.session.get(Municipality, meram.id).status == MembershipStatus.MEMBER


def test_staff_edit_every_field_with_audit(client, world):
    meram = world["meram"]
    client.login("personel")
    response = client.post_form(
        f"/members/{meram.id}/edit",
        {
            "name": "Meram  Belediyesi",
            "kind": "ilce",
            "province": "Konya",
            "district": "Meram",
            "population": "345.678",
            "phone": "0332 320 00 00 / 1234",
            "notes": "Birlik kurucu üyelerinden.",
            "status": "left",  # not on the form: membership changes through events
        },
    )
    assert response.status_code == 303
    m = db.session.get(Municipality, meram.id)
    assert m.population == 345678 and m.phone == "0332 320 00 00, dahili 1234"
    assert m.status == MembershipStatus.MEMBER
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "municipality.update"))
    assert entry.actor_name == "personel"
    assert entry.changes["population"] == [None, 345678]
    assert "name" not in entry.changes  # white space collapsed: unchanged


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Belediyenin adını yazın."),
        ({"name": "selçuklu belediyesi"}, "Bu ilde bu adla kayıtlı bir belediye zaten var."),
        ({"kind": "metropol"}, "Geçerli bir seçenek değil"),
        ({"province": ""}, "İli yazın."),
        ({"phone": "12345"}, "Geçerli bir Türkiye telefon numarası yazın"),
        ({"phone": "+49 30 1234567"}, "Geçerli bir Türkiye telefon numarası yazın"),
        ({"email": "bilgi@"}, "Geçerli bir e-posta adresi yazın."),
        ({"website": "javascript:alert(1)"}, "Geçerli bir web adresi yazın"),
        ({"website": "ftp://x.example"}, "Geçerli bir web adresi yazın"),
        ({"population": "çok"}, "Nüfusu rakamla yazın"),
        ({"population": "-5"}, "Nüfus 0 ile 50.000.000 arasında olmalı."),
        ({"joined_on": "1970-01-01"}, "daha eski bir tarih yazılamaz."),
        ({"joined_on": "2999-01-01"}, "İleri bir tarih yazılamaz."),
        ({"joined_on": "31.02.2020"}, "Geçerli bir tarih"),
        ({"decision_ref": "2019/12"}, "Karar sayısı için katılış tarihini de yazın."),
        ({"name": "x" * 151}, "Ad en çok 150 karakter olabilir."),
    ],
)
def test_new_municipality_validation(client, world, data, message):
    client.login("personel")
    form = {"name": "Yeni Belediyesi", "kind": "belde", "province": "Konya"}
    form.update(data)
    response = client.post_form("/members/new", form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "Formda düzeltilmesi gereken alanlar var." in html
    assert db.session.scalar(db.select(db.func.count(Municipality.id))) == 2


def test_same_name_in_another_province_is_fine(client, world):
    client.login("personel")
    response = client.post_form(
        "/members/new",
        {
            "name": "Selçuklu Belediyesi",
            "kind": "ilce",
            "province": "Kayseri",
            "joined_on": "2001-02-03",
            "decision_ref": "2001/7",
        },
    )
    assert response.status_code == 303
    m = db.session.scalar(db.select(Municipality).where(Municipality.province == "Kayseri"))
    assert response.headers["Location"] == f"/members/{m.id}"
    assert m.joined_on == date(2001, 2, 3) and m.status == MembershipStatus.MEMBER
    assert [(e.kind, e.decision_ref) for e in m.events] == [(EventKind.JOINED, "2001/7")]
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "municipality.create"))
    assert entry.changes["name"] == [None, "Selçuklu Belediyesi"]
    assert entry.changes["joined_on"] == [None, "2001-02-03"]


def test_control_characters_are_dropped(client, world):
    client.login("personel")
    response = client.post_form(
        "/members/new",
        {
            "name": "Boş\x00luk Belediyesi",
            "kind": "belde",
            "province": "Konya",
            "notes": "a\x07\nb",
        },
    )
    assert response.status_code == 303
    m = db.session.scalar(db.select(Municipality).where(Municipality.kind == MunicipalityKind.TOWN))
    assert (m.name, m.notes) == ("Boşluk Belediyesi", "a\nb")


def test_member_edit_validation_is_422_with_message(client, world):
    client.login("selcuklu")
    response = client.post_form(
        f"/members/{world['selcuklu'].id}/edit", {"phone": "abc", "email": "nope"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Geçerli bir Türkiye telefon numarası yazın" in html
    assert "Geçerli bir e-posta adresi yazın." in html
    assert 'value="abc"' in html  # what was typed stays in the field
    assert not db.session.scalar(
        db.select(AuditLog.id).where(AuditLog.action == "municipality.update")
    )


# Membership ------------------------------------------------------------------------------


def test_end_membership_and_rejoin(client, world):
    meram = world["meram"]
    meram.events.append(MembershipEvent(kind=EventKind.JOINED, effective_on=date(1990, 5, 1)))
    meram.joined_on = date(1990, 5, 1)
    db.session.commit()
    client.login("personel")
    url = f"/members/{meram.id}/end"
    response = client.post_form(url, {"effective_on": "1989-12-31"})
    assert response.status_code == 422
    assert "Ayrılış tarihi katılış tarihinden önce olamaz." in response.get_data(as_text=True)
    response = client.post_form(url, {"effective_on": ""})
    assert response.status_code == 422 and "Tarihi yazın." in response.get_data(as_text=True)

    response = client.post_form(
        url, {"effective_on": "2020-12-31", "decision_ref": "2020/14", "note": "Kendi isteğiyle"}
    )
    assert response.status_code == 303
    m = db.session.get(Municipality, meram.id)
    assert (m.status, m.left_on, m.joined_on, m.active) == (
        MembershipStatus.LEFT,
        date(2020, 12, 31),
        date(1990, 5, 1),
        False,
    )
    entry = db.session.scalar(
        db.select(AuditLog).where(AuditLog.action == "municipality.membership_end")
    )
    assert entry.changes["status"] == ["member", "left"]
    assert entry.changes["left_on"] == [None, "2020-12-31"]
    assert entry.changes["event"]["decision_ref"] == "2020/14"

    html = client.get(f"/members/{m.id}", follow_redirects=True).get_data(as_text=True)
    assert "Ayrıldı" in html and "2020/14" in html and "Kendi isteğiyle" in html
    assert "Yeniden üye yap" in html and "Üyeliği sona erdir" not in html
    # ending it twice is refused with a message, not an error
    again = client.get(url, follow_redirects=True)
    assert "zaten sona ermiş" in again.get_data(as_text=True)

    join = f"/members/{meram.id}/join"
    response = client.post_form(join, {"effective_on": "2020-06-01"})
    assert response.status_code == 422
    assert "Yeniden katılış tarihi ayrılış tarihinden önce olamaz." in response.get_data(
        as_text=True
    )
    assert client.post_form(join, {"effective_on": "2022-01-01"}).status_code == 303
    m = db.session.get(Municipality, meram.id)
    assert (m.status, m.joined_on, m.left_on, m.active) == (
        MembershipStatus.MEMBER,
        date(2022, 1, 1),
        None,
        True,
    )
    assert [e.kind for e in m.events] == [EventKind.JOINED, EventKind.LEFT, EventKind.JOINED]


def test_end_membership_in_the_future_is_refused(client, world):
    client.login("personel")
    response = client.post_form(f"/members/{world['meram'].id}/end", {"effective_on": "2999-01-01"})
    assert response.status_code == 422
    assert "İleri bir tarih yazılamaz." in response.get_data(as_text=True)


def test_delete_only_without_history(client, world, make_municipality, make_person):
    fresh = make_municipality("Yanlış Belediyesi")
    with_person = make_municipality("Kişili Belediyesi")
    make_person(with_person)
    client.login("personel")
    # with user accounts, with people: kept
    for m in (world["selcuklu"], with_person):
        html = client.get(f"/members/{m.id}").get_data(as_text=True)
        assert f"/members/{m.id}/delete" not in html
        response = client.post_form(f"/members/{m.id}/delete", follow_redirects=True)
        assert "geçmişi var; silinemez" in response.get_data(as_text=True)
        assert db.session.get(Municipality, m.id) is not None
    assert f"/members/{fresh.id}/delete" in client.get(f"/members/{fresh.id}").get_data(
        as_text=True
    )
    fresh_id = fresh.id
    response = client.post_form(f"/members/{fresh_id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/members/"
    assert db.session.get(Municipality, fresh_id) is None
    assert db.session.scalar(db.select(AuditLog.id).where(AuditLog.action == "municipality.delete"))


# People ----------------------------------------------------------------------------------


def test_member_adds_and_edits_contact_persons_only(client, world, make_person):
    selcuklu = world["selcuklu"]
    mayor = make_person(selcuklu, "Ahmet Başkan", role=PersonRole.MAYOR)
    client.login("selcuklu")
    form = client.get(f"/members/{selcuklu.id}/people/new").get_data(as_text=True)
    assert 'name="role"' not in form and 'href="/members/privacy"' in form
    response = client.post_form(
        f"/members/{selcuklu.id}/people/new",
        {
            "full_name": "  Can   İrtibat ",
            "title": "Yazı İşleri Müdürü",
            "phone": "0332 000 00 02 dahili 12",
            "email": "can@selcuklu.example",
            "active": "y",
            "role": "mayor",  # forged
            "municipality_id": world["meram"].id,  # forged
        },
    )
    assert response.status_code == 303
    person = db.session.scalar(db.select(Person).where(Person.full_name == "Can İrtibat"))
    assert person.role == PersonRole.CONTACT and person.municipality_id == selcuklu.id
    assert person.phone == "0332 000 00 02, dahili 12" and person.active

    response = client.post_form(
        f"/members/people/{person.id}/edit",
        {"full_name": "Can İrtibat", "title": "Özel Kalem", "role": "mayor", "active": "y"},
    )
    assert response.status_code == 303
    person = db.session.get(Person, person.id)
    assert person.title == "Özel Kalem" and person.role == PersonRole.CONTACT
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "person.update"))
    assert entry.changes["title"] == ["Yazı İşleri Müdürü", "Özel Kalem"]
    assert entry.target_label == "Can İrtibat (Selçuklu Belediyesi)"

    # the mayor's entry is kept by the Union's staff
    assert client.get(f"/members/people/{mayor.id}/edit").status_code == 403
    response = client.post_form(f"/members/people/{mayor.id}/edit", {"full_name": "X"})
    assert response.status_code == 403
    assert client.post_form(f"/members/people/{mayor.id}/delete").status_code == 403
    assert db.session.get(Person, mayor.id).full_name == "Ahmet Başkan"

    person_id = person.id
    assert client.post_form(f"/members/people/{person_id}/delete").status_code == 303
    assert db.session.get(Person, person_id) is None
    entry = db.session.scalar(db.select(AuditLog).where(AuditLog.action == "person.delete"))
    assert entry.changes["full_name"] == ["Can İrtibat", None]
    assert "phone" not in entry.changes and "email" not in entry.changes  # KVKK


def test_member_cannot_touch_other_municipalities_people(client, world, make_person):
    elsewhere = make_person(world["meram"], "Meram İrtibat")
    client.login("selcuklu")
    assert (
        client.post_form(f"/members/{world['meram'].id}/people/new", {"full_name": "X"}).status_code
        == 403
    )
    assert (
        client.post_form(f"/members/people/{elsewhere.id}/edit", {"full_name": "X"}).status_code
        == 403
    )
    assert client.post_form(f"/members/people/{elsewhere.id}/delete").status_code == 403
    assert db.session.get(Person, elsewhere.id).full_name == "Meram İrtibat"
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 1


def test_staff_manage_people_one_serving_mayor(client, world, make_person):
    meram = world["meram"]
    old = make_person(meram, "Eski Başkan", role=PersonRole.MAYOR)
    client.login("personel")
    data = {"full_name": "Yeni Başkan", "role": "mayor", "active": "y"}
    response = client.post_form(f"/members/{meram.id}/people/new", data)
    assert response.status_code == 422
    assert "görevdeki bir başkanı zaten kayıtlı" in response.get_data(as_text=True)
    client.post_form(
        f"/members/people/{old.id}/edit", {"full_name": "Eski Başkan", "role": "mayor"}
    )  # not "active" any more
    assert client.post_form(f"/members/{meram.id}/people/new", data).status_code == 303
    html = client.get("/members/?q=meram").get_data(as_text=True)
    assert "Yeni Başkan" in html and "Eski Başkan" not in html
    response = client.post_form(
        f"/members/{meram.id}/people/new", {"full_name": "Kişi", "role": "tanrı"}
    )
    assert response.status_code == 422 and "Geçerli bir seçenek değil" in response.get_data(
        as_text=True
    )
    response = client.post_form(
        f"/members/{meram.id}/people/new", {"full_name": "", "role": "contact", "email": "x"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ad soyadı yazın." in html and "Geçerli bir e-posta adresi yazın." in html


def test_privacy_notice(client, world):
    client.login("selcuklu")
    html = client.get("/members/privacy").get_data(as_text=True)
    assert "aydınlatma metni" in html and "6698" in html and "T.C. kimlik numarası" in html


# Statements per page ---------------------------------------------------------------------


def _statements(client, count_queries, url) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["personel", "selcuklu"])
def test_list_and_detail_run_a_bounded_number_of_statements(
    client, world, konya, make_municipality, make_user, count_queries, username
):
    demo.seed()
    db.session.commit()
    client.login(username)
    selcuklu = konya["Selçuklu Belediyesi"]
    few_list = _statements(client, count_queries, "/members/?q=meram")
    few_detail = _statements(client, count_queries, f"/members/{selcuklu.id}")
    # many more rows, people and users: the same number of statements
    for i in range(40):
        m = make_municipality(f"Ek {i} Belediyesi", kind=MunicipalityKind.TOWN, district="")
        db.session.add(Person(municipality=m, full_name=f"Başkan {i}", role=PersonRole.MAYOR))
        db.session.add(
            Person(municipality=selcuklu, full_name=f"Üye {i}", role=PersonRole.COUNCIL_MEMBER)
        )
    for i in range(5):
        make_user(f"selcuklu{i}", Role.MEMBER, selcuklu)
    db.session.commit()
    list_count = _statements(client, count_queries, "/members/")
    detail_count = _statements(client, count_queries, f"/members/{selcuklu.id}")
    print(f"{username}: list {list_count} statements, detail {detail_count}")
    assert list_count <= 8 and detail_count <= 8
    # one row or a full page of rows with their mayors, few or many people: the same count
    assert list_count == few_list and detail_count == few_detail
    with count_queries() as queries:
        client.htmx("/members/?q=e")  # the fragment: no province list, no page shell
    assert len(queries) < list_count


def test_province_is_kept_in_one_spelling(client, world, konya):
    from kbb.extensions import db
    from kbb.members.models import Municipality

    client.login("personel")
    response = client.post_form(
        "/members/new",
        {
            "name": "Yeni Belde Belediyesi",
            "kind": "belde",
            "province": "KONYA",
            "district": "Karatay",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    created = db.session.scalar(
        db.select(Municipality).where(Municipality.name == "Yeni Belde Belediyesi")
    )
    assert created.province == "Konya"


def test_privacy_notice_is_public(client):
    response = client.get("/members/privacy")
    assert response.status_code == 200 and "aydınlatma metni" in response.get_data(as_text=True)


def test_unreadable_population_gets_one_message(client, world, konya):
    client.login("personel")
    m = konya["Meram Belediyesi"] if "Meram Belediyesi" in konya else next(iter(konya.values()))
    response = client.post_form(
        f"/members/{m.id}/edit",
        {"name": m.name, "kind": m.kind.value, "province": m.province, "population": "1,5"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "rakamla yazın" in html and "arasında olmalı" not in html
