from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired

from engage.concurrency import VersionField
from engage.forms import Form, NotBlank, at_most, strip


class RuleForm(Form):
    # The number of the guidelines version the rule was loaded from.
    lock_version = VersionField()
    title = StringField(
        _l("Rule title"),
        description=_l("A few words, shown with the rule's number in every decision."),
        filters=[strip],
        validators=[
            InputRequired(_l("Give the rule a title.")),
            NotBlank(_l("Give the rule a title.")),
            at_most(120),
        ],
    )
    body = TextAreaField(
        _l("What the rule says"),
        filters=[strip],
        validators=[
            InputRequired(_l("Say what the rule means.")),
            NotBlank(_l("Say what the rule means.")),
            at_most(2000),
        ],
        render_kw={"rows": "6"},
    )
    note = TextAreaField(
        _l("Why are you changing the guidelines?"),
        description=_l("Shown publicly with this version, and recorded in the audit log."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why the guidelines are changing.")),
            NotBlank(_l("Say why the guidelines are changing.")),
            at_most(500),
        ],
        render_kw={"rows": "3"},
    )
