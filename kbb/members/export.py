"""The directory's export: Turkish headers and one row per municipality (kbb.core.export writes
the CSV, UTF-8 with BOM and ";" for Turkish Excel, and the Excel file)."""

from __future__ import annotations

from flask_babel import gettext as _

from kbb.core.export import csv_response, xlsx_response
from kbb.core.workdays import local_today
from kbb.members.models import Municipality


def headers() -> list[str]:
    return [
        _("Belediye"),
        _("Türü"),
        _("İl"),
        _("İlçe"),
        _("Üyelik durumu"),
        _("Katılış tarihi"),
        _("Ayrılış tarihi"),
        _("Belediye başkanı"),
        _("Telefon"),
        _("E-posta"),
        _("Web sitesi"),
        _("Adres"),
        _("Nüfus"),
    ]


def row(m: Municipality) -> list:
    return [
        m.name,
        m.kind.label,
        m.province,
        m.district,
        m.status.label,
        m.joined_on,
        m.left_on,
        m.mayor.full_name if m.mayor else "",
        m.phone,
        m.email,
        m.website,
        m.address,
        m.population,
    ]


def download(fmt: str, municipalities: list[Municipality]):
    """The CSV or Excel attachment of ``municipalities``."""
    filename = f"uye-belediyeler-{local_today().isoformat()}.{fmt}"
    rows = (row(m) for m in municipalities)
    if fmt == "csv":
        return csv_response(filename, headers(), rows)
    return xlsx_response(filename, _("Üye belediyeler"), headers(), rows)
