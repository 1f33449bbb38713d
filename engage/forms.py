"""Shared form pieces: whitespace handling, length limits, and the empty form behind
one-button actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length, ValidationError


def strip(value):
    return value.strip() if isinstance(value, str) else value


def too_long(limit: int):
    """What every length limit says: one message, translated once."""
    return _l("Use at most %(max)d characters.", max=limit)


def at_most(limit: int) -> Length:
    return Length(max=limit, message=too_long(limit))


class NotBlank:
    """Refuse text that is only spaces, with a message that says so."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not (field.data or "").strip():
            raise ValidationError(self.message or _l("This can't be empty."))


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""
