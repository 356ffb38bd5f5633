"""Error pages in Turkish; htmx requests get a small fragment shown in the message area."""

from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from kbb.core.htmx import is_htmx
from kbb.core.i18n import lazy_gettext as _l
from kbb.extensions import db

MESSAGES = {
    400: (_l("Geçersiz istek"), _l("İstek anlaşılamadı. Sayfayı yenileyip yeniden deneyin.")),
    403: (_l("Yetkiniz yok"), _l("Bu sayfayı görme ya da bu işlemi yapma yetkiniz yok.")),
    404: (_l("Sayfa bulunamadı"), _l("Aradığınız sayfa ya da kayıt bulunamadı.")),
    405: (_l("İzin verilmeyen yöntem"), _l("Bu adres bu şekilde kullanılamaz.")),
    409: (
        _l("İşlem yapılamadı"),
        _l("Kayıt siz çalışırken değişmiş. Sayfayı yenileyip yeniden deneyin."),
    ),
    413: (
        _l("Dosya çok büyük"),
        _l("Gönderilen veri izin verilen boyutu aşıyor. Daha küçük dosyalar seçin."),
    ),
    429: (
        _l("Çok fazla deneme"),
        _l("Kısa sürede çok fazla istek gönderildi. Lütfen bir dakika bekleyip yeniden deneyin."),
    ),
    500: (
        _l("Beklenmeyen bir hata oluştu"),
        _l("Sorun kaydedildi. Lütfen biraz sonra yeniden deneyin."),
    ),
}


def error_response(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    context = {"code": code, "title": title, "message": message or default}
    if is_htmx():
        html = render_template("errors/_fragment.html", **context)
        headers = {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
        return html, code, headers
    return render_template("errors/error.html", **context), code


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_response(
            400,
            str(
                _l(
                    "Oturum güvenlik anahtarı geçersiz ya da süresi dolmuş. "
                    "Sayfayı yenileyip yeniden deneyin."
                )
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 429:
            return error_response(429)
        return error_response(error.code)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # Two submissions raced for the same unique value: a clear message, not a 500.
        db.session.rollback()
        app.logger.warning("Integrity error: %s", error.orig)
        return error_response(
            409,
            str(
                _l(
                    "Bu kayıt bu arada başka bir işlemle değişti ya da aynısı zaten var. "
                    "Sayfayı yenileyip yeniden deneyin."
                )
            ),
        )

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        # Never show a traceback; roll back whatever the request had half-done.
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return error_response(InternalServerError.code)
