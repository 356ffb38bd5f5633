"""Member directory forms: each form declares only the fields its user may change."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from kbb.core.i18n import lazy_gettext as _l
from kbb.core.text import fold, strip_controls, title
from kbb.core.workdays import local_today
from kbb.extensions import db
from kbb.members.models import (
    KIND_LABELS,
    PERSON_ROLE_LABELS,
    EventKind,
    Municipality,
    Person,
    PersonRole,
)
from kbb.members.phones import InvalidPhone, InvalidWebsite, normalise_phone, normalise_website

FOUNDED = date(1978, 1, 1)  # the Union was founded in 1978


def _squash(value):
    """Trim and collapse white space (names, titles), NFC; no control characters."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", " ".join(strip_controls(value).split()))


def _lines(value):
    """Like _squash, line by line: an address keeps its line breaks."""
    if not isinstance(value, str):
        return value
    lines = (" ".join(strip_controls(line).split()) for line in value.splitlines())
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def _strip(value):
    """Trim; no control characters (PostgreSQL refuses NUL, Excel refuses most)."""
    return strip_controls(value).strip() if isinstance(value, str) else value


class TurkishPhone:
    """A Turkish phone number, stored in its display form ("0332 123 45 67")."""

    def __call__(self, form, field):
        try:
            field.data = normalise_phone(field.data)
        except InvalidPhone as exc:
            raise ValidationError(
                _l(
                    "Geçerli bir Türkiye telefon numarası yazın, "
                    "ör. 0332 123 45 67 ya da +90 332 123 45 67."
                )
            ) from exc


class Website:
    """An http(s) address; "www.ornek.bel.tr" gets "https://" in front."""

    def __call__(self, form, field):
        try:
            field.data = normalise_website(field.data)
        except InvalidWebsite as exc:
            raise ValidationError(
                _l("Geçerli bir web adresi yazın, ör. https://www.ornek.bel.tr.")
            ) from exc


class PastDate:
    """Not before the Union was founded, not in the future."""

    def __call__(self, form, field):
        if field.data is None:
            return
        if field.data < FOUNDED:
            raise ValidationError(_l("Birlik 1978'de kuruldu; daha eski bir tarih yazılamaz."))
        if field.data > local_today():
            raise ValidationError(_l("İleri bir tarih yazılamaz."))


class PopulationField(IntegerField):
    """A whole number that may be written the Turkish way ("1.234.567")."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip().replace(".", "").replace(" ", "")
        try:
            self.data = int(raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(_l("Nüfusu rakamla yazın, ör. 12.345.")) from exc

    def pre_validate(self, form):
        if self.process_errors:  # one message for unreadable input, not two
            raise StopValidation()


def _email_field(label):
    return EmailField(
        label,
        validators=[
            Optional(),
            Length(max=254, message=_l("E-posta adresi en çok 254 karakter olabilir.")),
            Email(message=_l("Geçerli bir e-posta adresi yazın."), check_deliverability=False),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


def _phone_field(label, description=None):
    return StringField(
        label,
        validators=[Optional(), Length(max=40), TurkishPhone()],
        filters=[_strip],
        description=description,
        render_kw={"type": "tel", "autocomplete": "off", "inputmode": "tel"},
    )


class ContactDetailsForm(FlaskForm):
    """What a member user may change about their own municipality: how to reach it."""

    phone = _phone_field(_l("Telefon"), _l("ör. 0332 123 45 67 ya da 444 55 42"))
    email = _email_field(_l("E-posta"))
    website = StringField(
        _l("Web sitesi"),
        validators=[Optional(), Length(max=200), Website()],
        filters=[_strip],
        description=_l("ör. https://www.ornek.bel.tr"),
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"},
    )
    address = TextAreaField(
        _l("Adres"),
        validators=[
            Optional(),
            Length(max=300, message=_l("Adres en çok 300 karakter olabilir.")),
        ],
        filters=[_lines],
        render_kw={"rows": 2},
    )

    #: The fields this form writes (and the audit log compares).
    FIELDS: tuple[str, ...] = ("phone", "email", "website", "address")


class MunicipalityForm(ContactDetailsForm):
    """Every field of a municipality (staff); membership dates are recorded as events."""

    name = StringField(
        _l("Belediye adı"),
        validators=[
            DataRequired(_l("Belediyenin adını yazın.")),
            Length(max=150, message=_l("Ad en çok 150 karakter olabilir.")),
        ],
        filters=[_squash],
        description=_l("ör. Selçuklu Belediyesi"),
    )
    kind = SelectField(
        _l("Türü"),
        choices=[("", _l("— Seçin —"))] + [(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Türünü seçin."))],
    )
    province = StringField(
        _l("İl"),
        validators=[DataRequired(_l("İli yazın.")), Length(max=60)],
        filters=[_squash],
    )
    district = StringField(
        _l("İlçe"),
        validators=[Optional(), Length(max=60)],
        filters=[_squash],
        description=_l("Büyükşehir ve il belediyeleri için boş bırakılabilir."),
    )
    population = PopulationField(
        _l("Nüfus"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=50_000_000, message=_l("Nüfus 0 ile 50.000.000 arasında olmalı.")
            ),
        ],
    )
    notes = TextAreaField(
        _l("Notlar"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Notlar en çok 2000 karakter olabilir.")),
        ],
        filters=[_strip],
        render_kw={"rows": 3},
    )

    FIELDS = (
        "name",
        "kind",
        "province",
        "district",
        "population",
        "notes",
        *ContactDetailsForm.FIELDS,
    )

    def __init__(self, *args, editing: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None and not self.is_submitted():
            self.kind.data = editing.kind.value

    def validate_province(self, field):
        """One spelling per province: "KONYA" and "konya" become the known "Konya"."""
        known = {
            fold(p): p for p in db.session.scalars(db.select(Municipality.province).distinct())
        }
        field.data = known.get(fold(field.data), title(field.data))

    def validate_name(self, field):
        """A name is unique within its province (Turkish-insensitively)."""
        if not field.data or not self.province.data:
            return
        wanted = (fold(field.data), fold(self.province.data))
        rows = db.session.execute(
            db.select(Municipality.id, Municipality.name, Municipality.province)
        )
        for row in rows:
            if (fold(row.name), fold(row.province)) == wanted and (
                self.editing is None or row.id != self.editing.id
            ):
                raise ValidationError(_l("Bu ilde bu adla kayıtlı bir belediye zaten var."))


class NewMunicipalityForm(MunicipalityForm):
    """A new member: its details and, when known, the date and decision of joining."""

    joined_on = DateField(
        _l("Katılış tarihi"),
        validators=[Optional(), PastDate()],
        description=_l("Boş bırakılırsa katılış daha sonra kaydedilebilir."),
    )
    decision_ref = StringField(
        _l("Katılış kararı"),
        validators=[Optional(), Length(max=40)],
        filters=[_squash],
        description=_l("Birlik Meclisi kararının sayısı, ör. 2019/12"),
    )

    def validate_decision_ref(self, field):
        if field.data and not self.joined_on.data:
            raise ValidationError(_l("Karar sayısı için katılış tarihini de yazın."))


class MembershipForm(FlaskForm):
    """Record that a municipality joined or left, on a date, by a decision."""

    effective_on = DateField(
        _l("Tarih"),
        validators=[InputRequired(_l("Tarihi yazın.")), PastDate()],
    )
    decision_ref = StringField(
        _l("Birlik Meclisi kararı"),
        validators=[Optional(), Length(max=40, message=_l("Karar en çok 40 karakter olabilir."))],
        filters=[_squash],
        description=_l("Kararın sayısı, ör. 2019/12"),
    )
    note = TextAreaField(
        _l("Açıklama"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Açıklama en çok 500 karakter olabilir.")),
        ],
        filters=[_squash],
        render_kw={"rows": 2},
    )

    def __init__(self, *args, municipality: Municipality, kind: EventKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.kind = kind

    def validate_effective_on(self, field):
        m = self.municipality
        if field.data is None:
            return
        if self.kind == EventKind.LEFT and m.joined_on and field.data < m.joined_on:
            raise ValidationError(_l("Ayrılış tarihi katılış tarihinden önce olamaz."))
        if self.kind == EventKind.JOINED and m.left_on and field.data < m.left_on:
            raise ValidationError(_l("Yeniden katılış tarihi ayrılış tarihinden önce olamaz."))


class ContactPersonForm(FlaskForm):
    """A person's work contact details; a member user's form (the role is always "contact")."""

    full_name = StringField(
        _l("Ad soyad"),
        validators=[
            DataRequired(_l("Ad soyadı yazın.")),
            Length(max=120, message=_l("Ad soyad en çok 120 karakter olabilir.")),
        ],
        filters=[_squash],
    )
    title = StringField(
        _l("Unvan / görev"),
        validators=[Optional(), Length(max=120, message=_l("Unvan en çok 120 karakter olabilir."))],
        filters=[_squash],
        description=_l("ör. Yazı İşleri Müdürü"),
    )
    phone = _phone_field(_l("İş telefonu"), _l("ör. 0332 123 45 67 / 1234 (dahili)"))
    email = _email_field(_l("İş e-postası"))
    active = BooleanField(_l("Görevde"), default=True)

    FIELDS: tuple[str, ...] = ("full_name", "title", "phone", "email", "active")

    def __init__(self, *args, municipality: Municipality, editing: Person | None = None, **kw):
        super().__init__(*args, **kw)
        self.municipality = municipality
        self.editing = editing


class PersonForm(ContactPersonForm):
    """Staff: any person, with their role at the municipality."""

    role = SelectField(
        _l("Görevi"),
        choices=[(r.value, label) for r, label in PERSON_ROLE_LABELS.items()],
        default=PersonRole.CONTACT.value,
        validators=[InputRequired(_l("Görevini seçin."))],
    )

    FIELDS = ("role", *ContactPersonForm.FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.editing is not None and not self.is_submitted():
            self.role.data = self.editing.role.value

    def validate_role(self, field):
        """One serving mayor per municipality."""
        if field.data != PersonRole.MAYOR.value or not self.active.data:
            return
        others = db.session.scalar(
            db.select(db.func.count(Person.id)).where(
                Person.municipality_id == self.municipality.id,
                Person.role == PersonRole.MAYOR,
                Person.active.is_(True),
                Person.id != (self.editing.id if self.editing else -1),
            )
        )
        if others:
            raise ValidationError(
                _l(
                    "Bu belediyenin görevdeki bir başkanı zaten kayıtlı; "
                    "önce onun kaydında “Görevde” işaretini kaldırın."
                )
            )
