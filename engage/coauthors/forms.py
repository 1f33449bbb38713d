"""The form an author uses to invite a co-author."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import Email, InputRequired

from engage.forms import Form, at_most, strip


class InviteForm(Form):
    email = EmailField(
        _l("Their email address"),
        description=_l("They need an Engage account. We email them a link to accept."),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter their email address.")),
            Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
            at_most(254),
        ],
        render_kw={"autocomplete": "off"},
    )
