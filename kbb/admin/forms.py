"""User management forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from kbb.auth.models import ROLE_LABELS, Role, User
from kbb.auth.services import normalise_username
from kbb.core.i18n import lazy_gettext as _l
from kbb.extensions import db
from kbb.members.services import municipality_choices


def _coerce_optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    """Create or edit a user; ``obj`` is the edited user (None when creating)."""

    username = StringField(
        _l("Kullanıcı adı"),
        validators=[
            DataRequired(_l("Kullanıcı adını yazın.")),
            Length(min=3, max=40, message=_l("Kullanıcı adı 3-40 karakter olmalı.")),
            Regexp(
                r"^[a-z0-9][a-z0-9._-]*$",
                message=_l(
                    "Kullanıcı adında yalnızca küçük harf (a-z), rakam, nokta, tire ve alt çizgi "
                    "olabilir."
                ),
            ),
        ],
        filters=[lambda v: normalise_username(v) if v else v],
        render_kw={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"},
    )
    full_name = StringField(
        _l("Ad soyad"),
        validators=[DataRequired(_l("Ad soyadı yazın.")), Length(max=120)],
        filters=[lambda v: " ".join(v.split()) if v else v],
    )
    email = EmailField(
        _l("E-posta"),
        validators=[
            Optional(),
            Email(message=_l("Geçerli bir e-posta adresi yazın."), check_deliverability=False),
            Length(max=254),
        ],
        filters=[lambda v: v.strip() if v else v],
    )
    role = SelectField(
        _l("Rol"),
        choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        validators=[DataRequired()],
    )
    municipality_id = SelectField(
        _l("Belediye"),
        coerce=_coerce_optional_int,
        description=_l("Yalnızca belediye kullanıcıları için; diğer rollerde boş bırakın."),
        validate_choice=True,
    )

    def __init__(self, *args, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.municipality_id.choices = [(None, _l("— Belediye yok —"))] + [
            (mid, name) for mid, name in municipality_choices(only_active=False)
        ]
        if editing is not None:
            self.username.render_kw = {**(self.username.render_kw or {}), "readonly": True}

    def validate_username(self, field):
        if self.editing is not None:
            field.data = self.editing.username  # usernames are not renamed
            return
        taken = db.session.scalar(db.select(User.id).where(User.username == field.data))
        if taken:
            raise ValidationError(_l("Bu kullanıcı adı zaten kullanılıyor."))

    def validate_municipality_id(self, field):
        if self.role.data == Role.MEMBER.value and field.data is None:
            raise ValidationError(_l("Belediye kullanıcısı için bir belediye seçin."))
        if self.role.data != Role.MEMBER.value and field.data is not None:
            raise ValidationError(
                _l("Yalnızca belediye kullanıcılarına belediye atanır; bu alanı boş bırakın.")
            )
