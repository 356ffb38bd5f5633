"""The fast html_params writes exactly what WTForms' own does."""

from __future__ import annotations

import itertools

from markupsafe import Markup

from kbb.core.forms import WTFORMS_HTML_PARAMS, html_params
from kbb.core.i18n import lazy_gettext

VALUES = [
    "metin",
    "",
    "tırnak \" ve ' & <b>",
    "İĞÜŞÖÇ ığüşöç",
    Markup('<i>"güvenli"</i>'),
    Markup("a &amp; b"),
    0,
    17,
    3.5,
    None,
    True,
    False,
    lazy_gettext("Durum"),
]
KEYS = ["name", "id", "class_", "for_", "data_hx_get", "aria_describedby", "value", "x__"]


def test_same_output_as_wtforms(app):
    with app.test_request_context():
        for key, value in itertools.product(KEYS, VALUES):
            assert html_params(**{key: value}) == WTFORMS_HTML_PARAMS(**{key: value})
        for values in itertools.permutations(VALUES[:6], 4):
            kwargs = dict(zip(KEYS, values, strict=False))
            assert html_params(**kwargs) == WTFORMS_HTML_PARAMS(**kwargs)
        assert html_params() == WTFORMS_HTML_PARAMS() == Markup("")


def test_widgets_use_it(app, world):
    from flask_wtf import FlaskForm
    from wtforms import BooleanField, SelectField, StringField, SubmitField
    from wtforms.widgets import core

    class Probe(FlaskForm):
        text = StringField("Metin", default='a "b" <c>')
        choice = SelectField("Seçim", choices=[("1", "Bir & iki"), ("2", '"İki"')], default="2")
        flag = BooleanField("Bayrak", default=True)
        send = SubmitField("Gönder")

    import wtforms.widgets

    assert core.html_params is html_params and core.Input.html_params is html_params
    assert wtforms.widgets.html_params is html_params
    with app.test_request_context():
        form = Probe(meta={"csrf": False})
        assert (
            str(form.text())
            == '<input id="text" name="text" type="text" value="a &#34;b&#34; &lt;c&gt;">'
        )
        assert str(form.choice()) == (
            '<select id="choice" name="choice"><option value="1">Bir &amp; iki</option>'
            '<option selected value="2">&#34;İki&#34;</option></select>'
        )
        assert str(form.flag()) == '<input checked id="flag" name="flag" type="checkbox" value="y">'
