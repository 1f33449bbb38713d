"""Shared form pieces: the one length-limit message, in every language."""

from __future__ import annotations

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from engage.forms import at_most
from engage.i18n import force_locale


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[at_most(10)])


def _errors(text: str) -> list[str]:
    form = _Form(formdata=MultiDict({"name": text}))
    form.validate()
    return [str(error) for error in form.name.errors]


def test_at_most_refuses_longer_text_and_says_the_limit(app):
    with app.test_request_context("/"):
        assert _errors("x" * 10) == []
        assert _errors("x" * 11) == ["Use at most 10 characters."]


def test_the_limit_is_said_in_the_readers_language(app):
    with app.test_request_context("/"):
        with force_locale("es"):
            assert _errors("x" * 11) == ["Usa como máximo 10 caracteres."]
        with force_locale("ar"):
            assert _errors("x" * 11) == ["استخدم 10 حرفًا على الأكثر."]
