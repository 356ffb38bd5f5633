"""Uploaded files: checked by extension AND content (libmagic), stored under KBB_UPLOAD_DIR
with random names, never served from static/."""

from __future__ import annotations

import contextlib
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import magic
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from kbb.extensions import db

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_MESSAGE = 5

_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
# extension -> content types libmagic may report for a genuine file of that kind
ALLOWED: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "doc": {"application/msword", "application/x-ole-storage", "application/CDFV2"},
    "xls": {"application/vnd.ms-excel", "application/x-ole-storage", "application/CDFV2"},
    "ppt": {"application/vnd.ms-powerpoint", "application/x-ole-storage", "application/CDFV2"},
    "docx": {f"{_OOXML}.wordprocessingml.document", "application/zip"},
    "xlsx": {f"{_OOXML}.spreadsheetml.sheet", "application/zip"},
    "pptx": {f"{_OOXML}.presentationml.presentation", "application/zip"},
    "odt": {f"{_ODF}.text", "application/zip"},
    "ods": {f"{_ODF}.spreadsheet", "application/zip"},
    "odp": {f"{_ODF}.presentation", "application/zip"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "txt": {"text/plain"},
    "csv": {"text/plain", "text/csv"},
}
# What a zip-based document must contain to be what its extension says.
_ZIP_MARKERS = {
    "docx": "word/",
    "xlsx": "xl/",
    "pptx": "ppt/",
    "odt": "mimetype",
    "ods": "mimetype",
    "odp": "mimetype",
}
ACCEPT_ATTR = ",".join(f".{ext}" for ext in ALLOWED)


class UploadError(ValueError):
    """A file that is refused; the message is shown to the user."""


@dataclass
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int


def clean_filename(name: str) -> str:
    """A display name: NFC, no path, no control characters, at most 150 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".") or "dosya"
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 140 - len(ext)] + dot + ext) if dot else name[:150]
    return name


def _extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def _zip_has(path_or_bytes, marker: str) -> bool:
    try:
        with zipfile.ZipFile(path_or_bytes) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return any(n == marker or n.startswith(marker) for n in names)


def check_upload(upload: FileStorage) -> tuple[str, str, bytes]:
    """(clean name, content type, content) of an acceptable file; UploadError otherwise."""
    name = clean_filename(upload.filename or "")
    ext = _extension(name)
    if ext not in ALLOWED:
        raise UploadError(
            _(
                "%(name)s: bu dosya türü kabul edilmiyor. İzin verilenler: PDF, Word, Excel, "
                "PowerPoint, OpenDocument, JPEG, PNG, düz metin.",
                name=name,
            )
        )
    content = upload.stream.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise UploadError(_("%(name)s: dosya 10 MB sınırını aşıyor.", name=name))
    if not content:
        raise UploadError(_("%(name)s: dosya boş.", name=name))
    detected = magic.from_buffer(content[:65536], mime=True)
    if detected not in ALLOWED[ext]:
        raise UploadError(
            _("%(name)s: dosyanın içeriği uzantısıyla uyuşmuyor; yüklenmedi.", name=name)
        )
    if detected == "application/zip":
        import io

        if not _zip_has(io.BytesIO(content), _ZIP_MARKERS[ext]):
            raise UploadError(
                _("%(name)s: dosyanın içeriği uzantısıyla uyuşmuyor; yüklenmedi.", name=name)
            )
        detected = {
            "docx": f"{_OOXML}.wordprocessingml.document",
            "xlsx": f"{_OOXML}.spreadsheetml.sheet",
            "pptx": f"{_OOXML}.presentationml.presentation",
            "odt": f"{_ODF}.text",
            "ods": f"{_ODF}.spreadsheet",
            "odp": f"{_ODF}.presentation",
        }[ext]
    return name, detected, content


def upload_dir() -> Path:
    folder = Path(current_app.config["KBB_UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(name: str, content_type: str, content: bytes) -> StoredFile:
    """Write the content under a random name (no user input reaches the file system path).

    The file belongs to the current transaction: if it rolls back, the file is removed."""
    stored_name = secrets.token_hex(16)
    path = upload_dir() / stored_name
    path.write_bytes(content)
    db.session().info.setdefault(_PENDING, []).append(stored_name)
    return StoredFile(name, stored_name, content_type, len(content))


_PENDING = "kbb_files_written"


@event.listens_for(Session, "after_commit")
def _files_kept(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_soft_rollback")
def _files_dropped(session: Session, previous_transaction) -> None:
    """A rolled-back upload leaves no orphan file behind."""
    if previous_transaction.parent is None:  # the outermost transaction
        for stored_name in session.info.pop(_PENDING, []):
            remove(stored_name)


def path_of(stored_name: str) -> Path:
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return upload_dir() / stored_name


def remove(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored_name).unlink()
