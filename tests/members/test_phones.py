"""Turkish phone numbers and web addresses (no database)."""

import pytest

from kbb.members.phones import (
    InvalidPhone,
    InvalidWebsite,
    normalise_phone,
    normalise_website,
    tel_uri,
)


@pytest.mark.parametrize(
    ("raw", "stored", "uri"),
    [
        ("0332 123 45 67", "0332 123 45 67", "tel:+903321234567"),
        ("+90 (332) 123-45-67", "0332 123 45 67", "tel:+903321234567"),
        ("00903321234567", "0332 123 45 67", "tel:+903321234567"),
        ("903321234567", "0332 123 45 67", "tel:+903321234567"),
        ("3321234567", "0332 123 45 67", "tel:+903321234567"),
        ("0532.123.45.67", "0532 123 45 67", "tel:+905321234567"),
        ("0850 222 33 44", "0850 222 33 44", "tel:+908502223344"),
        ("444 55 42", "444 55 42", "tel:4445542"),
        ("0332 123 45 67 / 123", "0332 123 45 67, dahili 123", "tel:+903321234567;ext=123"),
        ("0332 123 45 67 DAHİLİ 12", "0332 123 45 67, dahili 12", "tel:+903321234567;ext=12"),
        ("+90 332 123 45 67 x9", "0332 123 45 67, dahili 9", "tel:+903321234567;ext=9"),
        ("", "", ""),
        ("   ", "", ""),
    ],
)
def test_turkish_numbers_are_normalised(raw, stored, uri):
    assert normalise_phone(raw) == stored
    assert normalise_phone(stored) == stored  # idempotent
    assert tel_uri(stored) == uri


@pytest.mark.parametrize(
    "raw",
    ["12345", "abc", "+49 30 1234567", "0049301234567", "0332 123 45 6", "0132 123 45 67",
     "0332 123 45 67 89", "0332-ABC-45-67", "5%", "'; DROP TABLE x; --"],
)  # fmt: skip
def test_other_numbers_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("www.selcuklu.bel.tr", "https://www.selcuklu.bel.tr"),
        ("https://konya.bel.tr/iletisim?a=1", "https://konya.bel.tr/iletisim?a=1"),
        ("HTTP://ornek.example", "http://ornek.example"),
        ("selçuklu.bel.tr", "https://selçuklu.bel.tr"),
        ("", ""),
    ],
)
def test_websites(raw, stored):
    assert normalise_website(raw) == stored


@pytest.mark.parametrize(
    "raw",
    ["javascript:alert(1)", "ftp://x.example", "http://localhost", "konya", "http://a b.example",
     "https://x.example:99999", "https://user:pw@x.example", "http://1.2.3.4",
     "data:text/html,<script>"],
)  # fmt: skip
def test_bad_websites(raw):
    with pytest.raises(InvalidWebsite):
        normalise_website(raw)
