"""Forms for moderators' decisions (one case or many) and for appeals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from engage.forms import Form, NotBlank, at_most, strip
from engage.guidelines.service import rule_choices
from engage.moderation.decision_models import AppealStatus, Decision
from engage.params import record_id

ACTION_LABELS = {
    Decision.DISMISS: _l("Dismiss the reports: it breaks no rule (shown again if it was hidden)"),
    Decision.APPROVE: _l("Approve: publish it"),
    Decision.HIDE: _l("Hide it under a rule"),
    Decision.REQUEST_EDIT: _l("Ask the author to edit it (hidden until then)"),
    Decision.SUSPEND: _l("Suspend the author for a period (and hide this)"),
    Decision.RESTORE: _l("Restore it"),
}


def _rule_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class DecisionForm(Form):
    action = RadioField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))])
    rule = SelectField(
        _l("Rule"),
        description=_l("Needed to hide, ask for an edit or suspend."),
        coerce=_rule_or_none,
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Note to the author"),
        description=_l(
            "Needed to hide, ask for an edit or suspend. The author reads it; the public "
            "log shows only the rule."
        ),
        filters=[strip],
        validators=[at_most(1000)],
        render_kw={"rows": "3"},
    )
    days = IntegerField(
        _l("Suspension length in days"),
        description=_l("Only for a suspension: the justification goes in the note."),
        validators=[Optional(), NumberRange(1, 365, message=_l("Suspend for 1 to 365 days."))],
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice(a, ACTION_LABELS[a]) for a in actions]
        rules = [SelectChoice(number, label) for number, label in rule_choices()]
        self.rule.choices = [SelectChoice(None, _l("No rule")), *rules]


class BulkDecisionForm(DecisionForm):
    cases = SelectMultipleField(_l("Cases"), coerce=record_id, validate_choice=False)


class AppealForm(Form):
    statement = TextAreaField(
        _l("Why should this decision change?"),
        description=_l("Another moderator reads this and decides. At most 2000 characters."),
        filters=[strip],
        validators=[
            InputRequired(_l("Say why the decision should change.")),
            NotBlank(_l("Say why the decision should change.")),
            at_most(2000),
        ],
        render_kw={"rows": "6"},
    )


class AppealDecisionForm(Form):
    outcome = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice(AppealStatus.UPHELD, _l("Uphold the decision: it stays as it is")),
            SelectChoice(
                AppealStatus.OVERTURNED,
                _l("Overturn the decision: restore the content or lift the suspension"),
            ),
        ],
        validators=[InputRequired(_l("Choose an outcome."))],
    )
    reason = TextAreaField(
        _l("Reason, for the author"),
        filters=[strip],
        validators=[
            InputRequired(_l("Explain the outcome: the author will read it.")),
            NotBlank(_l("Explain the outcome: the author will read it.")),
            at_most(1000),
        ],
        render_kw={"rows": "4"},
    )
