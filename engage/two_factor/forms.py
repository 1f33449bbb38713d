from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired

from engage.forms import Form, NotBlank, at_most, strip


class CodeForm(Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        description=_l(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        ),
        filters=[strip],
        validators=[InputRequired(_l("Enter the code from your app.")), at_most(40)],
        render_kw={
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autocapitalize": "none",
        },
    )


class EnrolForm(Form):
    code = StringField(
        _l("Code from your app"),
        description=_l("6 digits. A new code shows every 30 seconds."),
        filters=[strip],
        validators=[InputRequired(_l("Enter the 6-digit code from your app.")), at_most(40)],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
        },
    )


class PasswordConfirmForm(Form):
    """Before replacing recovery codes or the authenticator: the person is really here."""

    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ResetForm(Form):
    reason = TextAreaField(
        _l("Why is the second factor being reset?"),
        description=_l(
            "For example how you checked it is really them. Recorded in the audit log with "
            "your name and the time."
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why the second factor is being reset.")),
            NotBlank(_l("Say why the second factor is being reset.")),
            at_most(500),
        ],
    )
