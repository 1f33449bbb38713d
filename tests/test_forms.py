"""Shared form pieces: the one length-limit message, in every language, and the one
status of a form page."""

from __future__ import annotations

import re
from pathlib import Path

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from engage.forms import at_most, form_status
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


def test_a_form_page_is_200_when_first_shown_and_422_when_it_comes_back(app):
    with app.test_request_context("/", method="GET"):
        assert form_status() == 200
    with app.test_request_context("/", method="POST"):
        assert form_status() == 422
        form = _Form(formdata=MultiDict({"name": "short"}))
        form.validate()
        assert form_status(form) == 200
        form = _Form(formdata=MultiDict({"name": "x" * 11}))
        form.validate()
        assert form_status(form) == 422


def test_routes_ask_form_status_instead_of_spelling_it():
    """The status of a form page is said once, in engage.forms: a route that writes its own
    '422 if POST' test is a copy that can drift (one already had a second condition)."""
    engage = Path(__file__).resolve().parent.parent / "engage"
    spelled = re.compile(r"422 if request\.method")
    copies = [
        str(path.relative_to(engage.parent))
        for path in sorted(engage.rglob("*.py"))
        if path.name != "forms.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []
