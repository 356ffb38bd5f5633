"""Turkish search and order in SQL, on SQLite and PostgreSQL."""

import pytest

from kbb.core.text import matches, turkish
from kbb.extensions import db
from kbb.members.models import Municipality

NAMES = [
    "Derbent",
    "Çumra",
    "Cihanbeyli",
    "Çeltik",
    "Ilgın",
    "Akşehir",
    "Seydişehir",
    "Ereğli",
    "İnegöl",
    "Ödemiş",
    "Ortaköy",
    "Yüzde %50_a'b\\c",
]


@pytest.fixture
def towns(make_municipality):
    for name in NAMES:
        make_municipality(name)


def _search(q):
    return set(
        db.session.scalars(db.select(Municipality.name).where(matches(Municipality.search_key, q)))
    )


def test_order_by_turkish_collation(towns):
    names = db.session.scalars(
        db.select(Municipality.name).order_by(turkish(Municipality.name))
    ).all()
    assert names[:6] == ["Akşehir", "Cihanbeyli", "Çeltik", "Çumra", "Derbent", "Ereğli"]
    assert names.index("Ilgın") < names.index("İnegöl") < names.index("Ortaköy")
    assert names.index("Ortaköy") < names.index("Ödemiş") < names.index("Seydişehir")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ilgin", {"Ilgın"}),
        ("ILGIN", {"Ilgın"}),
        ("SEYDİŞEHİR", {"Seydişehir"}),
        ("seydisehir", {"Seydişehir"}),
        ("şehir", {"Akşehir", "Seydişehir"}),
        ("EREĞLİ", {"Ereğli"}),
        ("inegol", {"İnegöl"}),
        ("%", {"Yüzde %50_a'b\\c"}),
        ("_", {"Yüzde %50_a'b\\c"}),
        ("'", {"Yüzde %50_a'b\\c"}),
        ("\\", {"Yüzde %50_a'b\\c"}),
        ("50_a", {"Yüzde %50_a'b\\c"}),
        ("5%", set()),
        ("zzz", set()),
    ],
)
def test_search_is_turkish_insensitive_and_literal(towns, q, expected):
    assert _search(q) == expected


def test_search_key_follows_edits(towns):
    town = db.session.scalar(db.select(Municipality).where(Municipality.name == "Derbent"))
    town.name = town.district = "Çiçekdağı"
    db.session.commit()
    assert _search("cicekdagi") == {"Çiçekdağı"}
    assert _search("derbent") == set()
