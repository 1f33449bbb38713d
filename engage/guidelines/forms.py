from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from engage.forms import NotBlank, strip


class RuleForm(FlaskForm):
    title = StringField(
        _l("Rule title"),
        description=_l("A few words, shown with the rule's number in every decision."),
        filters=[strip],
        validators=[
            InputRequired(_l("Give the rule a title.")),
            NotBlank(_l("Give the rule a title.")),
            Length(max=120, message=_l("Use at most %(max)d characters.", max=120)),
        ],
    )
    body = TextAreaField(
        _l("What the rule says"),
        filters=[strip],
        validators=[
            InputRequired(_l("Say what the rule means.")),
            NotBlank(_l("Say what the rule means.")),
            Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000)),
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
            Length(max=500, message=_l("Use at most 500 characters.")),
        ],
        render_kw={"rows": "3"},
    )
