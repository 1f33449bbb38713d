from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TextAreaField, widgets
from wtforms.validators import InputRequired

from engage.forms import Form, NotBlank, at_most, strip
from engage.permissions import ADMIN, MODERATOR, OFFICIAL

ROLE_LABELS = {
    MODERATOR: _l("Moderator"),
    OFFICIAL: _l("Official"),
    ADMIN: _l("Admin"),
}


class RolesForm(Form):
    roles = SelectMultipleField(
        _l("Roles besides resident"),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )
    reason = TextAreaField(
        _l("Why are the roles changing?"),
        description=_l("Recorded in the audit log with your name and the time."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why the roles are changing.")),
            NotBlank(_l("Say why the roles are changing.")),
            at_most(500),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not in the field: WTForms 3.3 deprecates tuple choices given to a field.
        self.roles.choices = list(ROLE_LABELS.items())
