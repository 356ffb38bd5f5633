"""Turkish text: case mapping, folding, order, LIKE escaping (pure functions)."""

import pytest

from kbb.core import text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ilgın", "ilgin"),
        ("ILGIN", "ilgin"),
        ("ılgın", "ilgin"),
        ("SEYDİŞEHİR", "seydisehir"),
        ("Seydişehir", "seydisehir"),
        ("Çumra", "cumra"),
        ("Güneysınır", "guneysinir"),
        ("Ereğli", "eregli"),
        ("Hüyük", "huyuk"),
        ("Doğanhisar", "doganhisar"),
        ("  Akşehir   Belediyesi ", "aksehir belediyesi"),
        ("Kâzım", "kazim"),
        ("İSTANBUL", "istanbul"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(raw, folded):
    assert text.fold(raw) == folded


def test_fold_of_decomposed_input_matches_composed():
    assert text.fold("S\u0327eker") == text.fold("Şeker") == "seker"


def test_case_mapping_follows_turkish_rules():
    assert text.upper("ilgın") == "İLGIN"
    assert text.lower("ILGIN") == "ılgın"
    assert text.lower("İZMİR") == "izmir"
    assert text.title("ılgın belediyesi") == "Ilgın Belediyesi"
    assert text.title("istanbul") == "İstanbul"
    assert text.title("İSTANBUL ışık") == "İstanbul Işık"


def test_turkish_alphabetical_order():
    names = [
        "Derbent",
        "Çumra",
        "Cihanbeyli",
        "Çeltik",
        "Ilgın",
        "İnegöl",
        "Hadim",
        "Ödemiş",
        "Ortaköy",
        "Şile",
        "Sarayönü",
        "Üzümlü",
        "Uşak",
        "Zile",
    ]
    assert sorted(names, key=text.sort_key) == [
        "Cihanbeyli",
        "Çeltik",
        "Çumra",
        "Derbent",
        "Hadim",
        "Ilgın",
        "İnegöl",
        "Ortaköy",
        "Ödemiş",
        "Sarayönü",
        "Şile",
        "Uşak",
        "Üzümlü",
        "Zile",
    ]


def test_compare_is_a_consistent_cmp():
    assert text.compare("Çumra", "Cihanbeyli") == 1
    assert text.compare("Cihanbeyli", "Çumra") == -1
    assert text.compare("Akören", "Akören") == 0
    assert text.compare("ak", "Ak") != 0  # case breaks ties, deterministically


@pytest.mark.parametrize(
    ("term", "escaped"),
    [("50%", "50\\%"), ("a_b", "a\\_b"), ("c:\\x", "c:\\\\x"), ("'; drop", "'; drop")],
)
def test_escape_like(term, escaped):
    assert text.escape_like(term) == escaped
