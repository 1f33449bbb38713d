"""What the outcome report can cite from the consultation's surveys and polls: any
question's results, as Markdown the official adds to "what we heard" (the same figures as
the results page, in the reader's language)."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from engage.surveys import queries
from engage.surveys.models import Question, QuestionKind, Questionnaire
from engage.surveys.results import results
from engage.surveys.texts import QuestionTexts


def citable(consultation) -> list[tuple[Questionnaire, list[Question]]]:
    """Each published questionnaire of the consultation with its questions."""
    return [
        (questionnaire, queries.questions_of(questionnaire))
        for questionnaire in queries.published_questionnaires(consultation)
    ]


def citation(consultation, question_id: int | None) -> str:
    """One question's results as Markdown, or "" when the consultation has no such question."""
    for questionnaire, questions in citable(consultation):
        question = next((q for q in questions if q.id == question_id), None)
        if question is not None:
            return _markdown(questionnaire, question, QuestionTexts(questions))
    return ""


def _number(value) -> str:
    return format_decimal(value, locale=get_locale())


def _markdown(questionnaire: Questionnaire, question: Question, texts: QuestionTexts) -> str:
    result = results([question], texts.option)[0]
    lines = [
        _(
            "“%(question)s” (%(questionnaire)s):",
            question=texts.prompt(question),
            questionnaire=questionnaire.title,
        )
        + " "
        + ngettext("%(num)d person answered.", "%(num)d people answered.", result.answered),
        "",
    ]
    if question.kind == QuestionKind.RANKING:
        for option in sorted(result.options, key=lambda o: -o.borda):
            lines.append(
                "- "
                + _(
                    "%(option)s: Borda score %(score)s, ranked first by %(first)s",
                    option=option.label,
                    score=_number(option.borda),
                    first=_number(option.first),
                )
            )
    elif question.is_choice:
        for option in result.options:
            lines.append(
                f"- {option.label or _('Other')}: {_number(option.count)} "
                f"({_number(option.percent)}%)"
            )
    elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        if result.median is not None:
            lines.append(_("Median: %(value)s", value=_number(result.median)))
        if question.kind == QuestionKind.SCALE:
            lines.append("")
            lines += [
                f"- {value}: {_number(count)}" for value, count in result.distribution if count
            ]
    if question.is_text or question.allow_other:
        lines.append("")
        lines.append(
            ngettext(
                "%(num)d text answer is published.",
                "%(num)d text answers are published.",
                result.text_count,
            )
        )
    return "\n".join(lines).strip()
