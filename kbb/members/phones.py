"""Turkish phone numbers and web addresses: check, normalise for display, link.

Stored form of a phone number: "0332 123 45 67", "0850 123 45 67", "444 55 42", optionally
followed by ", dahili 123". Anything written as "+90 (332) 123-45-67", "00903321234567",
"3321234567" or "0332 123 45 67 / 123" is stored the same way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kbb.core.text import fold

# "dahili 12", ", dahili 12" (the stored form), "dah. 12", "ext 12", "x12", "/ 12" at the end.
_EXTENSION = re.compile(r"\s*,?\s*(?:dahili|dah\.?|ext\.?|x|/)\s*:?\s*(\d{1,6})$")
_SEPARATORS = re.compile(r"[\s\-.()]")
# National significant numbers: 2xx-4xx land lines, 5xx mobiles, 8xx (0850, 0800...).
_NATIONAL = re.compile(r"[234589]\d{9}")
_HOST = re.compile(
    r"^(?=.{1,253}$)(?!-)[\w-]{1,63}(?<!-)(\.(?!-)[\w-]{1,63}(?<!-))*\.[^\W\d_]{2,63}$"
)


class InvalidPhone(ValueError):
    """Not a Turkish phone number."""


def normalise_phone(raw: str | None) -> str:
    """The display form of a Turkish phone number ("" for empty input).

    Raises InvalidPhone for anything that is not a Turkish number.
    """
    if not raw or not raw.strip():
        return ""
    folded = fold(raw)
    extension = ""
    match = _EXTENSION.search(folded)
    if match:
        extension = match.group(1)
        folded = folded[: match.start()]
    number = _SEPARATORS.sub("", folded)
    if number.startswith("+90"):
        national = number[3:]
    elif number.startswith("0090"):
        national = number[4:]
    elif number.startswith("+") or number.startswith("00"):
        raise InvalidPhone("foreign number")
    elif len(number) == 12 and number.startswith("90"):
        national = number[2:]
    elif len(number) == 11 and number.startswith("0"):
        national = number[1:]
    elif len(number) == 7 and number.startswith("444"):
        national = number
    else:
        national = number
    if len(national) == 7 and national.startswith("444") and national.isdigit():
        display = f"444 {national[3:5]} {national[5:]}"
    elif _NATIONAL.fullmatch(national):
        n = national
        display = f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
    else:
        raise InvalidPhone(raw)
    return f"{display}, dahili {extension}" if extension else display


def tel_uri(phone: str | None) -> str:
    """A ``tel:`` link for a stored (normalised) number, "" when there is none."""
    if not phone:
        return ""
    number, _sep, extension = phone.partition(", dahili ")
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    uri = f"tel:+90{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"
    return f"{uri};ext={extension}" if extension else uri


class InvalidWebsite(ValueError):
    """Not an http(s) address with a host name."""


def normalise_website(raw: str | None) -> str:
    """ "www.selcuklu.bel.tr" -> "https://www.selcuklu.bel.tr"; only http and https."""
    if not raw or not raw.strip():
        return ""
    value = raw.strip()
    if any(ch.isspace() for ch in value):
        raise InvalidWebsite(raw)
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a junk port
    except ValueError as exc:
        raise InvalidWebsite(raw) from exc
    host = parts.hostname or ""
    if (
        parts.scheme.lower() not in ("http", "https")
        or parts.username
        or parts.password
        or not _HOST.match(host)
        or (port is not None and not 0 < port < 65536)
    ):
        raise InvalidWebsite(raw)
    scheme = parts.scheme.lower()
    return value if value.startswith(scheme + "://") else scheme + value[len(parts.scheme) :]
