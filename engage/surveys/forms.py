"""The officials' forms: a questionnaire, a section, a question, a spelling correction."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from engage.forms import Form, NotBlank, at_most, strip
from engage.surveys.models import CHOICE_KINDS, QuestionKind

MAX_OPTIONS = 20
MAX_SCALE_POINTS = 11
ALWAYS = 0


def kind_labels() -> dict[str, str]:
    return {
        QuestionKind.SINGLE: _l("Single choice"),
        QuestionKind.MULTIPLE: _l("Multiple choice"),
        QuestionKind.RANKING: _l("Ranking"),
        QuestionKind.SCALE: _l("Rating scale"),
        QuestionKind.NUMBER: _l("Number"),
        QuestionKind.SHORT_TEXT: _l("Short text"),
        QuestionKind.LONG_TEXT: _l("Long text"),
    }


class QuestionnaireForm(Form):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a title.")),
            NotBlank(_l("Enter a title.")),
            at_most(200),
        ],
    )
    is_poll = BooleanField(
        _l("A quick poll: one question, shown on the consultation's page"),
    )


class SectionForm(Form):
    section_title = StringField(
        _l("Page title"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter a page title.")),
            NotBlank(_l("Enter a page title.")),
            at_most(200),
        ],
    )


class QuestionForm(Form):
    section = SelectField(_l("Page"), coerce=int, validate_choice=True)
    kind = SelectField(_l("Type of question"), validate_choice=True)
    prompt = StringField(
        _l("Question"),
        filters=[strip],
        validators=[
            InputRequired(_l("Write the question.")),
            NotBlank(_l("Write the question.")),
            at_most(500),
        ],
    )
    help_text = TextAreaField(
        _l("Help text (optional)"), filters=[strip], validators=[at_most(1000)]
    )
    required = BooleanField(_l("An answer is required"))
    options = TextAreaField(
        _l("Options, one per line (choices and rankings)"),
        filters=[strip],
        validators=[at_most(MAX_OPTIONS * 300)],
        render_kw={"rows": "5"},
    )
    max_choices = IntegerField(
        _l("Multiple choice: at most this many (optional)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_OPTIONS)],
    )
    allow_other = BooleanField(_l("Offer “Other, please say” (single and multiple choice)"))
    min_value = IntegerField(
        _l("Scale or number: lowest"),
        validators=[Optional(), NumberRange(min=-1_000_000_000, max=1_000_000_000)],
    )
    max_value = IntegerField(
        _l("Scale or number: highest"),
        validators=[Optional(), NumberRange(min=-1_000_000_000, max=1_000_000_000)],
    )
    min_label = StringField(
        _l("Scale: label of the lowest end"), filters=[strip], validators=[at_most(120)]
    )
    max_label = StringField(
        _l("Scale: label of the highest end"), filters=[strip], validators=[at_most(120)]
    )
    condition = SelectField(_l("Show this question"), coerce=int, validate_choice=True)

    def __init__(self, *args, sections=(), conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = [(s.id, s.title) for s in sections]
        self.kind.choices = list(kind_labels().items())
        self.condition.choices = [(ALWAYS, _l("Always"))] + [
            (
                option.id,
                _l(
                    "Only if “%(question)s” is answered “%(option)s”",
                    question=question.prompt,
                    option=option.label,
                ),
            )
            for question, option in conditions
        ]

    @property
    def option_labels(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    def validate_options(self, field):
        if self.kind.data not in CHOICE_KINDS:
            return
        labels = self.option_labels
        if len(labels) < 2:
            raise ValidationError(_l("Give at least two options, one per line."))
        if len(labels) > MAX_OPTIONS:
            raise ValidationError(_l("Give at most %(max)d options.", max=MAX_OPTIONS))
        if any(len(label) > 300 for label in labels):
            raise ValidationError(_l("Each option can be at most 300 characters."))
        if len({label.casefold() for label in labels}) != len(labels):
            raise ValidationError(_l("Each option must be different."))

    def validate_max_choices(self, field):
        multiple = self.kind.data == QuestionKind.MULTIPLE
        if multiple and field.data and field.data > max(len(self.option_labels), 1):
            raise ValidationError(_l("It can't be more than the number of options."))

    def validate(self, extra_validators=None) -> bool:
        # The range is checked here: an empty number field stops its own validators.
        ok = super().validate(extra_validators)
        problem = None if self.max_value.errors else self._range_problem()
        if problem:
            self.max_value.errors = [*self.max_value.errors, problem]
        return ok and problem is None

    def _range_problem(self):
        kind = self.kind.data
        low, high = self.min_value.data, self.max_value.data
        if kind == QuestionKind.SCALE:
            if low is None or high is None:
                return _l("Give the scale's lowest and highest points, like 1 and 5.")
            if not 2 <= high - low + 1 <= MAX_SCALE_POINTS:
                return _l("A scale has from 2 to %(max)d points.", max=MAX_SCALE_POINTS)
        elif kind == QuestionKind.NUMBER and low is not None and high is not None and low > high:
            return _l("The highest can't be lower than the lowest.")
        return None


class OptionCorrectionForm(Form):
    label = StringField(
        _l("Corrected spelling"),
        filters=[strip],
        validators=[
            InputRequired(_l("Write the option.")),
            NotBlank(_l("Write the option.")),
            at_most(300),
        ],
    )


class PaperImportForm(Form):
    file = FileField(
        _l("CSV file"),
        description=_l(
            "UTF-8 CSV, at most 1 MB: channel, received_on and a column per question "
            "(download the template)."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )
