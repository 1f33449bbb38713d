"""The report form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from engage.forms import Form, at_most, strip

DETAIL_MAX = 1000

REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "harassment": _l("Harassment or hate"),
    "personal_information": _l("Personal information about someone"),
    "off_topic": _l("Off-topic"),
    "other": _l("Something else"),
}


class ReportForm(Form):
    reason = RadioField(
        _l("What is wrong with it?"),
        choices=[SelectChoice(value, label) for value, label in REASON_LABELS.items()],
        validators=[InputRequired(_l("Choose a reason."))],
    )
    detail = TextAreaField(
        _l("Anything the moderators should know? (optional)"),
        description=_l("Only moderators read this. At most %(max)d characters.", max=DETAIL_MAX),
        filters=[strip],
        validators=[at_most(DETAIL_MAX)],
        render_kw={"rows": "4"},
    )
