"""Security finding 2 (first half): single-line fields (titles, names, email addresses…)
refuse line breaks and other control characters with a clear message, and the form comes
back with what the person typed. Text areas keep their line breaks."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

from engage.accounts.models import User
from engage.extensions import db
from engage.forms import Form
from engage.proposals.forms import ProposalForm
from engage.proposals.models import Proposal
from tests.consultations.helpers import field_value, post, text
from tests.factories import login

MESSAGE = "Write this on one line, without line breaks, tabs or other control characters."
BROKEN = ["Line one\r\nBcc: x@example.org", "Tab\there", "Nul\x00byte", "Sep\u2028arator"]


def _engage_forms() -> list[type[FlaskForm]]:
    found, stack = [], [FlaskForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("engage."):
                found.append(sub)
    return found


def _single_line(field) -> bool:
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | PasswordField)


def test_every_form_of_the_site_is_an_engage_form(app):
    """The checks live in engage.forms.Form; a form built on FlaskForm directly skips them."""
    forms = _engage_forms()
    assert len(forms) > 30
    outside = sorted(f"{f.__module__}.{f.__qualname__}" for f in forms if not issubclass(f, Form))
    assert not outside, f"these forms must subclass engage.forms.Form: {outside}"


@pytest.mark.parametrize("value", BROKEN)
def test_every_single_line_field_refuses_control_characters(app, value):
    checked = 0
    for form_class in _engage_forms():
        with app.test_request_context(method="POST"):
            names = [
                n for n, f in form_class(meta={"csrf": False})._fields.items() if _single_line(f)
            ]
            if not names:
                continue
            form = form_class(formdata=MultiDict({n: value for n in names}), meta={"csrf": False})
            form.validate()
            for name in names:
                assert MESSAGE in form[name].errors, (form_class.__name__, name, form[name].errors)
                checked += 1
    assert checked >= 20


def test_text_areas_keep_their_line_breaks(app):
    with app.test_request_context(method="POST"):
        data = MultiDict({"title": "A title", "body": "First line.\r\n\r\n\tIndented second."})
        form = ProposalForm(formdata=data, meta={"csrf": False})
        assert form.validate(), form.errors


def test_a_proposal_title_with_a_line_break_comes_back_with_the_text(client, factories):
    consultation = factories.consultation("open")
    login(client, factories.user())
    typed = "Ban live scanning\r\nBcc: everyone@example.org"
    body = "Cameras should not scan faces in real time.\n\nNever."
    response = post(
        client,
        f"/consultations/{consultation.slug}/proposals/new",
        {"title": typed, "body": body},
    )
    assert response.status_code == 422
    page = text(response)
    assert MESSAGE in page
    assert field_value(page, "title") == typed
    assert field_value(page, "body") == body
    assert db.session.scalar(select(Proposal)) is None


def test_a_public_name_with_a_line_break_is_refused_and_kept(client, factories):
    user = factories.user(name="Rosa Resident")
    login(client, user)
    typed = "Rosa\nResident"
    response = post(client, "/account/profile", {"display_name": typed, "locale": "en"})
    assert response.status_code == 422
    page = text(response)
    assert MESSAGE in page and field_value(page, "display_name") == typed
    assert db.session.get(User, user.id).display_name == "Rosa Resident"


def test_the_message_is_translated(client, factories):
    login(client, factories.user(locale="es"))
    response = post(client, "/account/profile", {"display_name": "Rosa\nR", "locale": "es"})
    assert response.status_code == 422
    assert MESSAGE not in text(response)
    assert "una sola línea" in text(response)
