"""Forms built from the questions admins turned on (their fields change with the settings)."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FloatField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from engage.demographics.questions import MAX_OPTIONS, OPTION_LENGTH, PREFER_NOT_TO_SAY, Asked
from engage.forms import Form, at_most


def answers_form(questions: list[Asked], formdata=None, data: dict | None = None) -> Form:
    class AboutYouForm(Form):
        consent = BooleanField(
            _l(
                "I agree that this site keeps these answers, apart from my profile, to count "
                "who takes part. I can remove them at any time."
            )
        )

        def validate_consent(self, field):
            gave = any(self[f"q_{q.key}"].data for q in questions)
            if not gave:
                raise ValidationError(_l("Choose at least one answer, or choose “No thanks”."))
            if not field.data:
                raise ValidationError(_l("Tick the box to agree, or choose “No thanks”."))

    for question in questions:
        field = RadioField(
            question.label,
            choices=[SelectChoice(value, label) for value, label in question.options],
            validators=[Optional()],
            description=_l("Optional."),
        )
        setattr(AboutYouForm, f"q_{question.key}", field)
    kwargs = {} if formdata is None else {"formdata": formdata}
    return AboutYouForm(data={f"q_{k}": v for k, v in (data or {}).items()}, **kwargs)


def finite_percent(form, field):
    if field.data is not None and not (math.isfinite(field.data) and 0 <= field.data <= 100):
        raise ValidationError(_l("Give a percentage from 0 to 100."))


def settings_form(questions: list[Asked], settings: dict) -> Form:
    """Which questions are asked; a local question's options; the population's shares."""

    class SettingsForm(Form):
        pass

    for question in questions:
        row = settings.get(question.key)
        setattr(
            SettingsForm,
            f"{question.key}_enabled",
            BooleanField(_l("Ask this question"), default=bool(row and row.enabled)),
        )
        if question.question.local:
            setattr(
                SettingsForm,
                f"{question.key}_options",
                TextAreaField(
                    _l("Options, one per line"),
                    default="\n".join(v for v in question.values if v != PREFER_NOT_TO_SAY),
                    description=_l(
                        "At most %(n)d options of %(chars)d characters. “Prefer not to say” "
                        "is always added.",
                        n=MAX_OPTIONS,
                        chars=OPTION_LENGTH,
                    ),
                    validators=[at_most(MAX_OPTIONS * (OPTION_LENGTH + 2))],
                ),
            )
        for index, (value, label) in enumerate(question.options):
            if value == PREFER_NOT_TO_SAY:
                continue
            setattr(
                SettingsForm,
                f"{question.key}_share_{index}",
                FloatField(
                    _l("%(answer)s: share of the population (%%)", answer=label),
                    validators=[Optional(), finite_percent],
                    render_kw={"inputmode": "decimal", "class": "input--short"},
                ),
            )
    return SettingsForm()


def share_fields(form, question: Asked):
    """(answer value, field) for each answer of ``question`` that has a share field."""
    for index, (value, _label) in enumerate(question.options):
        field = getattr(form, f"{question.key}_share_{index}", None)
        if field is not None:
            yield value, field
