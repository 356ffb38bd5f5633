"""CSV and Excel downloads with Turkish headers (CSV as UTF-8 with BOM so Excel reads it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from kbb.core.workdays import ISTANBUL

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime):  # stored in UTC, shown in Istanbul time
        if value.tzinfo is not None:
            value = value.astimezone(ISTANBUL)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _safe_text(value):
    """Neutralise spreadsheet formulas (CSV/formula injection) and drop characters that
    Excel files cannot hold."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _excel_cell(sheet, value):
    """Dates and times as real Excel dates (sortable; Istanbul time, Turkish format)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # Excel has no time zones
            value = value.astimezone(ISTANBUL).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd.mm.yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd.mm.yyyy"
        return cell
    return _safe_text(value)  # None stays an empty cell


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Turkish Excel expects ';'
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_safe_text(_plain(v)) for v in row])
    return _download(("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv", filename)


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_excel_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX, filename)
