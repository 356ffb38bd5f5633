"""CSV and Excel exports of the directory: filters, Turkish text, files that open."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from kbb.extensions import db
from kbb.members.models import EventKind, MembershipEvent, MunicipalityKind, PersonRole

EVIL = "<script>alert(1)</script> Belediyesi"
HEADERS = ["Belediye", "Türü", "İl", "İlçe", "Üyelik durumu", "Katılış tarihi"]


@pytest.fixture
def directory(world, konya, make_person, make_municipality):
    ilgin = konya["Ilgın Belediyesi"]
    ilgin.phone, ilgin.email = "0332 000 10 19", "bilgi@ilgin.example"
    ilgin.population = 54321
    ilgin.events.append(MembershipEvent(kind=EventKind.JOINED, effective_on=date(1985, 4, 23)))
    ilgin.joined_on = date(1985, 4, 23)
    db.session.commit()
    make_person(ilgin, "Şükrü Işıkoğlu", role=PersonRole.MAYOR)
    make_municipality(EVIL, kind=MunicipalityKind.TOWN, district='=HYPERLINK("x")')
    return konya


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.title == "Üye belediyeler"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_csv_export_honours_filters(client, directory):
    client.login("personel")
    response = client.get("/members/export.csv?q=ILGIN")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".csv" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert rows[0][:6] == HEADERS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Belediye"] == "Ilgın Belediyesi" and row["Türü"] == "İlçe"
    assert row["Belediye başkanı"] == "Şükrü Işıkoğlu"
    assert row["Telefon"] == "0332 000 10 19" and row["Nüfus"] == "54321"
    assert row["Katılış tarihi"].startswith("1985") or row["Katılış tarihi"] == "23.04.1985"
    assert row["Üyelik durumu"] == "Üye"


def test_csv_export_all_rows_in_turkish_order(client, directory):
    client.login("personel")
    rows = read_csv(client.get("/members/export.csv?kind=ilce&province=Konya"))
    names = [r[0] for r in rows[1:]]
    assert len(names) == 31  # the district municipalities of Konya
    start = names.index("Cihanbeyli Belediyesi")
    assert names[start : start + 4] == [
        "Cihanbeyli Belediyesi",
        "Çeltik Belediyesi",
        "Çumra Belediyesi",
        "Derbent Belediyesi",
    ]


def test_xlsx_export_opens_and_holds_the_rows(client, directory):
    client.login("admin")
    response = client.get("/members/export.xlsx?kind=belde")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_xlsx(response)
    assert rows[0][:6] == HEADERS
    assert [r[0] for r in rows[1:]] == [EVIL]  # HTML is data here, kept literally
    row = dict(zip(rows[0], rows[1], strict=True))
    # a formula typed into a field is text in the sheet, never a formula
    assert not str(row["İlçe"]).startswith("=") and "HYPERLINK" in row["İlçe"]

    rows = read_xlsx(client.get("/members/export.xlsx?q=ılgın"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Belediye"] == "Ilgın Belediyesi" and row["Belediye başkanı"] == "Şükrü Işıkoğlu"
    assert row["Nüfus"] == 54321


def test_csv_neutralises_formulas(client, directory):
    client.login("personel")
    rows = read_csv(client.get("/members/export.csv?kind=belde"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Belediye"] == EVIL
    assert row["İlçe"].startswith("'=")


def test_member_users_cannot_export(client, directory):
    client.login("selcuklu")
    assert client.get("/members/export.csv").status_code == 403
    assert client.get("/members/export.xlsx").status_code == 403
