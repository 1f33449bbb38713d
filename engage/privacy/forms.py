from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from engage.accounts.passwords import MAX_LENGTH
from engage.forms import Form, at_most, strip
from engage.privacy.models import DeletionChoice


class DeleteAccountForm(Form):
    choice = RadioField(
        _l("What should happen to what you wrote?"),
        choices=[
            SelectChoice(
                DeletionChoice.REMOVE,
                _l(
                    "Remove what I wrote: every text becomes a note saying it was removed; "
                    "replies and counts stay"
                ),
            ),
            SelectChoice(
                DeletionChoice.KEEP,
                _l("Keep my words, anonymously: they stay, signed “Former participant”"),
            ),
        ],
        validators=[InputRequired(_l("Choose what should happen to what you wrote."))],
    )
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password.")), at_most(MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        filters=[strip],
        validators=[at_most(40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )
