"""Forms for recording one input and for importing a CSV of paper submissions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from engage.assisted import CHANNEL_LABELS
from engage.assisted.csv_import import NAME_MAX
from engage.channels import ASSISTED_CHANNELS, Channel
from engage.comments.forms import MAX_LENGTH as COMMENT_MAX
from engage.forms import Form, NotBlank, at_most, strip
from engage.proposals.forms import BODY_MAX, TITLE_MAX

ON_CONSULTATION = 0


class RecordInputForm(Form):
    kind = RadioField(
        _l("What was received"),
        default="proposal",
        validators=[InputRequired(_l("Choose a proposal or a comment."))],
    )
    channel = RadioField(
        _l("How it was received"),
        default=Channel.PAPER,
        validators=[InputRequired(_l("Choose how it was received."))],
    )
    received_on = DateField(
        _l("Date received (optional while the consultation is open)"),
        validators=[Optional()],
        description=_l("The day the letter, call or event was, like 2026-03-14."),
    )
    name = StringField(
        _l("Name of the person (optional)"),
        description=_l(
            "As they want it shown, for example Maria G. Leave it empty to show "
            "the input as anonymous. This is not an account."
        ),
        filters=[strip],
        validators=[at_most(NAME_MAX)],
    )
    proposal = SelectField(_l("For a comment: what it is about"), coerce=int, validate_choice=True)
    title = StringField(
        _l("Title (proposals only)"),
        description=_l("One line that says what they propose."),
        filters=[strip],
        validators=[at_most(TITLE_MAX)],
    )
    body = TextAreaField(
        _l("Their words"),
        description=_l("Type what they wrote or said, as close to their words as you can."),
        filters=[strip],
        validators=[
            NotBlank(_l("Type what they wrote or said.")),
            at_most(BODY_MAX),
        ],
        render_kw={"rows": "10"},
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("proposal", _l("A proposal")), ("comment", _l("A comment"))]
        self.channel.choices = [(c, CHANNEL_LABELS[c]) for c in ASSISTED_CHANNELS]
        self.proposal.choices = [(ON_CONSULTATION, _l("The consultation as a whole"))] + [
            (p.id, _l("Proposal %(id)d: %(title)s", id=p.id, title=p.title)) for p in proposals
        ]

    def validate_title(self, field):
        if self.kind.data == "proposal" and not field.data:
            raise ValidationError(_l("Enter a title: a proposal needs one."))

    def validate_body(self, field):
        if self.kind.data == "comment" and len(field.data or "") > COMMENT_MAX:
            raise ValidationError(
                _l("A comment can be at most %(max)d characters.", max=COMMENT_MAX)
            )


class ImportForm(Form):
    file = FileField(
        _l("CSV file"),
        description=_l(
            "UTF-8 CSV, at most 1 MB. Columns: kind, title, body, name, "
            "received_on, channel, proposal_id."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )
