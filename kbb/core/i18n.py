"""Locale and time zone, and the Jinja filters that write dates and numbers the Turkish way."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup, escape

from kbb.core import text

ISTANBUL = ZoneInfo("Europe/Istanbul")


def select_locale() -> str:
    """Turkish first: the language chosen with the tr/en switch, otherwise Turkish."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in current_app.config["KBB_LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@lru_cache(maxsize=8)
def _month_names(locale: str, width: str) -> dict[int, str]:
    return dict(Locale.parse(locale).months["format"][width])


# Patterns the lists use a lot, formatted without Babel's general machinery (same output,
# checked by tests/core/test_app.py); anything else goes through Babel.
_FAST = {
    "d MMMM y": ("wide", "{d} {m} {y}"),
    "d MMM y": ("abbreviated", "{d} {m} {y}"),
    "d MMMM y HH:mm": ("wide", "{d} {m} {y} {H:02d}:{M:02d}"),
    "d MMM HH:mm": ("abbreviated", "{d} {m} {H:02d}:{M:02d}"),
}


def _format(value: date | datetime, fmt: str, language: str | None = None) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(ISTANBUL)
    fast = _FAST.get(fmt)
    if fast is None:
        if isinstance(value, datetime):
            return format_datetime(value, fmt)
        return format_date(value, fmt)
    width, template = fast
    month = _month_names(language or current_language(), width)[value.month]
    return template.format(
        d=value.day,
        m=month,
        y=value.year,
        H=getattr(value, "hour", 0),
        M=getattr(value, "minute", 0),
    )


def date_filter(
    value: date | datetime | None, fmt: str = "d MMMM y", language: str | None = None
) -> str:
    """ "28 Kasım 2026" (tr) / "28 November 2026" (en); datetimes shown in Europe/Istanbul."""
    if value is None:
        return ""
    return _format(value, fmt, language)


def datetime_filter(
    value: datetime | None, fmt: str = "d MMMM y HH:mm", language: str | None = None
) -> str:
    return _format(value, fmt, language) if value else ""


# Group separators of the UI languages, for whole numbers (badges and totals on every list).
_GROUP = {"tr": ".", "en": ","}


def number_filter(value, digits: int = 0, language: str | None = None) -> str:
    """ "1.234,5" in Turkish."""
    if value is None:
        return ""
    if not digits and type(value) is int:
        group = _GROUP.get(language or current_language())
        if group is not None:  # same output as Babel's "#,##0" (tested), without its parser
            return f"{value:,}".replace(",", group)
    fmt = "#,##0" + (("." + "0" * digits) if digits else "")
    return format_decimal(value, fmt)


def paragraphs(value: str | None) -> Markup:
    """User text shown safely: escaped, blank lines -> paragraphs, line breaks -> <br>."""
    if not value:
        return Markup("")
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
    )


def filesize(value: int) -> str:
    """ "1,2 MB" / "340 KB" / "50 bayt"."""
    if value < 1024:
        return gettext("%(count)s bayt", count=value)
    if value >= 1024 * 1024:
        return f"{format_decimal(value / 1024 / 1024, '#,##0.0')} MB"
    return f"{format_decimal(max(value, 1024) / 1024, '#,##0')} KB"


# The request's language, set when the request starts (templates ask a hundred times a
# page; Flask-Babel's lookup goes through several proxies each time). Outside a request,
# or before it is set, the language comes from Flask-Babel.
_request_language: ContextVar[str | None] = ContextVar("kbb_request_language", default=None)


def current_language() -> str:
    """ "tr" or "en" (the UI languages are bare language codes, no territory)."""
    language = _request_language.get()
    if language is not None:
        return language
    locale = get_locale()
    return locale.language if locale is not None else "tr"


# ---------------------------------------------------------------- template gettext
# Templates call _() a hundred times a page; Flask-Babel looks the catalog up on every call.
# The catalogs are fixed while the app runs, so a translated text is kept per language.
# Same contract as Jinja's "newstyle" gettext: the text is trusted (Markup), values passed
# as keywords are escaped, and "%" rules always apply.
_TRANSLATED: dict[tuple[str, str], Markup] = {}
_TRANSLATED_MAX = 10_000  # texts written in templates are few; never grow without bound


def template_gettext(message: str, /, **variables) -> Markup:
    # Not pass_context on purpose: Jinja copies the whole context for every call of a
    # pass_context function made inside a loop or a block with its own variables.
    # Every template is autoescaped (.html, and strings), so the text is Markup.
    language = current_language()
    key = (language, message)
    text = _TRANSLATED.get(key)
    if text is None:
        text = Markup(get_translations().ugettext(message))  # noqa: S704 -- our catalog
        if len(_TRANSLATED) < _TRANSLATED_MAX:
            _TRANSLATED[key] = text
    if variables or "%" in text:
        return text % variables
    return text


_PLAIN: dict[tuple[str, str], str] = {}


def gettext(message: str, /, **variables) -> str:
    """``flask_babel.gettext`` with each translation kept per language (for lazy labels,
    which forms translate again every time they are shown)."""
    key = (current_language(), message)
    text = _PLAIN.get(key)
    if text is None:
        text = get_translations().ugettext(message)
        if len(_PLAIN) < _TRANSLATED_MAX:
            _PLAIN[key] = text
    return text % variables if variables else text


def lazy_gettext(message: str, **variables) -> LazyString:
    """A text translated when it is shown (form labels, enum labels): ``_l("Durum")``."""
    return LazyString(gettext, message, **variables)


def lazy_parts(text) -> tuple[str, dict]:
    """The source text and values of a lazy text (``("", {})`` for anything else), to store
    a text and translate it later for whoever reads it."""
    if isinstance(text, LazyString) and text._func is gettext:
        return text._args[0], dict(text._kwargs)
    return "", {}


@lru_cache(maxsize=8)
def wtforms_translations(language: str):
    """WTForms' own messages ("Bu alan zorunludur.") for one language, parsed once."""
    from babel import support
    from flask_wtf.i18n import messages_path

    return support.Translations.load(messages_path(), [language], domain="wtforms")


def _start_request() -> None:
    _request_language.set(None)
    language = current_language()
    _request_language.set(language)
    # Flask-WTF keeps the catalog on the request and would parse the .mo file again for
    # every request that builds a form; hand it the one already parsed.
    request.wtforms_translations = wtforms_translations(language)


def _end_request(_exc=None) -> None:
    _request_language.set(None)


# The filters as templates call them: the language comes from the template context (set
# once per render by the context processor below) instead of being looked up per value.
@pass_context
def _date_in_template(context, value, fmt: str = "d MMMM y") -> str:
    return date_filter(value, fmt, context.get("_language"))


@pass_context
def _datetime_in_template(context, value, fmt: str = "d MMMM y HH:mm") -> str:
    return datetime_filter(value, fmt, context.get("_language"))


@pass_context
def _number_in_template(context, value, digits: int = 0) -> str:
    return number_filter(value, digits, context.get("_language"))


def init_app(app) -> None:
    app.before_request(_start_request)
    app.teardown_request(_end_request)
    # after Babel's init_app, which installs its own (slower) callables
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.context_processor(lambda: {"_language": current_language()})

    app.jinja_env.filters.update(
        date=_date_in_template,
        datetime=_datetime_in_template,
        number=_number_in_template,
        tr_upper=text.upper,
        tr_lower=text.lower,
        tr_title=text.title,
        paragraphs=paragraphs,
        filesize=filesize,
    )
    app.jinja_env.globals.update(current_language=current_language)


def safe_next(target: str | None) -> str | None:
    """A local path to go back to, or None (never an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def referrer_path() -> str | None:
    ref = request.referrer or ""
    host = request.host_url.rstrip("/")
    return safe_next(ref[len(host) :]) if ref.startswith(host) else None
