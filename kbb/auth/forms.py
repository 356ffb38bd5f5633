"""Login and password forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from kbb.auth.services import password_problems, verify_password
from kbb.core.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    username = StringField(
        _l("Kullanıcı adı"),
        validators=[DataRequired(_l("Kullanıcı adını yazın.")), Length(max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Parola"),
        validators=[DataRequired(_l("Parolayı yazın.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordMixin:
    """Fields and rules for choosing a new password; ``self.user`` is the account."""

    new_password = PasswordField(
        _l("Yeni parola"),
        validators=[DataRequired(_l("Yeni parolayı yazın.")), Length(max=200)],
        description=_l("En az 10 karakter; kullanıcı adınızdan farklı olmalı."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Yeni parola (tekrar)"),
        validators=[
            DataRequired(_l("Yeni parolayı yeniden yazın.")),
            EqualTo("new_password", _l("İki parola birbirinin aynı değil.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_new_password(self, field):
        problems = password_problems(field.data, self.user.username)
        if problems:
            raise ValidationError(" ".join(problems))


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Şu anki parola"),
        validators=[DataRequired(_l("Şu anki parolanızı yazın."))],
        render_kw={"autocomplete": "current-password"},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not verify_password(self.user, field.data or ""):
            raise ValidationError(_l("Şu anki parola hatalı."))

    def validate_new_password(self, field):
        super().validate_new_password(field)
        if verify_password(self.user, field.data or ""):
            raise ValidationError(_l("Yeni parola eskisinden farklı olmalı."))
