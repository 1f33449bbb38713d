"""Questions and options in the reader's language, like a consultation's other texts:
a translation where an official wrote one, else the original."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import get_locale
from sqlalchemy import select

from engage.consultations.translations import original_locale
from engage.extensions import db
from engage.surveys.models import OptionTranslation, Question, QuestionOption, QuestionTranslation


class QuestionTexts:
    """Looks up texts of the given questions in one locale (two queries, whatever their
    number)."""

    def __init__(self, questions: Iterable[Question], locale: str | None = None) -> None:
        self.questions = {q.id: q for q in questions}
        self.options = {o.id: o for q in self.questions.values() for o in q.options}
        self.locale = locale or str(get_locale())
        self._q: dict[int, QuestionTranslation] = {}
        self._o: dict[int, OptionTranslation] = {}
        if self.locale != original_locale() and self.questions:
            self._q = {
                t.question_id: t
                for t in db.session.scalars(
                    select(QuestionTranslation).where(
                        QuestionTranslation.locale == self.locale,
                        QuestionTranslation.question_id.in_(self.questions),
                    )
                )
            }
            if self.options:
                self._o = {
                    t.option_id: t
                    for t in db.session.scalars(
                        select(OptionTranslation).where(
                            OptionTranslation.locale == self.locale,
                            OptionTranslation.option_id.in_(self.options),
                        )
                    )
                }

    def translation(self, question: Question) -> QuestionTranslation | None:
        return self._q.get(question.id)

    def option_translation(self, option: QuestionOption) -> OptionTranslation | None:
        return self._o.get(option.id)

    def _text(self, question: Question, name: str) -> str:
        translated = getattr(self._q.get(question.id), name, "") or ""
        return translated or getattr(question, name)

    def prompt(self, question: Question) -> str:
        return self._text(question, "prompt")

    def help_text(self, question: Question) -> str:
        return self._text(question, "help_text")

    def min_label(self, question: Question) -> str:
        return self._text(question, "min_label")

    def max_label(self, question: Question) -> str:
        return self._text(question, "max_label")

    def option(self, option: QuestionOption) -> str:
        translated = getattr(self._o.get(option.id), "label", "") or ""
        return translated or option.label

    def option_by_id(self, option_id: int | None) -> str:
        option = self.options.get(option_id)
        return self.option(option) if option else ""

    def condition_prompt(self, question: Question) -> str:
        earlier = self.questions.get(question.condition_question_id)
        return self.prompt(earlier) if earlier else ""

    def condition_option(self, question: Question) -> str:
        return self.option_by_id(question.condition_option_id)
