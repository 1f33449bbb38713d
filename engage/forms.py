"""Shared form pieces: the site's form base class, whitespace handling, length limits,
and the empty form behind one-button actions."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError

from engage.text import has_control_characters


def form_status(form: FlaskForm | None = None) -> int:
    """A form page's status: 422 when it is shown again after a POST (one that left errors
    in ``form``, when it is given), 200 when it is first shown. A POST that succeeds
    redirects, so a form page after a POST is the person's text coming back to them."""
    if request.method != "POST" or (form is not None and not form.errors):
        return 200
    return 422


def strip(value):
    return value.strip() if isinstance(value, str) else value


def too_long(limit: int):
    """What every length limit says: one message, translated once."""
    return _l("Use at most %(max)d characters.", max=limit)


def at_most(limit: int) -> Length:
    return Length(max=limit, message=too_long(limit))


# An over-long value comes back in the form only if it is at most this many times the
# field's limit, so someone who wrote a little too much keeps every word to trim it
# themselves. Anything longer (a script, a mistaken paste) is cut to the limit, and the
# error says so: a page never echoes megabytes of what was sent.
ECHO_FACTOR = 2


class StopWhenTooLong:
    """The field's length limit, checked first: an over-long value goes through no other
    check (a 2 MB "email address" is never matched against the email pattern)."""

    def __init__(self, limit: Length):
        self.max = limit.max
        self.message = limit.message

    def __call__(self, form, field):
        data = field.data
        if not isinstance(data, str) or len(data) <= self.max:
            return
        message = str(self.message or too_long(self.max))
        if len(data) > ECHO_FACTOR * self.max:
            field.data = data[: self.max]
            field.raw_data = [field.data]
            message = " ".join(
                [
                    message,
                    str(
                        _l(
                            "What you sent was %(sent)d characters long, so only the first "
                            "%(max)d are shown here.",
                            sent=len(data),
                            max=self.max,
                        )
                    ),
                ]
            )
        raise StopValidation(message)


def _length_limits(validators: list) -> list:
    return [
        StopWhenTooLong(v)
        for v in validators
        if isinstance(v, Length) and v.max is not None and v.max >= 0
    ]


class NotBlank:
    """Refuse text that is only spaces, with a message that says so."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not (field.data or "").strip():
            raise ValidationError(self.message or _l("This can't be empty."))


class SingleLine:
    """Refuse line breaks, tabs and other control characters in a one-line field.

    Titles and names end up in email subjects, page titles and CSV cells, where a line
    break ends the line; the person gets their text back to correct it.
    """

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(
                _l("Write this on one line, without line breaks, tabs or other control characters.")
            )


def is_single_line(field_class: type) -> bool:
    """Text inputs of one line (text, email, search, hidden…); not text areas or passwords,
    which are opaque and never shown."""
    return issubclass(field_class, StringField) and not issubclass(
        field_class, TextAreaField | PasswordField
    )


class Form(FlaskForm):
    """Every form of the site: adds the checks that hold for every field of a kind."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            validators = list(unbound_field.kwargs.get("validators") or ())
            if is_single_line(unbound_field.field_class):
                validators.insert(0, SingleLine())
            validators[:0] = _length_limits(validators)
            return unbound_field.bind(form=form, validators=validators, **options)


class ActionForm(Form):
    """A button that changes something: carries only the CSRF token."""
