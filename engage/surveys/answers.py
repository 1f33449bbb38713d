"""Checking answers against their questions: whatever a form sends, only answers that fit
are kept, and every refusal says why, next to its field.

Fields: ``q-<id>`` carries the answer (an option id, or ``other``; a number; a text),
``q-<id>-other`` the words of "other, please say", and for a ranking
``q-<id>-rank-<option id>`` each option's position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from engage.surveys.models import Question, QuestionKind
from engage.text import has_control_characters

OTHER = "other"
SHORT_MAX = 500
LONG_MAX = 5000
OTHER_MAX = 500
# Numbers stay within the database's integer.
NUMBER_LIMIT = 2_000_000_000


@dataclass
class AnswerValue:
    """One question's answer, checked: options in order (a ranking's from first), the
    words of "other", a number or a text."""

    options: list[int] = field(default_factory=list)
    other: str | None = None
    number: int | None = None
    text: str | None = None

    @property
    def empty(self) -> bool:
        return not self.options and self.other is None and self.number is None and not self.text


@dataclass
class Checked:
    values: dict[int, AnswerValue] = field(default_factory=dict)
    # Field id (``q-<id>``) -> the reason, shown next to it.
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_name(question: Question) -> str:
    return f"q-{question.id}"


def shown(question: Question, known: Mapping[int, AnswerValue]) -> bool:
    """A conditional question is shown when its earlier question was answered with the
    option the rule names."""
    if not question.is_conditional:
        return True
    earlier = known.get(question.condition_question_id)
    return earlier is not None and question.condition_option_id in earlier.options


def check(
    questions: Iterable[Question],
    form: Mapping,
    known: Mapping[int, AnswerValue] | None = None,
    *,
    required: bool = True,
) -> Checked:
    """Check the answers ``form`` gives to ``questions`` (one page, or the whole paper form).

    ``known`` holds answers given earlier (other pages), for conditions; answers on this
    page count too, so a rule may point to a question above on the same page. A question
    not shown is neither required nor kept. ``required=False`` (saving to finish later)
    lets required questions wait; every answer given must still fit.
    """
    result = Checked()
    known = dict(known or {})
    for question in questions:
        if not shown(question, known):
            known.pop(question.id, None)
            continue
        value, error = _check_one(question, form)
        if error:
            result.errors[field_name(question)] = error
        elif value.empty and question.required and required:
            result.errors[field_name(question)] = _required_message(question)
        elif not value.empty:
            result.values[question.id] = value
            known[question.id] = value
    return result


def _required_message(question: Question) -> str:
    return {
        QuestionKind.SINGLE: _("Choose an answer: this question needs one."),
        QuestionKind.MULTIPLE: _("Choose at least one answer: this question needs one."),
        QuestionKind.RANKING: _("Put the options in order: this question needs an answer."),
        QuestionKind.SCALE: _("Choose a point on the scale: this question needs an answer."),
        QuestionKind.NUMBER: _("Enter a number: this question needs an answer."),
    }.get(question.kind, _("Write an answer: this question needs one."))


def _getlist(form: Mapping, name: str) -> list[str]:
    if hasattr(form, "getlist"):
        return [v.strip() for v in form.getlist(name)]
    value = form.get(name)
    if value is None:
        return []
    return [v.strip() for v in (value if isinstance(value, list | tuple) else [value])]


def _get(form: Mapping, name: str) -> str:
    values = _getlist(form, name)
    return values[0] if values else ""


def _check_one(question: Question, form: Mapping) -> tuple[AnswerValue, str | None]:
    checker = {
        QuestionKind.SINGLE: _check_choices,
        QuestionKind.MULTIPLE: _check_choices,
        QuestionKind.RANKING: _check_ranking,
        QuestionKind.SCALE: _check_number,
        QuestionKind.NUMBER: _check_number,
        QuestionKind.SHORT_TEXT: _check_text,
        QuestionKind.LONG_TEXT: _check_text,
    }.get(question.kind)
    if checker is None:
        return AnswerValue(), _("This question can't be answered.")
    return checker(question, form)


def _option_ids(question: Question) -> set[int]:
    return {o.id for o in question.options}


def _check_choices(question: Question, form: Mapping) -> tuple[AnswerValue, str | None]:
    name = field_name(question)
    raw = [v for v in _getlist(form, name) if v]
    value = AnswerValue()
    if question.kind == QuestionKind.SINGLE and len(raw) > 1:
        return value, _("Choose only one answer.")
    if len(set(raw)) != len(raw):
        return value, _("Each answer can be chosen only once.")
    valid = _option_ids(question)
    for item in raw:
        if item == OTHER and question.allow_other:
            value.other = ""
            continue
        if not (item.isascii() and item.isdigit()) or int(item) not in valid:
            return AnswerValue(), _("That is not one of the answers to this question.")
        value.options.append(int(item))
    if question.kind == QuestionKind.MULTIPLE and question.max_choices:
        chosen = len(value.options) + (value.other is not None)
        if chosen > question.max_choices:
            return AnswerValue(), ngettext(
                "Choose at most %(num)d answer.",
                "Choose at most %(num)d answers.",
                question.max_choices,
            )
    if value.other is not None:
        words = _get(form, f"{name}-other")
        if not words:
            return AnswerValue(), _("You chose “Other”: say what it is, or choose another answer.")
        if len(words) > OTHER_MAX or has_control_characters(words):
            return AnswerValue(), _(
                "Say what “Other” is on one line, in at most %(max)d characters.", max=OTHER_MAX
            )
        value.other = words
    return value, None


def _check_ranking(question: Question, form: Mapping) -> tuple[AnswerValue, str | None]:
    name = field_name(question)
    prefix = f"{name}-rank-"
    options = question.options
    valid = _option_ids(question)
    count = len(options)
    names = [k for k in form if k.startswith(prefix)]
    for key in names:
        suffix = key[len(prefix) :]
        if not (suffix.isascii() and suffix.isdigit()) or int(suffix) not in valid:
            return AnswerValue(), _("That is not one of the options to put in order.")
    positions: dict[int, int] = {}
    for option in options:
        raw = _get(form, f"{prefix}{option.id}")
        if not raw:
            continue
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= count:
            return AnswerValue(), _("Give each option a position from 1 to %(max)d.", max=count)
        positions[option.id] = int(raw)
    if not positions:
        return AnswerValue(), None
    if len(positions) != count:
        return AnswerValue(), _(
            "Give every option a position from 1 to %(max)d, or leave them all empty.",
            max=count,
        )
    if len(set(positions.values())) != count:
        return AnswerValue(), _(
            "Two options have the same position. Give each option a different position."
        )
    ordered = sorted(positions, key=positions.__getitem__)
    return AnswerValue(options=ordered), None


def _check_number(question: Question, form: Mapping) -> tuple[AnswerValue, str | None]:
    raw = _get(form, field_name(question))
    if not raw:
        return AnswerValue(), None
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 10:
        if question.kind == QuestionKind.SCALE:
            return AnswerValue(), _("Choose one of the points on the scale.")
        return AnswerValue(), _("Enter a whole number, like 12.")
    number = int(raw)
    low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
    high = question.max_value if question.max_value is not None else NUMBER_LIMIT
    if not low <= number <= high:
        if question.kind == QuestionKind.SCALE:
            return AnswerValue(), _("Choose one of the points on the scale.")
        return AnswerValue(), _("Enter a number from %(low)d to %(high)d.", low=low, high=high)
    return AnswerValue(number=number), None


def _check_text(question: Question, form: Mapping) -> tuple[AnswerValue, str | None]:
    raw = _get(form, field_name(question))
    if not raw:
        return AnswerValue(), None
    if question.kind == QuestionKind.SHORT_TEXT:
        if len(raw) > SHORT_MAX:
            return AnswerValue(), _("Write at most %(max)d characters.", max=SHORT_MAX)
        if has_control_characters(raw):
            return AnswerValue(), _("Write your answer on one line.")
    else:
        if len(raw) > LONG_MAX:
            return AnswerValue(), _("Write at most %(max)d characters.", max=LONG_MAX)
        if has_control_characters(raw, multiline=True):
            return AnswerValue(), _("Your answer has characters that can't be kept.")
    return AnswerValue(text=raw), None
