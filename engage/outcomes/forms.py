"""Forms for answering proposals, writing the outcome, and tracking commitments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from engage.concurrency import VersionField
from engage.forms import Form, NotBlank, at_most, strip
from engage.outcomes.models import CommitmentStatus, ResponseStatus

REASON_MAX = 5000
REPORT_MAX = 20000
TITLE_MAX = 200

RESPONSE_LABELS = [
    (ResponseStatus.UNDER_CONSIDERATION, _l("Under consideration")),
    (ResponseStatus.ACCEPTED, _l("Accepted")),
    (ResponseStatus.PARTLY_ACCEPTED, _l("Partly accepted")),
    (ResponseStatus.REJECTED, _l("Rejected")),
    (ResponseStatus.IMPLEMENTED, _l("Implemented")),
]
COMMITMENT_LABELS = [
    (CommitmentStatus.NOT_STARTED, _l("Not started")),
    (CommitmentStatus.IN_PROGRESS, _l("In progress")),
    (CommitmentStatus.DELAYED, _l("Delayed")),
    (CommitmentStatus.COMPLETED, _l("Completed")),
    (CommitmentStatus.DROPPED, _l("Dropped")),
]

RESPONSE_CHOICES = [SelectChoice(value, label) for value, label in RESPONSE_LABELS]
COMMITMENT_CHOICES = [SelectChoice(value, label) for value, label in COMMITMENT_LABELS]


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def _text(label, required_message, maximum, description=None, rows="6"):
    return TextAreaField(
        label,
        description=description,
        filters=[strip],
        validators=[
            InputRequired(required_message),
            NotBlank(required_message),
            at_most(maximum),
        ],
        render_kw={"rows": rows},
    )


class ResponseForm(Form):
    status = RadioField(
        _l("Answer"),
        choices=RESPONSE_CHOICES,
        validators=[InputRequired(_l("Choose an answer."))],
    )
    reason = _text(
        _l("Reason"),
        _l("Explain the answer."),
        REASON_MAX,
        _l("Shown on the proposal. Say what was decided and why, in plain words."),
    )


class OutcomeForm(Form):
    heard = _text(
        _l("What we heard"),
        _l("Summarise what people told you."),
        REPORT_MAX,
        _l("A summary of the input, fair to every view. Markdown works."),
        rows="10",
    )
    decided = _text(
        _l("What we decided"),
        _l("Say what was decided."),
        REPORT_MAX,
        _l("The decisions taken and why. Markdown works."),
        rows="10",
    )
    # 0: there was no report yet when the form was loaded.
    lock_version = VersionField()


class _CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
    is_choice_list = True  # the form macro shows it as a fieldset of checkboxes


class CommitmentForm(Form):
    title = StringField(
        _l("Commitment"),
        description=_l("What you promise to do, in one line."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say what you commit to.")),
            NotBlank(_l("Say what you commit to.")),
            at_most(TITLE_MAX),
        ],
    )
    description = TextAreaField(
        _l("Details (optional)"),
        filters=[strip],
        validators=[at_most(REASON_MAX)],
        render_kw={"rows": "5"},
    )
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])
    sources = _CheckboxList(
        _l("Came from"),
        description=_l("The inputs this commitment answers."),
        choices=[],
        validate_choice=True,
    )


class UpdateForm(Form):
    body = _text(_l("What happened"), _l("Describe the progress."), REASON_MAX, rows="4")
    status = SelectField(_l("Status"), choices=COMMITMENT_CHOICES)
    percent_done = IntegerField(
        _l("Percent done"),
        validators=[
            InputRequired(_l("Enter a number from 0 to 100.")),
            NumberRange(0, 100, message=_l("Enter a number from 0 to 100.")),
        ],
    )


class MilestoneForm(Form):
    title = StringField(
        _l("Milestone"),
        filters=[strip],
        validators=[
            InputRequired(_l("Name the milestone.")),
            NotBlank(_l("Name the milestone.")),
            at_most(TITLE_MAX),
        ],
    )
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])
