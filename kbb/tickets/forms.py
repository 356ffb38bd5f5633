"""Support request forms."""

from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from kbb.core import files
from kbb.core.i18n import lazy_gettext as _l
from kbb.core.text import strip_controls
from kbb.core.workdays import local_today
from kbb.tickets.models import PRIORITY_LABELS, STATUS_LABELS, Priority, Status
from kbb.tickets.services import TRANSITIONS


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class FilesMixin:
    """A multi-file input checked by extension and content; ``self.uploads`` holds the result."""

    files = MultipleFileField(
        _l("Dosyalar"),
        description=_l(
            "En fazla 5 dosya, her biri en çok 10 MB: PDF, Word, Excel, PowerPoint, "
            "OpenDocument, JPEG, PNG, düz metin."
        ),
        render_kw={
            "accept": files.ACCEPT_ATTR,
            "multiple": True,
            "data-max-files": files.MAX_FILES_PER_MESSAGE,
            "data-max-bytes": files.MAX_FILE_BYTES,
            "data-msg-count": _l("Bir mesaja en fazla 5 dosya eklenebilir."),
            "data-msg-size": _l("Bu dosya 10 MB sınırını aşıyor: "),
        },
    )

    def validate_files(self, field):
        chosen = [f for f in (field.data or []) if f and getattr(f, "filename", "")]
        if len(chosen) > files.MAX_FILES_PER_MESSAGE:
            raise ValidationError(
                _l("Bir mesaja en fazla 5 dosya eklenebilir; %(n)d dosya seçtiniz.", n=len(chosen))
            )
        self.uploads = []
        problems = []
        for upload in chosen:
            try:
                self.uploads.append(files.check_upload(upload))
            except files.UploadError as exc:
                problems.append(str(exc))
        if problems:
            problems.append(str(_l("Yazdığınız metin korundu; dosyaları yeniden seçin.")))
            raise ValidationError(" ".join(problems))


def _one_line(value):
    return " ".join(strip_controls(value).split()) if value else value


class TicketForm(FilesMixin, FlaskForm):
    municipality_id = SelectField(_l("Belediye"), coerce=_optional_int)
    category = SelectField(
        _l("Talep türü"),
        coerce=_optional_int,
        validators=[InputRequired(_l("Talep türünü seçin."))],
    )
    subject = StringField(
        _l("Konu"),
        validators=[DataRequired(_l("Konuyu yazın.")), Length(max=200)],
        filters=[_one_line],
    )
    body = TextAreaField(
        _l("Açıklama"),
        validators=[DataRequired(_l("Talebinizi açıklayın.")), Length(max=20000)],
        filters=[strip_controls],
        render_kw={"rows": 8},
    )
    priority = SelectField(
        _l("Öncelik"),
        choices=[(p.value, PRIORITY_LABELS[p]) for p in Priority],
        default=Priority.NORMAL.value,
    )

    def __init__(self, *args, categories=(), municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("— Seçin —"))] + [(c.id, c.name) for c in categories]
        if municipalities is None:
            del self.municipality_id
        else:
            self.municipality_id.choices = [("", _l("— Seçin —")), *municipalities]
            self.municipality_id.validators = [InputRequired(_l("Belediyeyi seçin."))]

    def validate_category(self, field):
        if field.data is None:
            raise ValidationError(_l("Talep türünü seçin."))

    def validate_municipality_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Belediyeyi seçin."))


class ReplyForm(FilesMixin, FlaskForm):
    body = TextAreaField(
        _l("Yanıtınız"),
        validators=[DataRequired(_l("Yanıt metnini yazın.")), Length(max=20000)],
        filters=[strip_controls],
        render_kw={"rows": 5},
    )
    internal = BooleanField(_l("İç not (yalnızca Birlik personeli görür)"))
    status = SelectField(_l("Yanıttan sonra durum"), default="", id="reply-status")

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.internal
            del self.status
        else:
            self.status.choices = [("", _l("— Değiştirme —"))] + [
                (s.value, STATUS_LABELS[s]) for s in (Status.WAITING, Status.RESOLVED)
            ]


class TriageForm(FlaskForm):
    status = SelectField(_l("Durum"), id="triage-status")
    priority = SelectField(_l("Öncelik"), choices=[(p.value, PRIORITY_LABELS[p]) for p in Priority])
    assignee_id = SelectField(_l("Atanan"), coerce=_optional_int)
    category_id = SelectField(_l("Talep türü"), coerce=int)
    due_on = DateField(
        _l("Son tarih"),
        validators=[Optional()],
        description=_l("Boş bırakılırsa önceliğe göre hesaplanır."),
    )
    version = HiddenField()

    def __init__(self, *args, ticket, staff=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        # only the moves the status flow allows from here
        self.status.choices = [
            (s.value, STATUS_LABELS[s])
            for s in Status
            if s == ticket.status or s in TRANSITIONS[ticket.status]
        ]
        staff_choices = [(u.id, u.full_name) for u in staff]
        if ticket.assignee_id and ticket.assignee_id not in {u.id for u in staff}:
            staff_choices.append(
                (ticket.assignee_id, f"{ticket.assignee.full_name} ({_l('pasif')})")
            )
        self.assignee_id.choices = [("", _l("— Atanmamış —")), *staff_choices]
        category_choices = [(c.id, c.name) for c in categories]
        if ticket.category_id not in {c.id for c in categories}:  # a deactivated type stays
            category_choices.append((ticket.category_id, f"{ticket.category.name} ({_l('pasif')})"))
        self.category_id.choices = category_choices

    def validate_version(self, field):
        if not (field.data or "").isdigit():
            raise ValidationError(_l("Form eksik gönderildi; sayfayı yenileyin."))

    def validate_due_on(self, field):
        if field.data and not (
            date(2000, 1, 1) <= field.data <= local_today() + timedelta(days=3 * 365)
        ):
            raise ValidationError(_l("Son tarih bugünden en çok üç yıl sonrası olabilir."))


class RateForm(FlaskForm):
    rating = RadioField(
        _l("Puanınız"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        validators=[InputRequired(_l("1 ile 5 arasında bir puan seçin."))],
    )
    comment = TextAreaField(
        _l("Yorumunuz (isteğe bağlı)"),
        validators=[Length(max=1000)],
        filters=[strip_controls],
        render_kw={"rows": 2},
    )


class CategoryForm(FlaskForm):
    name = StringField(
        _l("Ad"),
        validators=[DataRequired(_l("Adı yazın.")), Length(max=80)],
        filters=[_one_line],
    )
    description = StringField(_l("Açıklama"), validators=[Length(max=300)], filters=[_one_line])
    active = BooleanField(_l("Etkin"), default=True)
