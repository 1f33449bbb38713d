"""Opinion map forms: a vote, a resident's statement, an official's set-up."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, ValidationError

from engage.forms import Form, NotBlank, at_most, strip
from engage.opinion_map.models import MAX_STATEMENT_LENGTH, VoteValue

VOTE_CHOICES = {"agree": VoteValue.AGREE, "disagree": VoteValue.DISAGREE, "pass": VoteValue.PASS}
SEED_LINES = 200


class VoteForm(Form):
    statement_id = HiddenField(validators=[InputRequired()])
    value = StringField(validators=[AnyOf(tuple(VOTE_CHOICES))])

    @property
    def vote_value(self) -> int:
        return int(VOTE_CHOICES[self.value.data])

    @property
    def statement_number(self) -> int | None:
        data = self.statement_id.data or ""
        return int(data) if data.isdigit() and len(data) < 10 else None


class StatementForm(Form):
    text = StringField(
        _l("Your statement"),
        filters=[strip],
        validators=[
            NotBlank(_l("Write your statement before sending it.")),
            at_most(MAX_STATEMENT_LENGTH),
        ],
        description=_l(
            "One short sentence that others can agree or disagree with, at most 140 "
            "characters. Statements have no replies: to discuss, use the consultation's "
            "discussion."
        ),
    )


def _lines(value):
    if not isinstance(value, str):
        return value
    return "\n".join(
        line.strip() for line in value.replace("\r\n", "\n").split("\n") if line.strip()
    )


class SetUpForm(Form):
    enabled = BooleanField(_l("Show the opinion map on this consultation"))
    premoderation = BooleanField(
        _l("Hold residents' statements until a moderator has checked them (recommended)")
    )
    statements = TextAreaField(
        _l("Statements to start with (optional)"),
        filters=[_lines],
        validators=[at_most(SEED_LINES * (MAX_STATEMENT_LENGTH + 1))],
        description=_l(
            "One statement a line, each at most 140 characters. They are shown at once, "
            "without moderation. Statements already on the map are left out."
        ),
    )

    def validate_statements(self, field):
        lines = (field.data or "").split("\n") if field.data else []
        if len(lines) > SEED_LINES:
            raise ValidationError(_l("Add at most %(n)d statements at a time.", n=SEED_LINES))
        long = [number for number, line in enumerate(lines, 1) if len(line) > MAX_STATEMENT_LENGTH]
        if long:
            raise ValidationError(
                _l(
                    "Keep each statement to 140 characters; too long on line(s) %(lines)s.",
                    lines=", ".join(str(n) for n in long),
                )
            )

    @property
    def lines(self) -> list[str]:
        return self.statements.data.split("\n") if self.statements.data else []
