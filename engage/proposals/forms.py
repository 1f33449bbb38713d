"""Forms for writing, editing and withdrawing proposals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from engage.concurrency import VersionField
from engage.forms import Form, NotBlank, at_most, strip

TITLE_MIN, TITLE_MAX = 5, 150
# Shorter than a sentence is not yet a proposal others can support or answer.
BODY_MIN, BODY_MAX = 20, 5000


class ProposalForm(Form):
    title = StringField(
        _l("Title"),
        description=_l(
            "One line that says what you propose. At most %(max)d characters.", max=TITLE_MAX
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a title.")),
            NotBlank(_l("Enter a title.")),
            Length(
                min=TITLE_MIN,
                message=_l("Use at least %(min)d characters for the title.", min=TITLE_MIN),
            ),
            at_most(TITLE_MAX),
        ],
    )
    body = TextAreaField(
        _l("Your proposal"),
        description=_l(
            "What should change, and why. At most %(max)d characters. Markdown works: "
            "- for lists, **bold**, [text](https://…) for links.",
            max=BODY_MAX,
        ),
        filters=[strip],
        validators=[
            InputRequired(_l("Write your proposal.")),
            NotBlank(_l("Write your proposal.")),
            Length(
                min=BODY_MIN,
                message=_l(
                    "Write at least %(min)d characters, so people can see what you propose.",
                    min=BODY_MIN,
                ),
            ),
            at_most(BODY_MAX),
        ],
        render_kw={"rows": "12"},
    )


class ProposalEditForm(ProposalForm):
    lock_version = VersionField()


class WithdrawForm(Form):
    reason = TextAreaField(
        _l("Why are you withdrawing it? (optional)"),
        description=_l("Shown on the proposal page. At most 500 characters."),
        filters=[strip],
        validators=[at_most(500)],
        render_kw={"rows": "4"},
    )
